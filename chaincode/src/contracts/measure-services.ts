import { measureWindow } from '../domain/availability';
import { FailedPrecondition, LedgerError, OracleUnavailable } from '../domain/errors';
import { recordsOfWindow, totalsOf } from '../domain/measurement-blocks';
import {
  canonicalizeReadings,
  MalformedReadings,
  type CanonicalReadings,
  type Datapoint,
} from '../domain/readings';
import { serviceParties } from '../domain/service';
import { checkWindow, type Window } from '../domain/windows';
import type { MetricQuery } from '../oracles/metric-oracle';
import { servicesOf } from '../oracles/oracle-failure';
import type { MeterRecord, ServiceRecord } from '../state/records';
import { loadMeter, loadServiceAsParty, measurementKeyOf, meterKeyOf } from './service-records';
import type { TxContext } from './tx-context';

export interface UpdateRequest extends Window {
  serviceKey: string;
  /** Where the request sits in the caller's input, for error messages (e.g. "requests[3]."). */
  field?: string;
}

/** One measured window of one service: what every endorser must agree on. */
export interface WindowMeasurement {
  serviceKey: string;
  start: number;
  end: number;
  periodSeconds: number;
  /** One verdict per period: A available, U unavailable, X excluded. */
  verdicts: string;
  available: number;
  unavailable: number;
  excluded: number;
}

interface Job {
  service: ServiceRecord;
  meter: MeterRecord;
  window: Window;
}

/**
 * Measures one closed window per service with a single oracle read for all
 * of them. All or nothing: one service that cannot be measured fails the
 * whole transaction, naming it. What is written is the verdicts only, so
 * endorsers whose monitors agree on every verdict write the same bytes.
 */
export async function measureServices(
  ctx: TxContext,
  requests: readonly UpdateRequest[],
): Promise<WindowMeasurement[]> {
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

  const measurements: WindowMeasurement[] = [];
  for (const [index, { service, meter, window }] of jobs.entries()) {
    const readings = service.monitors.map((_, monitorIndex) =>
      canonical(service, monitorIndex, window, answers.get(`${index}/${monitorIndex}`)),
    );
    const periodSeconds = service.sla.periodSeconds;
    const { verdicts } = measureWindow(
      service.monitors,
      service.conflictRule,
      { ...window, periodSeconds },
      readings,
    );
    await record(ctx, service, meter, { ...window, periodSeconds, verdicts });
    measurements.push({
      serviceKey: service.key,
      start: window.start,
      end: window.end,
      periodSeconds,
      verdicts,
      ...totalsOf(verdicts),
    });
  }
  return measurements;
}

/** Adds the window's records and advances the meter (under both parties' policy). */
async function record(
  ctx: TxContext,
  service: ServiceRecord,
  meter: MeterRecord,
  window: { start: number; end: number; periodSeconds: number; verdicts: string },
): Promise<void> {
  const { records, totalsAfter } = recordsOfWindow(service.key, window, meter.totals);
  for (const measurement of records) {
    await ctx.state.create(
      measurementKeyOf(service.key, measurement.start),
      measurement,
      serviceParties(service),
    );
  }
  const next: MeterRecord = {
    serviceKey: service.key,
    measuredUntil: window.end,
    totals: totalsAfter,
    windows: meter.windows + 1,
  };
  await ctx.state.update(meterKeyOf(service.key), next);
}

async function readOracle(
  ctx: TxContext,
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
