import {
  agreementEnd,
  agreementPeriods,
  countAgreementPeriods,
  usedSeconds,
  type AgreementRecord,
  type AgreementService,
  type ServiceOutcome,
  type SessionRecord,
} from './agreement';
import { combineCredits, serviceCredit } from './credits';
import { toPriceTerms } from './offer';
import { chargeFor } from './pricing';
import { settle, type SettlementResult } from './settlement';
import { formatInstant } from './time';
import { MAX_WINDOW_PERIODS } from './windows';

/** A measurement window as settlement needs it. */
export interface MeasuredWindow {
  start: number;
  end: number;
  verdicts: string;
}

/** Windows of `service` that may hold periods in [first, until): those starting in [from, until). */
export function windowSearchRange(
  service: AgreementService,
  range: { first: number; until: number },
): { from: number; until: number } {
  return {
    from: Math.max(0, range.first - (MAX_WINDOW_PERIODS - 1) * service.periodSeconds),
    until: range.until,
  };
}

/**
 * When the periods of a service that nobody measured may be counted by its
 * missing-data rule: after the grace period, and never before the last
 * period of the agreement could have been read (its end plus the settle lag).
 */
export function countUnmeasuredFrom(service: AgreementService, agreement: AgreementRecord): number {
  const end = agreementEnd(agreement);
  const { until } = agreementPeriods(service, agreement.acceptedAt, end);
  return Math.max(end + agreement.settlementGraceSeconds, until + service.settleLagSeconds);
}

export interface Assessment {
  usedSeconds: number;
  creditBp: number;
  fullRefund: boolean;
  result: SettlementResult;
  services: ServiceOutcome[];
}

/**
 * Decides an agreement's settlement from the measurement windows of its
 * services (windows are contiguous, so the last one read tells how far a
 * service is measured) and its sessions; or says what it still waits for.
 */
export function assessSettlement(
  agreement: AgreementRecord,
  windowsByService: ReadonlyMap<string, readonly MeasuredWindow[]>,
  sessions: readonly SessionRecord[],
  now: number,
): Assessment | { waiting: string } {
  const end = agreementEnd(agreement);
  const services: ServiceOutcome[] = [];
  for (const service of agreement.services) {
    const range = agreementPeriods(service, agreement.acceptedAt, end);
    const windows = windowsByService.get(service.key) ?? [];
    const measuredUntil = windows.reduce(
      (furthest, window) => Math.max(furthest, window.end),
      range.first,
    );
    const countFrom = countUnmeasuredFrom(service, agreement);
    if (measuredUntil < range.until && now < countFrom) {
      return {
        waiting: `service ${service.key} is measured up to ${formatInstant(measuredUntil)} and agreement ${agreement.agreementId} needs ${formatInstant(range.until)}; settlement waits for it, or until ${formatInstant(countFrom)} when unmeasured periods count by the missing-data rule`,
      };
    }
    const counts = countAgreementPeriods(service, range, windows, measuredUntil);
    const decision = serviceCredit(service, counts);
    services.push({
      key: service.key,
      measured: counts.measured,
      available: counts.available,
      ...(decision.availabilityBp === undefined ? {} : { availabilityBp: decision.availabilityBp }),
      creditBp: decision.creditBp,
      fullRefund: decision.fullRefund,
    });
  }
  const used = usedSeconds(agreement, sessions);
  const charge = chargeFor(toPriceTerms(agreement.price), used);
  const { creditBp, fullRefund } = combineCredits(services);
  const result = settle({
    deposit: BigInt(agreement.deposit),
    charge,
    creditBp,
    fullRefund,
    shares: agreement.providers.map((provider) => ({
      id: provider.mspId,
      shareBp: provider.shareBp,
    })),
  });
  return { usedSeconds: used, creditBp, fullRefund, result, services };
}
