import type { LedgerPort } from '../ledger/ledger-port';
import { SlaClient } from '../ledger/sla-client';
import type { Logger } from '../logger';
import type { JobActor } from './job-actors';
import type { JobMetrics } from './job-metrics';
import type { JobFailure, JobName, JobRun } from './job-report';
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

/**
 * Ends a run: its outcome (aborted, partial when something failed, else success), the run
 * metrics, and the fields every report starts with.
 */
export function finishRun<N extends JobName>(
  context: JobContext,
  job: N,
  startedAt: Date,
  failures: JobFailure[],
  signal?: AbortSignal,
): JobRun & { job: N } {
  const finishedAt = context.clock();
  const outcome = signal?.aborted ? 'aborted' : failures.length > 0 ? 'partial' : 'success';
  context.metrics.finished(
    job,
    outcome,
    (finishedAt.getTime() - startedAt.getTime()) / 1000,
    secondsOf(finishedAt),
  );
  return {
    job,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    outcome,
    failures,
  };
}
