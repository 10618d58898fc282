import { InvalidArgument } from './errors';
import { arrayOf, asObject, integerIn, join, onlyKnownFields, optionalIntegerIn } from './input';
import { basisPoints } from './money';
import { isAligned, parseInstant } from './time';

/** Service-level terms: how availability is measured and what it costs the providers to miss it. */

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

export const DEFAULT_PERIOD_SECONDS = 60;
export const DEFAULT_SETTLE_LAG_SECONDS = 600;
/** The network accepts client timestamps up to one minute off, and monitors need at least another minute. */
export const MIN_SETTLE_LAG_SECONDS = 120;
export const MAX_MEASUREMENT_PERIOD_SECONDS = 86_400;

const SLA_FIELDS = [
  'periodSeconds',
  'promisedAvailabilityBp',
  'creditTiers',
  'fullRefundBelowBp',
  'measuredFrom',
  'settleLagSeconds',
];

export function parseSla(field: string, value: unknown): SlaTerms {
  const sla = asObject(field, value);
  onlyKnownFields(field, sla, SLA_FIELDS);
  const periodSeconds = optionalIntegerIn(
    join(field, 'periodSeconds'),
    sla.periodSeconds,
    60,
    MAX_MEASUREMENT_PERIOD_SECONDS,
    DEFAULT_PERIOD_SECONDS,
  );
  if (periodSeconds % 60 !== 0) {
    throw new InvalidArgument(
      join(field, 'periodSeconds'),
      `must be a whole number of minutes, got ${periodSeconds}`,
    );
  }
  const promisedAvailabilityBp = basisPoints(
    join(field, 'promisedAvailabilityBp'),
    sla.promisedAvailabilityBp,
  );
  const creditTiers = parseCreditTiers(
    join(field, 'creditTiers'),
    sla.creditTiers,
    promisedAvailabilityBp,
  );
  const fullRefundBelowBp =
    sla.fullRefundBelowBp === undefined
      ? undefined
      : basisPoints(join(field, 'fullRefundBelowBp'), sla.fullRefundBelowBp);
  if (fullRefundBelowBp !== undefined && fullRefundBelowBp > promisedAvailabilityBp) {
    throw new InvalidArgument(
      join(field, 'fullRefundBelowBp'),
      `must not exceed promisedAvailabilityBp (${promisedAvailabilityBp}), got ${fullRefundBelowBp}`,
    );
  }
  const measuredFrom = parseInstant(join(field, 'measuredFrom'), sla.measuredFrom);
  if (!isAligned(measuredFrom, periodSeconds)) {
    throw new InvalidArgument(
      join(field, 'measuredFrom'),
      `must be aligned to the period of ${periodSeconds} s (a multiple of it since the Unix epoch)`,
    );
  }
  const settleLagSeconds = optionalIntegerIn(
    join(field, 'settleLagSeconds'),
    sla.settleLagSeconds,
    MIN_SETTLE_LAG_SECONDS,
    7 * 86_400,
    DEFAULT_SETTLE_LAG_SECONDS,
  );
  return {
    periodSeconds,
    promisedAvailabilityBp,
    creditTiers,
    ...(fullRefundBelowBp === undefined ? {} : { fullRefundBelowBp }),
    measuredFrom,
    settleLagSeconds,
  };
}

function parseCreditTiers(field: string, value: unknown, promisedBp: number): CreditTier[] {
  const tiers = arrayOf(field, value ?? [], parseTier, { min: 0, max: 20 });
  tiers.sort((a, b) => b.belowBp - a.belowBp);
  tiers.forEach((tier, index) => {
    const previous = tiers[index - 1];
    if (previous && previous.belowBp === tier.belowBp) {
      throw new InvalidArgument(field, `has two tiers below ${tier.belowBp} bp`);
    }
    if (previous && previous.creditBp > tier.creditBp) {
      throw new InvalidArgument(
        field,
        `must credit at least as much for lower availability: below ${tier.belowBp} bp credits ${tier.creditBp} bp, less than ${previous.creditBp} bp below ${previous.belowBp} bp`,
      );
    }
  });
  const highest = tiers[0];
  if (highest && highest.belowBp !== promisedBp) {
    throw new InvalidArgument(
      field,
      `must start at the promised availability: the highest belowBp is ${highest.belowBp}, the promise ${promisedBp}`,
    );
  }
  return tiers;
}

function parseTier(field: string, value: unknown): CreditTier {
  const tier = asObject(field, value);
  onlyKnownFields(field, tier, ['belowBp', 'creditBp']);
  return {
    belowBp: integerIn(join(field, 'belowBp'), tier.belowBp, 1, 10_000),
    creditBp: basisPoints(join(field, 'creditBp'), tier.creditBp),
  };
}
