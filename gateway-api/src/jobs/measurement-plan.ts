import { MAX_DISTINCT_WINDOWS } from '@sla-ledger/chaincode/schemas';
import { alignDown, nextWindow, type MonitorSpec, type Window } from '@sla-ledger/chaincode/domain';
import type { ServiceView } from '../ledger/views';
import type { JobActor } from './job-actors';

/**
 * Which windows this organisation measures, and how they go into
 * services:UpdateMany transactions. Pure: no ledger, no clock.
 */

/** The provider measures its services; the consumer steps in for windows its provider left unmeasured. */
export type MeasuringRole = 'provider' | 'consumer';

export interface TrackedService {
  actor: JobActor;
  serviceKey: string;
  role: MeasuringRole;
  providerOrg: string;
  periodSeconds: number;
  settleLagSeconds: number;
  measuredUntil: number;
  /** Services of one group read the same monitoring accounts: a group's outage fails only its batches. */
  monitorGroup: string;
  monitors: string[];
}

export interface WindowRequest {
  service: TrackedService;
  window: Window;
}

export function trackedService(actor: JobActor, view: ServiceView): TrackedService | undefined {
  const role: MeasuringRole | undefined =
    view.providerOrg === actor.mspId
      ? 'provider'
      : view.consumerOrg === actor.mspId
        ? 'consumer'
        : undefined;
  if (role === undefined || view.status !== 'active') return undefined;
  const monitors = view.monitors.map(monitorName);
  return {
    actor,
    serviceKey: view.key,
    role,
    providerOrg: view.providerOrg,
    periodSeconds: view.sla.periodSeconds,
    settleLagSeconds: view.sla.settleLagSeconds,
    measuredUntil: view.meter.measuredUntil,
    monitorGroup: [...monitors].sort().join(' + '),
    monitors,
  };
}

/**
 * The next window to measure now: for the provider, up to the settle lag
 * before now; for the consumer, only windows still unmeasured twice the
 * settle lag after they closed, so the two neither collide nor pay twice.
 */
export function windowToMeasure(service: TrackedService, now: number): Window | undefined {
  const lag = service.role === 'provider' ? service.settleLagSeconds : 2 * service.settleLagSeconds;
  return nextWindow(
    { periodSeconds: service.periodSeconds, settleLagSeconds: lag },
    service.measuredUntil,
    now,
  );
}

/** Seconds between how far the service is measured and how far anyone may measure it now. */
export function behindSeconds(service: TrackedService, now: number): number {
  const measurable = alignDown(now - service.settleLagSeconds, service.periodSeconds);
  return Math.max(0, measurable - service.measuredUntil);
}

/**
 * UpdateMany batches: each of one channel, identity and monitor group, with
 * at most `batchSize` requests and MAX_DISTINCT_WINDOWS distinct windows.
 */
export function planBatches(
  requests: readonly WindowRequest[],
  batchSize: number,
): WindowRequest[][] {
  const groups = new Map<string, WindowRequest[]>();
  for (const request of requests) {
    const { actor, monitorGroup } = request.service;
    const key = `${actor.channel}\u0000${actor.identity}\u0000${monitorGroup}`;
    groups.set(key, [...(groups.get(key) ?? []), request]);
  }
  const batches: WindowRequest[][] = [];
  for (const group of groups.values()) {
    group.sort(
      (a, b) =>
        a.window.start - b.window.start ||
        a.window.end - b.window.end ||
        (a.service.serviceKey < b.service.serviceKey ? -1 : 1),
    );
    let batch: WindowRequest[] = [];
    let windows = new Set<string>();
    for (const request of group) {
      const window = `${request.window.start}-${request.window.end}`;
      const opensWindow = !windows.has(window);
      if (batch.length >= batchSize || (opensWindow && windows.size >= MAX_DISTINCT_WINDOWS)) {
        batches.push(batch);
        batch = [];
        windows = new Set();
      }
      batch.push(request);
      windows.add(window);
    }
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}

function monitorName(monitor: MonitorSpec): string {
  return `${monitor.kind} ${monitor.region} (${monitor.credentialsRef})`;
}
