import {
  NO_VERDICTS,
  blockEnd,
  blockStartOf,
  subtractTotals,
  totalsAt,
  type MeasurementBlock,
  type VerdictTotals,
} from '../domain/measurement-blocks';
import { serviceParties } from '../domain/service';
import { KEY, attributesOf, paddedTime, stateKey } from '../state/keys';
import type { MeterRecord, ServiceRecord } from '../state/records';
import { requireOrg } from './access';
import type { TxContext } from './tx-context';

/** Loading services, their meters and their measurement blocks, with the caller checks every use needs. */

export const serviceKeyOf = (serviceKey: string): string => stateKey(KEY.service, serviceKey);
export const meterKeyOf = (serviceKey: string): string => stateKey(KEY.meter, serviceKey);
export const blockKeyOf = (serviceKey: string, blockStart: number): string =>
  stateKey(KEY.measurements, serviceKey, paddedTime(blockStart));
export const blocksPrefixOf = (serviceKey: string): string =>
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

export async function loadBlock(
  ctx: TxContext,
  serviceKey: string,
  blockStart: number,
): Promise<MeasurementBlock | undefined> {
  return ctx.state.get<MeasurementBlock>(blockKeyOf(serviceKey, blockStart));
}

/**
 * Verdict totals of a service's periods in [from, until), read from the
 * blocks that hold the two boundaries — the cost does not grow with history.
 * Both must lie within what is measured.
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
  const [start, end] = await Promise.all([
    totalsBefore(ctx, service, from),
    totalsBefore(ctx, service, until),
  ]);
  return subtractTotals(end, start);
}

/** How far the service is measured towards `until`: `until` itself when it is, else the meter's answer. */
export async function measuredTowards(
  ctx: TxContext,
  service: { key: string; periodSeconds: number },
  until: number,
): Promise<number> {
  const block = await loadBlock(
    ctx,
    service.key,
    blockStartOf(until - service.periodSeconds, service.periodSeconds),
  );
  if (block !== undefined && blockEnd(block) >= until) {
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
  const block = await loadBlock(ctx, service.key, blockStartOf(lastPeriod, service.periodSeconds));
  if (block === undefined) {
    throw new RangeError(`service ${service.key} has no measurements at ${lastPeriod}`);
  }
  return totalsAt(block, instant);
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
