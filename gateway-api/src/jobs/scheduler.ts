import { Cron } from 'croner';
import type { Logger } from '../logger';
import { JOB_NAMES, type JobName } from './job-report';
import type { JobSettings } from './job-settings';
import type { ScheduledJobs } from './scheduled-jobs';

export interface JobScheduler {
  /** The cron entry of each job (next run, manual trigger). */
  readonly crons: Readonly<Record<JobName, Cron>>;
  /** Stops scheduling and aborts the runs in progress; resolves when they have ended. */
  stop(): Promise<void>;
}

const PATTERN_OF: Record<JobName, keyof JobSettings['schedule']> = {
  'update-services': 'updateServices',
  'settle-due': 'settleDue',
  'stop-expired': 'stopExpired',
};

/**
 * Runs each job on its cron pattern inside the gateway. A run still going
 * when its next time comes is not doubled (the jobs are safe to overlap, but
 * it would only add conflicts); a run that throws is logged and the schedule
 * goes on.
 */
export function startScheduler(
  jobs: Pick<ScheduledJobs, 'run' | 'settings'>,
  logger: Logger,
  schedule: JobSettings['schedule'] = jobs.settings.schedule,
): JobScheduler {
  const stopping = new AbortController();
  const running = new Map<JobName, Promise<unknown>>();
  const crons = {} as Record<JobName, Cron>;
  for (const job of JOB_NAMES) {
    crons[job] = new Cron(
      schedule[PATTERN_OF[job]],
      {
        catch: (error) =>
          logger.error(
            { job, error: error instanceof Error ? error.message : String(error) },
            `${job} failed`,
          ),
      },
      async () => {
        if (running.has(job)) {
          logger.info({ job }, `${job} is still running; this turn is skipped`);
          return;
        }
        const run = jobs.run(job, stopping.signal);
        running.set(job, run);
        try {
          await run;
        } finally {
          running.delete(job);
        }
      },
    );
  }
  return {
    crons,
    async stop(): Promise<void> {
      for (const cron of Object.values(crons)) cron.stop();
      stopping.abort();
      await Promise.allSettled([...running.values()]);
    },
  };
}
