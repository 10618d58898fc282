import { InvalidArgument } from './errors';
import {
  arrayOf,
  asObject,
  identifier,
  integerIn,
  join,
  mspId,
  oneOf,
  onlyKnownFields,
  optionalIntegerIn,
  optionalString,
  uniqueBy,
  type JsonObject,
} from './input';
import { basisPoints, formatAmount, parseAmount } from './money';
import { PRICING_MODELS, depositFor, type PriceTerms, type PricingModel } from './pricing';
import { parseConstraints, type Constraints } from './constraints';
import { parseAccountId } from './accounts';
import { compareBytes } from './division';

/** An offer is a template that consumers accept, each acceptance making an agreement. */

/** Price terms as stored: money as decimal strings. */
export interface PriceRecord {
  model: PricingModel;
  price?: string;
  pricePerMinute?: string;
  minutes?: number;
  minimumCharge?: string;
  maxPeriodSeconds: number;
}

export interface ProviderShare {
  mspId: string;
  shareBp: number;
}

export interface OfferProvider extends ProviderShare {
  /** Set when the provider approves the offer; the offer is acceptable once all have. */
  payoutAccount?: string;
}

export interface OfferRecord {
  offerId: string;
  title?: string;
  price: PriceRecord;
  providers: OfferProvider[];
  services: string[];
  constraints: Constraints;
  consumers?: string[];
  maxAcceptances?: number;
  maxSessions?: number;
  settlementGraceSeconds: number;
  /** Below this share of its periods measured, a linked service puts the agreement in dispute. */
  minCoverageBp: number;
  /** The organisation that may resolve a dispute alone once its deadline has passed. */
  arbiter?: string;
  /** How long the parties have to resolve a dispute before the arbiter may. */
  disputeSeconds: number;
  status: 'open' | 'withdrawn';
  /** Grows by one with every change; `Accept` names the version the consumer saw. */
  version: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** What the creator sends: the record's terms, the shares, and the creator's payout account. */
export type OfferInput = Omit<
  OfferRecord,
  'providers' | 'status' | 'version' | 'createdBy' | 'createdAt' | 'updatedAt'
> & {
  providers: ProviderShare[];
  payoutAccount?: string;
};

export const DEFAULT_SETTLEMENT_GRACE_SECONDS = 3600;
/** Below 90 % of its periods measured, a service's availability is no evidence: the agreement is disputed. */
export const DEFAULT_MIN_COVERAGE_BP = 9000;
export const DEFAULT_DISPUTE_SECONDS = 30 * 86_400;
/** The longest an agreement may run (its lock time after acceptance). */
export const MAX_AGREEMENT_SECONDS = 366 * 86_400;
export const PRICE_FIELDS = [
  'model',
  'price',
  'pricePerMinute',
  'minutes',
  'minimumCharge',
  'maxPeriodSeconds',
];
const OFFER_FIELDS = [
  'offerId',
  'title',
  ...PRICE_FIELDS,
  'providers',
  'services',
  'constraints',
  'consumers',
  'maxAcceptances',
  'maxSessions',
  'settlementGraceSeconds',
  'minCoverageBp',
  'arbiter',
  'disputeSeconds',
  'payoutAccount',
];

export function parseOfferInput(value: unknown, creatorMsp: string): OfferInput {
  const offer = asObject('offer', value);
  onlyKnownFields('offer', offer, OFFER_FIELDS);
  const providers =
    offer.providers === undefined
      ? [{ mspId: creatorMsp, shareBp: 10_000 }]
      : parseShares('offer.providers', offer.providers);
  const services = arrayOf('offer.services', offer.services ?? [], identifier, { min: 0, max: 20 });
  uniqueBy('offer.services', services, (key) => key);
  const consumers =
    offer.consumers === undefined
      ? undefined
      : arrayOf('offer.consumers', offer.consumers, mspId, { min: 1, max: 50 });
  if (consumers) uniqueBy('offer.consumers', consumers, (id) => id);
  const title = optionalString('offer.title', offer.title, 256);
  const maxAcceptances =
    offer.maxAcceptances === undefined
      ? undefined
      : integerIn('offer.maxAcceptances', offer.maxAcceptances, 1, 1_000_000);
  const maxSessions =
    offer.maxSessions === undefined
      ? undefined
      : integerIn('offer.maxSessions', offer.maxSessions, 1, 1_000_000);
  const arbiter = offer.arbiter === undefined ? undefined : mspId('offer.arbiter', offer.arbiter);
  const payoutAccount =
    offer.payoutAccount === undefined
      ? undefined
      : parseAccountId('offer.payoutAccount', offer.payoutAccount);
  return {
    offerId: identifier('offer.offerId', offer.offerId),
    ...(title === undefined ? {} : { title }),
    price: parsePrice('offer', offer),
    providers,
    services: [...services].sort(),
    constraints: parseConstraints('offer.constraints', offer.constraints),
    ...(consumers === undefined ? {} : { consumers: [...consumers].sort() }),
    ...(maxAcceptances === undefined ? {} : { maxAcceptances }),
    ...(maxSessions === undefined ? {} : { maxSessions }),
    settlementGraceSeconds: optionalIntegerIn(
      'offer.settlementGraceSeconds',
      offer.settlementGraceSeconds,
      0,
      30 * 86_400,
      DEFAULT_SETTLEMENT_GRACE_SECONDS,
    ),
    minCoverageBp:
      offer.minCoverageBp === undefined
        ? DEFAULT_MIN_COVERAGE_BP
        : basisPoints('offer.minCoverageBp', offer.minCoverageBp),
    ...(arbiter === undefined ? {} : { arbiter }),
    disputeSeconds: optionalIntegerIn(
      'offer.disputeSeconds',
      offer.disputeSeconds,
      3600,
      366 * 86_400,
      DEFAULT_DISPUTE_SECONDS,
    ),
    ...(payoutAccount === undefined ? {} : { payoutAccount }),
  };
}

/** Price terms from the fields of `source`; only the fields its model uses are accepted. */
export function parsePrice(field: string, source: JsonObject): PriceRecord {
  const model = oneOf(join(field, 'model'), source.model, PRICING_MODELS);
  const maxPeriodSeconds = integerIn(
    join(field, 'maxPeriodSeconds'),
    source.maxPeriodSeconds,
    60,
    MAX_AGREEMENT_SECONDS,
  );
  const required: Record<PricingModel, string[]> = {
    fixed: ['price'],
    dynamic: ['price'],
    'prepaid-minutes': ['pricePerMinute', 'minutes'],
    'flexible-period': ['price', 'minimumCharge'],
  };
  for (const name of ['price', 'pricePerMinute', 'minutes', 'minimumCharge']) {
    const wanted = required[model].includes(name);
    if (wanted && source[name] === undefined) {
      throw new InvalidArgument(join(field, name), `is required by the ${model} pricing model`);
    }
    if (!wanted && source[name] !== undefined) {
      throw new InvalidArgument(join(field, name), `does not apply to the ${model} pricing model`);
    }
  }
  const record: PriceRecord = { model, maxPeriodSeconds };
  if (source.price !== undefined)
    record.price = formatAmount(parseAmount(join(field, 'price'), source.price));
  if (source.pricePerMinute !== undefined) {
    record.pricePerMinute = formatAmount(
      parseAmount(join(field, 'pricePerMinute'), source.pricePerMinute),
    );
  }
  if (source.minutes !== undefined)
    record.minutes = integerIn(join(field, 'minutes'), source.minutes, 1, 10_000_000);
  if (source.minimumCharge !== undefined) {
    const minimum = parseAmount(join(field, 'minimumCharge'), source.minimumCharge, {
      allowZero: true,
    });
    if (minimum > BigInt(record.price ?? '0')) {
      throw new InvalidArgument(
        join(field, 'minimumCharge'),
        `(${minimum}) must not exceed the deposit, which is the price for the maximum period (${record.price})`,
      );
    }
    record.minimumCharge = formatAmount(minimum);
  }
  return record;
}

export function parseShares(field: string, value: unknown): ProviderShare[] {
  const shares = arrayOf(
    field,
    value,
    (entryField, entry) => {
      const share = asObject(entryField, entry);
      onlyKnownFields(entryField, share, ['mspId', 'shareBp']);
      return {
        mspId: mspId(join(entryField, 'mspId'), share.mspId),
        shareBp: basisPoints(join(entryField, 'shareBp'), share.shareBp),
      };
    },
    { min: 1, max: 20 },
  );
  uniqueBy(field, shares, (share) => share.mspId);
  const total = shares.reduce((sum, share) => sum + share.shareBp, 0);
  if (total !== 10_000) {
    throw new InvalidArgument(field, `shares must add up to 10000 bp, they add up to ${total}`);
  }
  return [...shares].sort((a, b) => compareBytes(a.mspId, b.mspId));
}

export function toPriceTerms(record: PriceRecord): PriceTerms {
  const amount = (value: string | undefined): bigint => {
    if (value === undefined) {
      throw new RangeError(`the ${record.model} price terms lack an amount`);
    }
    return BigInt(value);
  };
  switch (record.model) {
    case 'fixed':
    case 'dynamic':
      return {
        model: record.model,
        price: amount(record.price),
        maxPeriodSeconds: record.maxPeriodSeconds,
      };
    case 'prepaid-minutes':
      return {
        model: record.model,
        pricePerMinute: amount(record.pricePerMinute),
        minutes: record.minutes ?? Number.NaN,
        maxPeriodSeconds: record.maxPeriodSeconds,
      };
    case 'flexible-period':
      return {
        model: record.model,
        price: amount(record.price),
        minimumCharge: amount(record.minimumCharge),
        maxPeriodSeconds: record.maxPeriodSeconds,
      };
  }
}

export function depositOf(record: PriceRecord): bigint {
  return depositFor(toPriceTerms(record));
}

export function isProvider(offer: Pick<OfferRecord, 'providers'>, msp: string): boolean {
  return offer.providers.some((provider) => provider.mspId === msp);
}

export function unapprovedProviders(offer: Pick<OfferRecord, 'providers'>): string[] {
  return offer.providers
    .filter((provider) => provider.payoutAccount === undefined)
    .map((p) => p.mspId);
}
