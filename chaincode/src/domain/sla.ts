import { parseWith } from './input';
import { Sla } from '../schemas/sla';

/** Service-level terms: how availability is measured and what it costs the providers to miss it. */

export {
  DEFAULT_PERIOD_SECONDS,
  DEFAULT_SETTLE_LAG_SECONDS,
  MAX_MEASUREMENT_PERIOD_SECONDS,
  MIN_SETTLE_LAG_SECONDS,
} from '../schemas/sla';

export interface CreditTier {
  /** The tier applies when availability is strictly below this (basis points). */
  belowBp: number;
  /** Share of the charge credited to the consumer (basis points). */
  creditBp: number;
}

export interface SlaTerms {
  periodSeconds: number;
  promisedAvailabilityBp: number;
  /** Sorted by `belowBp`, highest first; the first one's `belowBp` is the promise. */
  creditTiers: CreditTier[];
  /** Everything is refunded when availability is strictly below this. */
  fullRefundBelowBp?: number;
  /** Seconds since the epoch, aligned to the period. */
  measuredFrom: number;
  /** How long after a period ends before it may be read (timestamp margin + monitor delay). */
  settleLagSeconds: number;
}

export function parseSla(field: string, value: unknown): SlaTerms {
  return parseWith(Sla, field, value);
}
