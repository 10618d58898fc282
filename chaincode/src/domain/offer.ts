import { parseJsonWith, parseWith } from './input';
import { depositFor, type PriceTerms, type PricingModel } from './pricing';
import type { Constraints } from './constraints';
import { Approval, Offer, Price, Shares } from '../schemas/offer';

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

export {
  DEFAULT_DISPUTE_SECONDS,
  DEFAULT_MIN_COVERAGE_BP,
  DEFAULT_SETTLEMENT_GRACE_SECONDS,
  MAX_AGREEMENT_SECONDS,
  PRICE_FIELDS,
} from '../schemas/offer';

/** A provider's approval: the share it confirms and, optionally, the account it is paid into. */
export interface ApprovalInput {
  shareBp: number;
  payoutAccount?: string;
}

export function parseOfferInput(value: unknown, creatorMsp: string): OfferInput {
  const { providers, ...offer } = parseWith(Offer, 'offer', value);
  return { ...offer, providers: providers ?? [{ mspId: creatorMsp, shareBp: 10_000 }] };
}

/** `offers:Approve`'s argument. */
export function parseApproval(text: string): ApprovalInput {
  return parseJsonWith(Approval, 'approvalJson', text);
}

/** Price terms on their own (a proposed change of price); only the fields of their model are accepted. */
export function parsePrice(field: string, value: unknown): PriceRecord {
  return parseWith(Price, field, value);
}

/** Shares of 1 to 20 providers, each once, adding up to 10000 bp; sorted by MSP id. */
export function parseShares(field: string, value: unknown): ProviderShare[] {
  return parseWith(Shares, field, value);
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
