import { z } from 'zod';
import { BasisPoints, Instant, integerIn } from './scalars';
import { closedObject, listOf } from './structure';

/** Service-level terms: how availability is measured and what missing it costs the providers. */

export const DEFAULT_PERIOD_SECONDS = 60;
export const DEFAULT_SETTLE_LAG_SECONDS = 600;
/** The network accepts client timestamps up to one minute off, and monitors need at least another minute. */
export const MIN_SETTLE_LAG_SECONDS = 120;
export const MAX_SETTLE_LAG_SECONDS = 7 * 86_400;
export const MAX_MEASUREMENT_PERIOD_SECONDS = 86_400;
export const MAX_CREDIT_TIERS = 20;

export const CreditTier = closedObject({
  /** The tier applies when availability is strictly below this. */
  belowBp: integerIn(1, 10_000),
  /** Share of the charge credited to the consumer. */
  creditBp: BasisPoints,
});

type Tier = z.output<typeof CreditTier>;

export const Sla = closedObject({
  periodSeconds: integerIn(60, MAX_MEASUREMENT_PERIOD_SECONDS)
    .refine((seconds) => seconds % 60 === 0, {
      error: (issue) => `must be a whole number of minutes, got ${String(issue.input)}`,
    })
    .optional(),
  promisedAvailabilityBp: BasisPoints,
  creditTiers: listOf(CreditTier, 0, MAX_CREDIT_TIERS).optional(),
  fullRefundBelowBp: BasisPoints.optional(),
  measuredFrom: Instant,
  settleLagSeconds: integerIn(MIN_SETTLE_LAG_SECONDS, MAX_SETTLE_LAG_SECONDS).optional(),
}).transform((sla, ctx) => {
  const periodSeconds = sla.periodSeconds ?? DEFAULT_PERIOD_SECONDS;
  const promisedAvailabilityBp = sla.promisedAvailabilityBp;
  const creditTiers = [...(sla.creditTiers ?? [])].sort((a, b) => b.belowBp - a.belowBp);
  const tiersProblem = creditTiersProblem(creditTiers, promisedAvailabilityBp);
  if (tiersProblem !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['creditTiers'], message: tiersProblem });
    return z.NEVER;
  }
  const fullRefundBelowBp = sla.fullRefundBelowBp;
  if (fullRefundBelowBp !== undefined && fullRefundBelowBp > promisedAvailabilityBp) {
    ctx.addIssue({
      code: 'custom',
      path: ['fullRefundBelowBp'],
      message: `must not exceed promisedAvailabilityBp (${promisedAvailabilityBp}), got ${fullRefundBelowBp}`,
    });
    return z.NEVER;
  }
  if (sla.measuredFrom % periodSeconds !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['measuredFrom'],
      message: `must be aligned to the period of ${periodSeconds} s (a multiple of it since the Unix epoch)`,
    });
    return z.NEVER;
  }
  return {
    periodSeconds,
    promisedAvailabilityBp,
    creditTiers: creditTiers.map((tier) => ({ belowBp: tier.belowBp, creditBp: tier.creditBp })),
    ...(fullRefundBelowBp === undefined ? {} : { fullRefundBelowBp }),
    measuredFrom: sla.measuredFrom,
    settleLagSeconds: sla.settleLagSeconds ?? DEFAULT_SETTLE_LAG_SECONDS,
  };
});

/** Tiers sorted by `belowBp`, highest first: the first at the promise, each crediting at least the one before. */
function creditTiersProblem(tiers: readonly Tier[], promisedBp: number): string | undefined {
  for (const [index, tier] of tiers.entries()) {
    const previous = tiers[index - 1];
    if (previous && previous.belowBp === tier.belowBp) {
      return `has two tiers below ${tier.belowBp} bp`;
    }
    if (previous && previous.creditBp > tier.creditBp) {
      return `must credit at least as much for lower availability: below ${tier.belowBp} bp credits ${tier.creditBp} bp, less than ${previous.creditBp} bp below ${previous.belowBp} bp`;
    }
  }
  const highest = tiers[0];
  if (highest && highest.belowBp !== promisedBp) {
    return `must start at the promised availability: the highest belowBp is ${highest.belowBp}, the promise ${promisedBp}`;
  }
  return undefined;
}
