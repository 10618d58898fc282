import { InvalidArgument } from './errors';
import { parseWith } from './input';
import type { OfferRecord, PriceRecord, ProviderShare } from './offer';
import type { Threshold } from './voting';
import { Proposal } from '../schemas/proposal';

/** A consensus decision about an offer, applied in the transaction that reaches its threshold. */

export type OfferChange =
  | { type: 'admit-provider'; provider: string; shares: ProviderShare[] }
  | { type: 'change-price'; price: PriceRecord }
  | { type: 'change-shares'; shares: ProviderShare[] }
  | { type: 'withdraw' };

export const DEFAULT_VOTING_SECONDS = 7 * 86_400;

export interface ProposalInput {
  proposalId: string;
  offerId: string;
  change: OfferChange;
  threshold: Threshold;
  deadline?: number;
}

export function parseProposalInput(value: unknown): ProposalInput {
  return parseWith(Proposal, 'proposal', value);
}

/** Checks that `change` fits `offer` as it stands; returns the reason when it does not. */
export function changeConflict(offer: OfferRecord, change: OfferChange): string | undefined {
  if (offer.status === 'withdrawn') {
    return `offer ${offer.offerId} is withdrawn`;
  }
  const current = offer.providers.map((provider) => provider.mspId);
  const sameSet = (shares: ProviderShare[], expected: string[]): boolean =>
    shares.length === expected.length && shares.every((share) => expected.includes(share.mspId));
  switch (change.type) {
    case 'admit-provider':
      if (current.includes(change.provider)) {
        return `${change.provider} is already a provider of offer ${offer.offerId}`;
      }
      return sameSet(change.shares, [...current, change.provider])
        ? undefined
        : `the shares must name exactly the providers ${[...current, change.provider].sort().join(', ')}`;
    case 'change-shares':
      return sameSet(change.shares, current)
        ? undefined
        : `the shares must name exactly the providers ${[...current].sort().join(', ')}`;
    case 'change-price':
      return change.price.model === offer.price.model
        ? undefined
        : `the pricing model of offer ${offer.offerId} is ${offer.price.model} and cannot change to ${change.price.model}`;
    case 'withdraw':
      return undefined;
  }
}

/**
 * The offer after the change; later acceptances only are affected. A
 * provider whose share changes must approve the offer again before it can be
 * accepted: a vote may decide a share, but each provider confirms its own.
 */
export function applyChange(offer: OfferRecord, change: OfferChange, now: number): OfferRecord {
  const withShares = (shares: ProviderShare[]): OfferRecord['providers'] =>
    shares.map((share) => {
      const current = offer.providers.find((provider) => provider.mspId === share.mspId);
      return current?.payoutAccount !== undefined && current.shareBp === share.shareBp
        ? { ...share, payoutAccount: current.payoutAccount }
        : { ...share };
    });
  switch (change.type) {
    case 'admit-provider':
    case 'change-shares':
      return { ...offer, providers: withShares(change.shares), updatedAt: now };
    case 'change-price':
      return { ...offer, price: change.price, updatedAt: now };
    case 'withdraw':
      return { ...offer, status: 'withdrawn', updatedAt: now };
  }
}

export function checkDeadline(deadline: number, now: number): void {
  if (deadline <= now) {
    throw new InvalidArgument('proposal.deadline', 'must lie in the future');
  }
}
