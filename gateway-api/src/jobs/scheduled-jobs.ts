import type { Registry } from 'prom-client';
import type { LedgerPort } from '../ledger/ledger-port';
import { createLogger } from '../api/logger';
import type { Logger } from '../logger';
import { jobActors, type JobActor } from './job-actors';
import type { JobContext } from './job-context';
import { JobMetrics } from './job-metrics';
import type {
  JobName,
  JobReport,
  SettleDueReport,
  StopExpiredReport,
  UpdateServicesReport,
} from './job-report';
import { DEFAULT_JOB_SETTINGS, type JobSettings } from './job-settings';
import { settleDue } from './settle-due';
import { stopExpired } from './stop-expired';
import { updateServices } from './update-services';

export interface ScheduledJobsOptions {
  ledger: LedgerPort;
  /** Where the jobs' metrics go (the registry the gateway serves at /metrics). */
  registry: Registry;
  /** Default the system clock. */
  clock?: () => Date;
  /** Default the gateway's pino logger (createLogger). */
  logger?: Logger;
  settings?: Partial<JobSettings>;
  /** Default: every channel, as the identities in the settings or one of each organisation held. */
  actors?: JobActor[];
}

/**
 * The gateway's scheduled jobs over one ledger: the in-process scheduler and
 * the command line both run them through here. Each run reports what it did
 * and updates the metrics.
 */
export class ScheduledJobs {
  private readonly context: JobContext;
  /** Ended agreements known to have no open session left (see stopExpired). */
  private readonly closedAgreements = new Set<string>();

  constructor(options: ScheduledJobsOptions) {
    const settings = { ...DEFAULT_JOB_SETTINGS, ...options.settings };
    this.context = {
      ledger: options.ledger,
      actors: options.actors ?? jobActors(options.ledger, settings.identities),
      clock: options.clock ?? (() => new Date()),
      logger: options.logger ?? createLogger(),
      metrics: new JobMetrics(options.registry),
      settings,
    };
  }

  get settings(): JobSettings {
    return this.context.settings;
  }

  updateServices(signal?: AbortSignal): Promise<UpdateServicesReport> {
    return this.logged(updateServices(this.context, signal));
  }

  settleDue(signal?: AbortSignal): Promise<SettleDueReport> {
    return this.logged(settleDue(this.context, signal));
  }

  stopExpired(signal?: AbortSignal): Promise<StopExpiredReport> {
    return this.logged(stopExpired(this.context, this.closedAgreements, signal));
  }

  run(job: JobName, signal?: AbortSignal): Promise<JobReport> {
    switch (job) {
      case 'update-services':
        return this.updateServices(signal);
      case 'settle-due':
        return this.settleDue(signal);
      case 'stop-expired':
        return this.stopExpired(signal);
    }
  }

  private async logged<R extends JobReport>(running: Promise<R>): Promise<R> {
    const report = await running;
    const { failures, behind, ...summary } = report as R & { behind?: unknown[] };
    this.context.logger.info(
      {
        ...summary,
        failures: failures.length,
        ...(behind === undefined ? {} : { behind: behind.length }),
      },
      `${report.job} ${report.outcome}`,
    );
    return report;
  }
}
