import {
  agreementEnd,
  agreementPeriods,
  type CoverageShortfall,
} from '@sla-ledger/chaincode/domain';
import { ChaincodeRejection } from '../../ledger/ledger-errors';
import type { SlaClient } from '../../ledger/sla-client';
import type { AgreementView } from '../../ledger/views';

/** How far one linked service is measured over the agreement's periods so far. */
export interface ServiceCoverage {
  serviceKey: string;
  /** The agreement's periods of this service so far: [from, until). */
  from: number;
  until: number;
  periods: number;
  /** Absent when the caller's organisation may not read the service. */
  measuredUntil?: number;
  measuredPeriods?: number;
  coverageBp?: number;
}

/** Periods of a linked service never measured: [from, until). */
export interface MissingPeriods {
  serviceKey: string;
  from: number;
  until: number;
  periods: number;
}

export type AgreementDetails = AgreementView & {
  coverage: ServiceCoverage[];
  /** For a disputed agreement: what is still unmeasured (or, where the service cannot be read, what was when the dispute began). */
  missing?: MissingPeriods[];
};

/** How far a service is measured (its meter), or undefined when the caller cannot read it. */
export type MeterReader = (serviceKey: string) => Promise<number | undefined>;

/** Reads each service's meter once per request. */
export function meterReader(client: SlaClient): MeterReader {
  const read = new Map<string, Promise<number | undefined>>();
  return (serviceKey) => {
    let measured = read.get(serviceKey);
    if (measured === undefined) {
      measured = client.getService(serviceKey).then(
        (service) => service.meter.measuredUntil,
        (error: unknown) => {
          if (error instanceof ChaincodeRejection) return undefined;
          throw error;
        },
      );
      read.set(serviceKey, measured);
    }
    return measured;
  };
}

const BASIS_POINTS = 10_000n;

/**
 * Coverage by the chaincode's rules: the periods whose start lies in
 * [acceptance, end) and not before the service's measuredFrom; a running
 * agreement counts its periods closed by `now`.
 */
export async function withCoverage(
  agreement: AgreementView,
  measuredUntilOf: MeterReader,
  now: number,
): Promise<AgreementDetails> {
  const end = agreement.ended ? agreementEnd(agreement) : now;
  const coverage: ServiceCoverage[] = [];
  for (const service of agreement.services) {
    const horizon = agreement.ended ? end : end - (end % service.periodSeconds);
    const { first, until } = agreementPeriods(service, agreement.acceptedAt, horizon);
    const periods = (until - first) / service.periodSeconds;
    const meter = await measuredUntilOf(service.key);
    const entry: ServiceCoverage = { serviceKey: service.key, from: first, until, periods };
    if (meter !== undefined) {
      const measuredUntil = Math.min(Math.max(meter, first), until);
      const measuredPeriods = (measuredUntil - first) / service.periodSeconds;
      entry.measuredUntil = measuredUntil;
      entry.measuredPeriods = measuredPeriods;
      entry.coverageBp =
        periods === 0
          ? Number(BASIS_POINTS)
          : Number((BigInt(measuredPeriods) * BASIS_POINTS) / BigInt(periods));
    }
    coverage.push(entry);
  }
  return {
    ...agreement,
    coverage,
    ...(agreement.status === 'disputed' ? { missing: missingOf(agreement, coverage) } : {}),
  };
}

function missingOf(
  agreement: AgreementView,
  coverage: readonly ServiceCoverage[],
): MissingPeriods[] {
  const recorded = new Map<string, CoverageShortfall>(
    (agreement.dispute?.shortfalls ?? []).map((shortfall) => [shortfall.key, shortfall]),
  );
  const missing: MissingPeriods[] = [];
  for (const entry of coverage) {
    const period = agreement.services.find((service) => service.key === entry.serviceKey)
      ?.periodSeconds as number;
    const shortfall = recorded.get(entry.serviceKey);
    const from = entry.measuredUntil ?? shortfall?.missingFrom;
    const until = entry.measuredUntil === undefined ? shortfall?.missingUntil : entry.until;
    if (from !== undefined && until !== undefined && from < until) {
      missing.push({ serviceKey: entry.serviceKey, from, until, periods: (until - from) / period });
    }
  }
  return missing;
}
