import type { Logger } from 'pino';
import type { GatewayConfig } from '../api/config';
import { createApp } from '../api/create-app';
import type { CredentialsVaults } from '../api/credentials/credentials-vault';
import { createMetrics } from '../api/metrics';
import { serve } from '../api/serve';
import { tokensFromFile } from '../api/auth/token-registry';
import { ScheduledJobs } from '../jobs/scheduled-jobs';
import { startScheduler } from '../jobs/scheduler';
import type { JobSettings } from '../jobs/job-settings';
import type { LedgerPort } from '../ledger/ledger-port';
import { retrying } from '../ledger/retrying-ledger';

export interface RunningGateway {
  url: string;
  /** Stops the scheduler (its runs end between transactions), then the HTTP server. */
  stop(): Promise<void>;
}

/** The REST API on `config.host:config.port` and the scheduled jobs, over one ledger. */
export async function runGateway(options: {
  config: GatewayConfig;
  ledger: LedgerPort;
  vaults: CredentialsVaults;
  logger: Logger;
  jobSettings: JobSettings;
  clock?: () => Date;
}): Promise<RunningGateway> {
  const { config, ledger, logger } = options;
  const metrics = createMetrics();
  const app = createApp({
    ledger,
    tokens: tokensFromFile(config.tokensFile, ledger.identities(), logger),
    credentials: options.vaults,
    organisation: config.organisation,
    ...(config.uiOrigin === undefined ? {} : { uiOrigin: config.uiOrigin }),
    logger,
    metrics,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    bodyLimitBytes: config.bodyLimitBytes,
    eventsHeartbeatMs: config.eventsHeartbeatMs,
    readinessTimeoutMs: config.readinessTimeoutMs,
  });
  const jobs = new ScheduledJobs({
    ledger: retrying(ledger),
    registry: metrics.registry,
    logger,
    settings: options.jobSettings,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const serving = await serve(app, { host: config.host, port: config.port });
  const scheduler = startScheduler(jobs, logger);
  // Catch up at once after downtime rather than at the first cron tick.
  for (const cron of Object.values(scheduler.crons)) void cron.trigger();
  return {
    url: serving.url,
    stop: async () => {
      await scheduler.stop();
      await serving.close();
    },
  };
}
