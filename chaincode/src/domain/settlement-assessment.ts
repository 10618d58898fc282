import {
  agreementEnd,
  agreementPeriods,
  usedSeconds,
  type AgreementRecord,
  type AgreementService,
  type CoverageShortfall,
  type ServiceOutcome,
  type SessionUsage,
} from './agreement';
import { combineCredits, serviceCredit } from './credits';
import type { VerdictTotals } from './measurement-blocks';
import { BASIS_POINTS } from './money';
import { toPriceTerms } from './offer';
import { chargeFor } from './pricing';
import { settle, type SettlementResult } from './settlement';
import { formatInstant } from './time';

/** How far one linked service is measured over the agreement's periods. */
export interface ServiceMeasurement {
  key: string;
  /** The agreement's periods of this service, [first, until). */
  first: number;
  until: number;
  /** Measured up to here, within [first, until]. */
  measuredUntil: number;
  /** Verdicts of the measured periods in [first, measuredUntil). */
  totals: VerdictTotals;
}

export type Assessment =
  | { kind: 'waiting'; reason: string }
  | { kind: 'disputed'; shortfalls: CoverageShortfall[]; services: ServiceOutcome[] }
  | ({ kind: 'settle' } & Settlement);

export interface Settlement {
  usedSeconds: number;
  creditBp: number;
  fullRefund: boolean;
  result: SettlementResult;
  services: ServiceOutcome[];
}

/**
 * Until when settlement waits for a service's periods to be measured:
 * the grace period after the end, and never before the last period of the
 * agreement could have been read (its end plus the settle lag).
 */
export function measurementDeadline(
  service: AgreementService,
  agreement: Pick<
    AgreementRecord,
    'acceptedAt' | 'stoppedAt' | 'lockUntil' | 'settlementGraceSeconds'
  >,
): number {
  const end = agreementEnd(agreement);
  const { until } = agreementPeriods(service, agreement.acceptedAt, end);
  return Math.max(end + agreement.settlementGraceSeconds, until + service.settleLagSeconds);
}

/**
 * Decides an ended agreement from how far each linked service is measured.
 * Periods never measured are excluded: withholding endorsement pays neither
 * side. Settlement waits for them until the measurement deadline; after it,
 * a service measured over less than the agreement's minimum coverage puts
 * the agreement in dispute instead of deciding a credit.
 */
export function assessSettlement(
  agreement: AgreementRecord,
  measurements: readonly ServiceMeasurement[],
  usage: SessionUsage | undefined,
  now: number,
): Assessment {
  const byKey = new Map(measurements.map((measurement) => [measurement.key, measurement]));
  const outcomes: ServiceOutcome[] = [];
  const shortfalls: CoverageShortfall[] = [];
  for (const service of agreement.services) {
    const measurement = byKey.get(service.key);
    if (measurement === undefined) {
      throw new RangeError(`no measurement of service ${service.key} was given`);
    }
    if (measurement.measuredUntil < measurement.until) {
      const deadline = measurementDeadline(service, agreement);
      if (now < deadline) {
        return {
          kind: 'waiting',
          reason: `service ${service.key} is measured up to ${formatInstant(measurement.measuredUntil)} and agreement ${agreement.agreementId} needs ${formatInstant(measurement.until)}; settlement waits for it until ${formatInstant(deadline)}, when periods still unmeasured are excluded`,
        };
      }
    }
    const outcome = serviceOutcome(service, measurement);
    outcomes.push(outcome);
    if (outcome.coverageBp < agreement.minCoverageBp) {
      shortfalls.push({
        key: service.key,
        periods: outcome.periods,
        measuredPeriods: outcome.measuredPeriods,
        coverageBp: outcome.coverageBp,
        missingFrom: measurement.measuredUntil,
        missingUntil: measurement.until,
      });
    }
  }
  if (shortfalls.length > 0) {
    return { kind: 'disputed', shortfalls, services: outcomes };
  }
  const { creditBp, fullRefund } = combineCredits(outcomes);
  return { kind: 'settle', ...settlementOf(agreement, usage, creditBp, fullRefund, outcomes) };
}

/** Settles with a credit the parties or the arbiter named for a disputed agreement. */
export function settleWithCredit(
  agreement: AgreementRecord,
  usage: SessionUsage | undefined,
  creditBp: number,
): Settlement {
  return settlementOf(agreement, usage, creditBp, false, agreement.dispute?.services ?? []);
}

function serviceOutcome(
  service: AgreementService,
  measurement: ServiceMeasurement,
): ServiceOutcome {
  const periods = (measurement.until - measurement.first) / service.periodSeconds;
  const measuredPeriods = (measurement.measuredUntil - measurement.first) / service.periodSeconds;
  const { available, unavailable, excluded } = measurement.totals;
  const decision = serviceCredit(service, { measured: available + unavailable, available });
  return {
    key: service.key,
    periods,
    measuredPeriods,
    coverageBp:
      periods === 0
        ? Number(BASIS_POINTS)
        : Number((BigInt(measuredPeriods) * BASIS_POINTS) / BigInt(periods)),
    available,
    unavailable,
    excluded,
    ...(decision.availabilityBp === undefined ? {} : { availabilityBp: decision.availabilityBp }),
    creditBp: decision.creditBp,
    fullRefund: decision.fullRefund,
  };
}

function settlementOf(
  agreement: AgreementRecord,
  usage: SessionUsage | undefined,
  creditBp: number,
  fullRefund: boolean,
  services: ServiceOutcome[],
): Settlement {
  const used = usedSeconds(agreement, usage);
  const charge = chargeFor(toPriceTerms(agreement.price), used);
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
