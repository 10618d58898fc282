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
 * How far a service is measured over [first, until) and the verdict totals
 * of the measured part, read from the records that hold the boundaries (the
 * meter too, when the service is not measured up to `until`): the cost does
 * not grow with history.
 */
export async function measurementOver(
  ctx: TxContext,
  service: { key: string; periodSeconds: number; measuredFrom: number },
  first: number,
  until: number,
): Promise<{ measuredUntil: number; totals: VerdictTotals }> {
  if (until <= first) {
    return { measuredUntil: until, totals: NO_VERDICTS };
  }
  let last = await measurementHolding(ctx, service, until - service.periodSeconds);
  let measuredUntil = until;
  if (last === undefined) {
    const reached = (await loadMeter(ctx, service.key)).measuredUntil;
    measuredUntil = Math.min(until, Math.max(first, reached));
    if (measuredUntil === first) {
      return { measuredUntil, totals: NO_VERDICTS };
    }
    last = await measurementHolding(ctx, service, measuredUntil - service.periodSeconds);
  }
  const atStart =
    first <= service.measuredFrom
      ? NO_VERDICTS
      : totalsAt(await holdingOf(ctx, service, first - service.periodSeconds), first);
  const atEnd = totalsAt(
    last ?? (await holdingOf(ctx, service, measuredUntil - service.periodSeconds)),
    measuredUntil,
  );
  return { measuredUntil, totals: subtractTotals(atEnd, atStart) };
}

async function holdingOf(
  ctx: TxContext,
  service: { key: string; periodSeconds: number },
  periodStart: number,
): Promise<MeasurementRecord> {
  const holding = await measurementHolding(ctx, service, periodStart);
  if (holding === undefined) {
    throw new RangeError(
      `service ${service.key} has no measurement of the period at ${periodStart}`,
    );
  }
  return holding;
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
