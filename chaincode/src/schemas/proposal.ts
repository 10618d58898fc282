import { z } from 'zod';
import { Price, Shares } from './offer';
import { Identifier, Instant, MspId, oneOf } from './scalars';
import { closedObject, variantIssue } from './structure';

/** A consensus decision about an offer: its voters are always the offer's providers. */

export const CHANGE_TYPES = [
  'admit-provider',
  'change-price',
  'change-shares',
  'withdraw',
] as const;
export const THRESHOLDS = ['majority', 'unanimity'] as const;

export const OfferChange = z.discriminatedUnion(
  'type',
  [
    closedObject({ type: z.literal('admit-provider'), provider: MspId, shares: Shares }),
    closedObject({ type: z.literal('change-price'), price: Price }),
    closedObject({ type: z.literal('change-shares'), shares: Shares }),
    closedObject({ type: z.literal('withdraw') }),
  ],
  { error: variantIssue('type', CHANGE_TYPES) },
);

export const Proposal = closedObject({
  proposalId: Identifier,
  offerId: Identifier,
  change: OfferChange,
  threshold: oneOf(THRESHOLDS).optional(),
  deadline: Instant.optional(),
}).transform((proposal) => ({
  proposalId: proposal.proposalId,
  offerId: proposal.offerId,
  change: proposal.change,
  threshold: proposal.threshold ?? 'majority',
  ...(proposal.deadline === undefined ? {} : { deadline: proposal.deadline }),
}));
