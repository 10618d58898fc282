import { measureWindow } from '../domain/availability';
import { FailedPrecondition, LedgerError, OracleUnavailable } from '../domain/errors';
import {
  canonicalizeReadings,
  MalformedReadings,
  type CanonicalReadings,
  type Datapoint,
} from '../domain/readings';
import { checkWindow, type Window } from '../domain/windows';
import type { MetricQuery } from '../oracles/metric-oracle';
import { servicesOf } from '../oracles/oracle-failure';
import { measurementKeys } from '../state/keys';
import type { MeasurementRecord, MeterRecord, ServiceRecord } from '../state/records';
import type { LedgerContext } from './ledger-context';
import { loadMeter, loadServiceAsParty, meterKeyOf } from './service-records';

export interface UpdateRequest extends Window {
  serviceKey: string;
  /** Where the request sits in the caller's input, for error messages (e.g. "requests[3]."). */
  field?: string;
}

interface Job {
  service: ServiceRecord;
  meter: MeterRecord;
  window: Window;
}

/**
 * Measures one closed window per service with a single oracle read for all
 * of them. All or nothing: one service that cannot be measured fails the
 * whole transaction, naming it. What is written depends only on the readings.
 */
export async function measureServices(
  ctx: LedgerContext,
  requests: readonly UpdateRequest[],
): Promise<MeasurementRecord[]> {
  const jobs: Job[] = [];
  for (const request of requests) {
    const service = await loadServiceAsParty(ctx, request.serviceKey, 'measure');
    if (service.status !== 'active') {
      throw new FailedPrecondition(`service ${service.key} is deactivated and no longer measured`);
    }
    const meter = await loadMeter(ctx, service.key);
    checkWindow(service.key, service.sla, meter.measuredUntil, request, ctx.now, request.field);
    jobs.push({ service, meter, window: { start: request.start, end: request.end } });
  }

  const queries: MetricQuery[] = jobs.flatMap(({ service, window }, index) =>
    service.monitors.map((monitor, monitorIndex) => ({
      id: `${index}/${monitorIndex}`,
      serviceKey: service.key,
      monitor,
      start: window.start,
      end: window.end,
      periodSeconds: service.sla.periodSeconds,
    })),
  );
  const answers = await readOracle(ctx, queries);

  const measurements: MeasurementRecord[] = [];
  for (const [index, { service, meter, window }] of jobs.entries()) {
    const readings = service.monitors.map((_, monitorIndex) =>
      canonical(service, monitorIndex, window, answers.get(`${index}/${monitorIndex}`)),
    );
    const measured = measureWindow(
      service.monitors,
      service.conflictRule,
      { ...window, periodSeconds: service.sla.periodSeconds },
      readings,
    );
    const record: MeasurementRecord = {
      serviceKey: service.key,
      start: measured.start,
      end: measured.end,
      periodSeconds: service.sla.periodSeconds,
      periods: measured.periods,
      measured: measured.measured,
      available: measured.available,
      excluded: measured.excluded,
      verdicts: measured.verdicts,
      readingsDigest: measured.readingsDigest,
    };
    const nextMeter: MeterRecord = {
      serviceKey: service.key,
      measuredUntil: window.end,
      measuredPeriods: meter.measuredPeriods + measured.measured,
      availablePeriods: meter.availablePeriods + measured.available,
      windows: meter.windows + 1,
    };
    await ctx.state.put(measurementKeys.key(service.key, window.start), record);
    await ctx.state.put(meterKeyOf(ctx, service.key), nextMeter);
    measurements.push(record);
  }
  return measurements;
}

async function readOracle(
  ctx: LedgerContext,
  queries: MetricQuery[],
): Promise<Map<string, Datapoint[]>> {
  try {
    return await ctx.oracle.read(queries);
  } catch (error) {
    if (error instanceof LedgerError) {
      throw error;
    }
    throw new OracleUnavailable(
      `reading the monitors of service ${servicesOf(queries)} failed: ${(error as Error).message}`,
    );
  }
}

function canonical(
  service: ServiceRecord,
  monitorIndex: number,
  window: Window,
  datapoints: Datapoint[] | undefined,
): CanonicalReadings {
  if (datapoints === undefined) {
    throw new OracleUnavailable(
      `the oracle gave no answer for monitor ${monitorIndex} of service ${service.key}`,
    );
  }
  try {
    return canonicalizeReadings(datapoints, window, service.sla.periodSeconds);
  } catch (error) {
    if (error instanceof MalformedReadings) {
      throw new OracleUnavailable(
        `monitor ${monitorIndex} of service ${service.key} answered malformed readings: ${error.message}`,
      );
    }
    throw error;
  }
}
