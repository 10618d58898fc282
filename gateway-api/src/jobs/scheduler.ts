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
 * when its next time comes is not doubled (croner's `protect`); a run that
 * throws is logged and the schedule goes on.
 */
export function startScheduler(
  jobs: ScheduledJobs,
  logger: Logger,
  schedule: JobSettings['schedule'] = jobs.settings.schedule,
): JobScheduler {
  const stopping = new AbortController();
  const running = new Set<Promise<unknown>>();
  const crons = {} as Record<JobName, Cron>;
  for (const job of JOB_NAMES) {
    const pattern = schedule[PATTERN_OF[job]];
    crons[job] = new Cron(
      pattern,
      {
        protect: () => logger.info({ job }, `${job} is still running; this turn is skipped`),
        catch: (error) =>
          logger.error(
            { job, error: error instanceof Error ? error.message : String(error) },
            `${job} failed`,
          ),
      },
      async () => {
        const run = jobs.run(job, stopping.signal);
        running.add(run);
        try {
          await run;
        } finally {
          running.delete(run);
        }
      },
    );
  }
  return {
    crons,
    async stop(): Promise<void> {
      for (const cron of Object.values(crons)) cron.stop();
      stopping.abort();
      await Promise.allSettled([...running]);
    },
  };
}
