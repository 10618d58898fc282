/** Steps the contract tests share: register, fund, offer, feed monitors, measure. */
import { parseMonitor, type MonitorSpec } from '../../src/domain/monitor';
import type { Identity } from '@sla-ledger/embedded-network';
import { cloudWatchService } from '../fixtures/services';
import { accountOf, type SlaNetwork } from './sla-network';

export const HOUR = 3600;
export const DAY = 86_400;

export async function registerService(
  net: SlaNetwork,
  who: Identity,
  service: Record<string, unknown> = cloudWatchService(),
): Promise<Record<string, unknown>> {
  return net.submit(who, 'services:Register', JSON.stringify(service));
}

export function monitorOf(service: Record<string, unknown>): MonitorSpec {
  return parseMonitor('monitor', service.monitor);
}

/** Every organisation's monitor reports `value(t)` for each minute in [from, until). */
export function feedMinutes(
  net: SlaNetwork,
  monitor: MonitorSpec,
  from: number,
  until: number,
  value: (t: number) => number | undefined,
): void {
  net.record((oracle) => oracle.fill(monitor, from, until, 60, value));
}

/** Mints `amount` for `who`, who collects it so that it may spend it. */
export async function fund(net: SlaNetwork, who: Identity, amount: bigint): Promise<void> {
  await net.submit(net.people.issuer, 'tokens:Mint', accountOf(who), amount.toString());
  await net.submit(who, 'tokens:Collect');
}

/** Accepts the offer as it reads now. */
export async function accept<T = Record<string, unknown>>(
  net: SlaNetwork,
  who: Identity,
  offerId: string,
  agreementId: string,
): Promise<T> {
  const offer = await net.evaluate<{ version: number }>(who, 'offers:Get', offerId);
  return net.submit<T>(who, 'agreements:Accept', offerId, String(offer.version), agreementId);
}

/** Collects what arrived (if anything) and returns the whole balance. */
export async function collected(net: SlaNetwork, who: Identity): Promise<bigint> {
  const account = await net.evaluate<{ arriving: string; balance: string }>(
    who,
    'tokens:MyAccount',
  );
  if (account.arriving !== '0') await net.submit(who, 'tokens:Collect');
  return BigInt(account.balance);
}

export async function balance(net: SlaNetwork, who: Identity): Promise<bigint> {
  const account = await net.evaluate<{ balance: string }>(who, 'tokens:MyAccount');
  return BigInt(account.balance);
}

/** Measures the service in windows of at most 200 periods until it is measured up to `until`. */
export async function measureUntil(
  net: SlaNetwork,
  who: Identity,
  serviceKey: string,
  until: number,
): Promise<void> {
  const service = await net.evaluate<{
    meter: { measuredUntil: number };
    sla: { periodSeconds: number };
  }>(who, 'services:Get', serviceKey);
  let from = service.meter.measuredUntil;
  while (from < until) {
    const end = Math.min(until, from + 200 * service.sla.periodSeconds);
    await net.submit(who, 'services:Update', serviceKey, String(from), String(end));
    from = end;
  }
}

/** World state as key → value text, to show that a rejected call changed nothing. */
export async function worldState(net: SlaNetwork): Promise<Map<string, string>> {
  return new Map(
    (await net.channel.ledger.entries()).map((entry) => [entry.key, entry.value.toString('utf8')]),
  );
}
