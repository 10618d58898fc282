import type { LedgerContext } from './ledger-context';
import { INDEX, RECORD, measurementKeys } from '../state/keys';
import type { MeasurementRecord, MeterRecord, ServiceRecord } from '../state/records';
import { requireOrg } from './access';
import { serviceParties } from '../domain/service';

/** Loading services and their meters, with the caller checks every use needs. */

export function serviceKeyOf(ctx: LedgerContext, serviceKey: string): string {
  return ctx.state.key(RECORD.service, [serviceKey]);
}

export function meterKeyOf(ctx: LedgerContext, serviceKey: string): string {
  return ctx.state.key(RECORD.meter, [serviceKey]);
}

export async function loadService(ctx: LedgerContext, serviceKey: string): Promise<ServiceRecord> {
  return ctx.state.require<ServiceRecord>(serviceKeyOf(ctx, serviceKey), 'service', serviceKey);
}

export async function loadServiceAsParty(
  ctx: LedgerContext,
  serviceKey: string,
  action: string,
): Promise<ServiceRecord> {
  const service = await loadService(ctx, serviceKey);
  requireOrg(ctx.caller, serviceParties(service), `${action} service ${serviceKey}`);
  return service;
}

export async function loadMeter(ctx: LedgerContext, serviceKey: string): Promise<MeterRecord> {
  return ctx.state.require<MeterRecord>(
    meterKeyOf(ctx, serviceKey),
    'meter of service',
    serviceKey,
  );
}

export async function measurementsBetween(
  ctx: LedgerContext,
  serviceKey: string,
  from: number,
  until: number,
): Promise<MeasurementRecord[]> {
  const [start, end] = measurementKeys.range(serviceKey, from, until);
  const windows: MeasurementRecord[] = [];
  for await (const entry of ctx.state.range<MeasurementRecord>(start, end)) {
    windows.push(entry.value);
  }
  return windows;
}

export async function openAgreementsOf(ctx: LedgerContext, serviceKey: string): Promise<string[]> {
  const keys = await ctx.state.keysOf(INDEX.openAgreementsByService, [serviceKey]);
  return keys.map((attributes) => attributes[1] ?? '');
}
