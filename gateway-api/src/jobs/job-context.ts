import type { LedgerPort } from '../ledger/ledger-port';
import { SlaClient } from '../ledger/sla-client';
import type { Logger } from '../logger';
import type { JobActor } from './job-actors';
import type { JobMetrics } from './job-metrics';
import type { JobSettings } from './job-settings';

/** What every job run works with. */
export interface JobContext {
  ledger: LedgerPort;
  actors: readonly JobActor[];
  /** The jobs' only clock (transaction times come from the ledger's). */
  clock: () => Date;
  logger: Logger;
  metrics: JobMetrics;
  settings: JobSettings;
}

export function clientOf(context: JobContext, actor: JobActor): SlaClient {
  return new SlaClient(context.ledger, actor.channel, actor.identity);
}

export function secondsOf(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
