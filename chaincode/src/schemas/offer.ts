import { z } from 'zod';
import { compareBytes } from '../domain/division';
import { PRICING_MODELS, type PricingModel } from '../domain/pricing';
import { Constraints } from './constraints';
import {
  AccountId,
  Amount,
  BasisPoints,
  Identifier,
  integerIn,
  MspId,
  oneOf,
  PositiveAmount,
} from './scalars';
import { closedObject, listOf, uniqueBy } from './structure';
import { freeText } from './text';

/** Offers, their price terms and shares, and a provider's approval. */

export const DEFAULT_SETTLEMENT_GRACE_SECONDS = 3600;
/** Below 90 % of its periods measured, a service's availability is no evidence: the agreement is disputed. */
export const DEFAULT_MIN_COVERAGE_BP = 9000;
export const DEFAULT_DISPUTE_SECONDS = 30 * 86_400;
/** The longest an agreement may run (its lock time after acceptance). */
export const MAX_AGREEMENT_SECONDS = 366 * 86_400;
export const MAX_PROVIDERS = 20;
export const MAX_OFFER_SERVICES = 20;

const PRICE_SHAPE = {
  model: oneOf(PRICING_MODELS),
  price: PositiveAmount.optional(),
  pricePerMinute: PositiveAmount.optional(),
  minutes: integerIn(1, 10_000_000).optional(),
  minimumCharge: Amount.optional(),
  maxPeriodSeconds: integerIn(60, MAX_AGREEMENT_SECONDS),
};

export const PRICE_FIELDS = Object.keys(PRICE_SHAPE);

/** Which of the optional price fields each model takes; it refuses the others. */
const MODEL_FIELDS = new Map<PricingModel, readonly string[]>([
  ['fixed', ['price']],
  ['dynamic', ['price']],
  ['prepaid-minutes', ['pricePerMinute', 'minutes']],
  ['flexible-period', ['price', 'minimumCharge']],
]);
const OPTIONAL_PRICE_FIELDS = ['price', 'pricePerMinute', 'minutes', 'minimumCharge'] as const;

type PriceFields = z.output<z.ZodObject<typeof PRICE_SHAPE>>;

/** Price terms as stored (money as decimal strings), or undefined with an issue added. */
function priceRecordOf(fields: PriceFields, ctx: z.RefinementCtx) {
  const wanted = MODEL_FIELDS.get(fields.model) ?? [];
  for (const name of OPTIONAL_PRICE_FIELDS) {
    const given = fields[name] !== undefined;
    if (wanted.includes(name) !== given) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: given
          ? `does not apply to the ${fields.model} pricing model`
          : `is required by the ${fields.model} pricing model`,
      });
      return undefined;
    }
  }
  if (
    fields.minimumCharge !== undefined &&
    BigInt(fields.minimumCharge) > BigInt(fields.price ?? '0')
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['minimumCharge'],
      message: `(${fields.minimumCharge}) must not exceed the deposit, which is the price for the maximum period (${fields.price ?? '0'})`,
    });
    return undefined;
  }
  return {
    model: fields.model,
    ...(fields.price === undefined ? {} : { price: fields.price }),
    ...(fields.pricePerMinute === undefined ? {} : { pricePerMinute: fields.pricePerMinute }),
    ...(fields.minutes === undefined ? {} : { minutes: fields.minutes }),
    ...(fields.minimumCharge === undefined ? {} : { minimumCharge: fields.minimumCharge }),
    maxPeriodSeconds: fields.maxPeriodSeconds,
  };
}

/** Price terms on their own, as a change of price proposes them. */
export const Price = closedObject(PRICE_SHAPE).transform(
  (fields, ctx) => priceRecordOf(fields, ctx) ?? z.NEVER,
);

export const ProviderShare = closedObject({ mspId: MspId, shareBp: BasisPoints });

/** Each provider once, adding up to 10000 bp; sorted by MSP id (bytes). */
export const Shares = listOf(ProviderShare, 1, MAX_PROVIDERS)
  .superRefine(uniqueBy((share) => share.mspId, 'show-key'))
  .superRefine((shares, ctx) => {
    const total = shares.reduce((sum, share) => sum + share.shareBp, 0);
    if (total !== 10_000) {
      ctx.addIssue({
        code: 'custom',
        message: `shares must add up to 10000 bp, they add up to ${total}`,
      });
    }
  })
  .transform((shares) =>
    shares
      .map((share) => ({ mspId: share.mspId, shareBp: share.shareBp }))
      .sort((a, b) => compareBytes(a.mspId, b.mspId)),
  );

const SortedIdentifiers = listOf(Identifier, 0, MAX_OFFER_SERVICES)
  .superRefine(uniqueBy((key) => key, 'show-key'))
  .transform((keys) => [...keys].sort());

const SortedMspIds = listOf(MspId, 1, 50)
  .superRefine(uniqueBy((id) => id, 'show-key'))
  .transform((ids) => [...ids].sort());

/**
 * An offer as its creator sends it. Without `providers` the creator is the
 * sole provider (the caller fills that in).
 */
export const Offer = closedObject({
  offerId: Identifier,
  title: freeText(256).optional(),
  ...PRICE_SHAPE,
  providers: Shares.optional(),
  services: SortedIdentifiers.optional(),
  constraints: Constraints.optional(),
  consumers: SortedMspIds.optional(),
  maxAcceptances: integerIn(1, 1_000_000).optional(),
  maxSessions: integerIn(1, 1_000_000).optional(),
  settlementGraceSeconds: integerIn(0, 30 * 86_400).optional(),
  minCoverageBp: BasisPoints.optional(),
  arbiter: MspId.optional(),
  disputeSeconds: integerIn(3600, 366 * 86_400).optional(),
  payoutAccount: AccountId.optional(),
}).transform((offer, ctx) => {
  const price = priceRecordOf(offer, ctx);
  if (price === undefined) return z.NEVER;
  return {
    offerId: offer.offerId,
    ...(offer.title === undefined ? {} : { title: offer.title }),
    price,
    ...(offer.providers === undefined ? {} : { providers: offer.providers }),
    services: offer.services ?? [],
    constraints: offer.constraints ?? {},
    ...(offer.consumers === undefined ? {} : { consumers: offer.consumers }),
    ...(offer.maxAcceptances === undefined ? {} : { maxAcceptances: offer.maxAcceptances }),
    ...(offer.maxSessions === undefined ? {} : { maxSessions: offer.maxSessions }),
    settlementGraceSeconds: offer.settlementGraceSeconds ?? DEFAULT_SETTLEMENT_GRACE_SECONDS,
    minCoverageBp: offer.minCoverageBp ?? DEFAULT_MIN_COVERAGE_BP,
    ...(offer.arbiter === undefined ? {} : { arbiter: offer.arbiter }),
    disputeSeconds: offer.disputeSeconds ?? DEFAULT_DISPUTE_SECONDS,
    ...(offer.payoutAccount === undefined ? {} : { payoutAccount: offer.payoutAccount }),
  };
});

/** A provider confirms its share and names the account it is paid into (by default its own). */
export const Approval = closedObject({
  shareBp: BasisPoints,
  payoutAccount: AccountId.optional(),
}).transform((approval) => ({
  shareBp: approval.shareBp,
  ...(approval.payoutAccount === undefined ? {} : { payoutAccount: approval.payoutAccount }),
}));
