import express, { type Router } from 'express';
import { ChaincodeRejection } from '../ledger/ledger-errors';
import type { LedgerPort } from '../ledger/ledger-port';
import type { GatewayMetrics } from './metrics';
import { HttpProblem } from './problems';
import { localsOf } from './request-context';

export interface ProbeOptions {
  ledger: LedgerPort;
  metrics: GatewayMetrics;
  /** The identity readiness evaluates with; default the first identity of the gateway's organisation. */
  organisation: string;
  readinessTimeoutMs: number;
}

/**
 * `/healthz`: the process answers. `/readyz`: the ledger answers a cheap
 * evaluate (tokens:MyAccount) in time; a refusal by the chaincode still
 * shows the ledger reachable. `/metrics`: the Prometheus registry.
 */
export function probes(options: ProbeOptions): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const identities = options.ledger.identities();
    const identity =
      identities.find((held) => held.mspId === options.organisation) ?? identities[0];
    const channel = options.ledger.channels[0];
    if (identity === undefined || channel === undefined) {
      throw notReady('the gateway holds no identity or is on no channel');
    }
    try {
      await withTimeout(
        options.ledger.evaluate(channel, identity.name, 'tokens:MyAccount', []),
        options.readinessTimeoutMs,
      );
    } catch (error) {
      if (!(error instanceof ChaincodeRejection)) {
        localsOf(res).log.warn({ error: (error as Error).message }, 'the ledger is not ready');
        throw notReady(`the ledger did not answer on ${channel}`);
      }
    }
    res.json({ status: 'ready', channels: options.ledger.channels });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });
  return router;
}

function notReady(detail: string): HttpProblem {
  return new HttpProblem(503, 'ledger-unavailable', detail, { headers: { 'Retry-After': '5' } });
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
