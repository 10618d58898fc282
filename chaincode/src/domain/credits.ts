import { availabilityBp, type VerdictCounts } from './availability';
import type { CreditTier, SlaTerms } from './sla';

/**
 * The credit is decided once, from the availability over the whole agreement;
 * it never grows with the number of updates.
 */

export interface CreditDecision {
  /** Undefined when no period counted: such a service gives no credit. */
  availabilityBp?: number;
  creditBp: number;
  fullRefund: boolean;
}

export function creditForAvailability(tiers: readonly CreditTier[], availability: number): number {
  return tiers.reduce(
    (credit, tier) => (availability < tier.belowBp ? Math.max(credit, tier.creditBp) : credit),
    0,
  );
}

export function serviceCredit(
  sla: Pick<SlaTerms, 'creditTiers' | 'fullRefundBelowBp'>,
  counts: Pick<VerdictCounts, 'measured' | 'available'>,
): CreditDecision {
  const availability = availabilityBp(counts);
  if (availability === undefined) {
    return { creditBp: 0, fullRefund: false };
  }
  return {
    availabilityBp: availability,
    creditBp: creditForAvailability(sla.creditTiers, availability),
    fullRefund: sla.fullRefundBelowBp !== undefined && availability < sla.fullRefundBelowBp,
  };
}

/** A composed service is as good as its weakest part: the largest credit wins, any full refund applies. */
export function combineCredits(
  decisions: readonly CreditDecision[],
): Pick<CreditDecision, 'creditBp' | 'fullRefund'> {
  return {
    creditBp: decisions.reduce((largest, decision) => Math.max(largest, decision.creditBp), 0),
    fullRefund: decisions.some((decision) => decision.fullRefund),
  };
}
