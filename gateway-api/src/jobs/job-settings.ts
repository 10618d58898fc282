import { MAX_UPDATE_REQUESTS } from '@sla-ledger/chaincode/schemas';
import { z } from 'zod';

/** How the scheduled jobs run; every field has a default and an environment variable. */
export interface JobSettings {
  /** Identities the jobs act as; default the first identity of each organisation the gateway holds. */
  identities?: string[];
  /** Services and agreements listed per page. */
  pageSize: number;
  /** Requests per services:UpdateMany (at most 500). */
  batchSize: number;
  /** UpdateMany transactions in flight at once. */
  concurrency: number;
  /** Catch-up rounds per run; a round advances each service by up to 200 periods. */
  maxRounds: number;
  /** Transactions a run may spend splitting refused batches to find the services at fault. */
  maxSplits: number;
  /** A service whose coverage is behind by more than this many seconds raises an alert. */
  behindAlertSeconds: number;
  /** Agreements settled per agreements:SettleDue (at most 100). */
  settleBatch: number;
  /** A consumer's gateway stops sessions of an ended agreement only this long after the end; its providers' at once. */
  consumerStopDelaySeconds: number;
  /** Cron patterns of the in-process scheduler (croner syntax, seconds optional). */
  schedule: { updateServices: string; settleDue: string; stopExpired: string };
}

export const DEFAULT_JOB_SETTINGS: JobSettings = {
  pageSize: 200,
  batchSize: MAX_UPDATE_REQUESTS,
  concurrency: 4,
  maxRounds: 50,
  maxSplits: 64,
  behindAlertSeconds: 900,
  settleBatch: 20,
  consumerStopDelaySeconds: 600,
  schedule: { updateServices: '* * * * *', settleDue: '*/5 * * * *', stopExpired: '* * * * *' },
};

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const EnvironmentSchema = z.object({
  SLA_JOBS_IDENTITIES: z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    )
    .optional(),
  SLA_JOBS_PAGE_SIZE: whole(1, 500).optional(),
  SLA_JOBS_BATCH_SIZE: whole(1, MAX_UPDATE_REQUESTS).optional(),
  SLA_JOBS_CONCURRENCY: whole(1, 64).optional(),
  SLA_JOBS_MAX_ROUNDS: whole(1, 10_000).optional(),
  SLA_JOBS_MAX_SPLITS: whole(0, 10_000).optional(),
  SLA_JOBS_BEHIND_ALERT_SECONDS: whole(0, 365 * 86_400).optional(),
  SLA_JOBS_SETTLE_BATCH: whole(1, 100).optional(),
  SLA_JOBS_CONSUMER_STOP_DELAY_SECONDS: whole(0, 365 * 86_400).optional(),
  SLA_JOBS_UPDATE_SERVICES_CRON: z.string().min(1).optional(),
  SLA_JOBS_SETTLE_DUE_CRON: z.string().min(1).optional(),
  SLA_JOBS_STOP_EXPIRED_CRON: z.string().min(1).optional(),
});

/** The settings from SLA_JOBS_* variables; a malformed one throws, naming it. */
export function jobSettingsFrom(env: Record<string, string | undefined>): JobSettings {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${String(issue?.path[0])} ${issue?.message ?? 'is malformed'}`);
  }
  const e = parsed.data;
  const d = DEFAULT_JOB_SETTINGS;
  return {
    ...(e.SLA_JOBS_IDENTITIES === undefined ? {} : { identities: e.SLA_JOBS_IDENTITIES }),
    pageSize: e.SLA_JOBS_PAGE_SIZE ?? d.pageSize,
    batchSize: e.SLA_JOBS_BATCH_SIZE ?? d.batchSize,
    concurrency: e.SLA_JOBS_CONCURRENCY ?? d.concurrency,
    maxRounds: e.SLA_JOBS_MAX_ROUNDS ?? d.maxRounds,
    maxSplits: e.SLA_JOBS_MAX_SPLITS ?? d.maxSplits,
    behindAlertSeconds: e.SLA_JOBS_BEHIND_ALERT_SECONDS ?? d.behindAlertSeconds,
    settleBatch: e.SLA_JOBS_SETTLE_BATCH ?? d.settleBatch,
    consumerStopDelaySeconds: e.SLA_JOBS_CONSUMER_STOP_DELAY_SECONDS ?? d.consumerStopDelaySeconds,
    schedule: {
      updateServices: e.SLA_JOBS_UPDATE_SERVICES_CRON ?? d.schedule.updateServices,
      settleDue: e.SLA_JOBS_SETTLE_DUE_CRON ?? d.schedule.settleDue,
      stopExpired: e.SLA_JOBS_STOP_EXPIRED_CRON ?? d.schedule.stopExpired,
    },
  };
}
