import {
  NO_VERDICTS,
  blockStartOf,
  recordEnd,
  subtractTotals,
  totalsAt,
  type MeasurementRecord,
  type VerdictTotals,
} from '../domain/measurement-blocks';
import { serviceParties } from '../domain/service';
import { KEY, attributesOf, paddedTime, stateKey } from '../state/keys';
import type { MeterRecord, ServiceRecord } from '../state/records';
import { requireOrg } from './access';
import type { TxContext } from './tx-context';

/** Loading services, their meters and their measurements, with the caller checks every use needs. */

export const serviceKeyOf = (serviceKey: string): string => stateKey(KEY.service, serviceKey);
export const meterKeyOf = (serviceKey: string): string => stateKey(KEY.meter, serviceKey);
export const measurementKeyOf = (serviceKey: string, start: number): string =>
  stateKey(KEY.measurements, serviceKey, paddedTime(start));
export const measurementsPrefixOf = (serviceKey: string): string =>
  stateKey(KEY.measurements, serviceKey);

export async function loadService(ctx: TxContext, serviceKey: string): Promise<ServiceRecord> {
  return ctx.state.require<ServiceRecord>(serviceKeyOf(serviceKey), 'service', serviceKey);
}

export async function loadServiceAsParty(
  ctx: TxContext,
  serviceKey: string,
  action: string,
): Promise<ServiceRecord> {
  const service = await loadService(ctx, serviceKey);
  requireOrg(ctx.caller, serviceParties(service), `${action} service ${serviceKey}`);
  return service;
}

export async function loadMeter(ctx: TxContext, serviceKey: string): Promise<MeterRecord> {
  return ctx.state.require<MeterRecord>(meterKeyOf(serviceKey), 'meter of service', serviceKey);
}

/**
 * The measurement record holding the period that starts at `periodStart`:
 * the last record starting in that period's block at or before it. Records
 * of the past are never rewritten and new ones start later, so this read
 * does not conflict with measuring.
 */
export async function measurementHolding(
  ctx: TxContext,
  service: { key: string; periodSeconds: number },
  periodStart: number,
): Promise<MeasurementRecord | undefined> {
  const from = measurementKeyOf(service.key, blockStartOf(periodStart, service.periodSeconds));
  const until = measurementKeyOf(service.key, periodStart + 1);
  let holding: MeasurementRecord | undefined;
  for await (const entry of ctx.state.range<MeasurementRecord>(from, until)) {
    holding = entry.value;
  }
  return holding !== undefined && recordEnd(holding) > periodStart ? holding : undefined;
}

/**
 * Verdict totals of a service's periods in [from, until), read from the
 * records that hold the two boundaries — the cost does not grow with
 * history. Both must lie within what is measured.
 */
export async function totalsBetween(
  ctx: TxContext,
  service: { key: string; periodSeconds: number; measuredFrom: number },
  from: number,
  until: number,
): Promise<VerdictTotals> {
  if (until <= from) {
    return NO_VERDICTS;
  }
  const start = await totalsBefore(ctx, service, from);
  const end = await totalsBefore(ctx, service, until);
  return subtractTotals(end, start);
}

/** How far the service is measured towards `until`: `until` itself when it is, else the meter's answer. */
export async function measuredTowards(
  ctx: TxContext,
  service: { key: string; periodSeconds: number },
  until: number,
): Promise<number> {
  if (await measurementHolding(ctx, service, until - service.periodSeconds)) {
    return until;
  }
  return (await loadMeter(ctx, service.key)).measuredUntil;
}

async function totalsBefore(
  ctx: TxContext,
  service: { key: string; periodSeconds: number; measuredFrom: number },
  instant: number,
): Promise<VerdictTotals> {
  if (instant <= service.measuredFrom) {
    return NO_VERDICTS;
  }
  const lastPeriod = instant - service.periodSeconds;
  const holding = await measurementHolding(ctx, service, lastPeriod);
  if (holding === undefined) {
    throw new RangeError(
      `service ${service.key} has no measurement of the period at ${lastPeriod}`,
    );
  }
  return totalsAt(holding, instant);
}

export function serviceIndexKeyOf(org: string, serviceKey: string): string {
  return stateKey(KEY.servicesOf, org, serviceKey);
}

export function openAgreementKeyOf(serviceKey: string, agreementId: string): string {
  return stateKey(KEY.openAgreementsOfService, serviceKey, agreementId);
}

export async function openAgreementsOf(ctx: TxContext, serviceKey: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const entry of ctx.state.scan<null>(
    stateKey(KEY.openAgreementsOfService, serviceKey),
  )) {
    ids.push(attributesOf(entry.key)[1] ?? '');
    if (ids.length === 10) break;
  }
  return ids;
}
