import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  ChaincodeRejection,
  LedgerUnavailable,
  TransactionConflict,
  TransactionInvalid,
} from '../ledger/ledger-errors';
import type { LedgerPort } from '../ledger/ledger-port';

/**
 * The gateway's Prometheus metrics, on a registry of its own that
 * `/metrics` serves. Other parts of the process (the scheduled jobs)
 * register their metrics on `registry` too.
 */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** HTTP requests by route template, method and status. */
  readonly httpRequestSeconds: Histogram<'route' | 'method' | 'status'>;
  /** Ledger calls by chaincode function, kind (submit, evaluate) and outcome (ok, a chaincode error code, conflict, invalid, unavailable, error). */
  readonly ledgerCallSeconds: Histogram<'fn' | 'kind' | 'outcome'>;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag); default true. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequestSeconds: new Histogram({
      name: 'sla_gateway_http_request_duration_seconds',
      help: 'HTTP request latency by route template, method and status',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ledgerCallSeconds: new Histogram({
      name: 'sla_gateway_ledger_call_duration_seconds',
      help: 'Ledger transaction latency (submit: endorse, order and commit; evaluate: one peer) by chaincode function and outcome',
      labelNames: ['fn', 'kind', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}

/** The same port, timing every submit and evaluate and counting its outcome. */
export function instrumentedLedger(port: LedgerPort, metrics: GatewayMetrics): LedgerPort {
  const timed = async <T>(kind: string, fn: string, call: () => Promise<T>): Promise<T> => {
    const stop = metrics.ledgerCallSeconds.startTimer({ fn, kind });
    try {
      const result = await call();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: outcomeOf(error) });
      throw error;
    }
  };
  return {
    channels: port.channels,
    identities: () => port.identities(),
    submit: (channel, identity, fn, args) =>
      timed('submit', fn, () => port.submit(channel, identity, fn, args)),
    evaluate: (channel, identity, fn, args) =>
      timed('evaluate', fn, () => port.evaluate(channel, identity, fn, args)),
    events: (channel, options) => port.events(channel, options),
    close: () => port.close(),
  };
}

function outcomeOf(error: unknown): string {
  if (error instanceof ChaincodeRejection) return error.code;
  if (error instanceof TransactionConflict) return 'conflict';
  if (error instanceof TransactionInvalid) return 'invalid';
  if (error instanceof LedgerUnavailable) return 'unavailable';
  return 'error';
}
