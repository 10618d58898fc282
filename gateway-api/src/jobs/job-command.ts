import { writeFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { loadFabricConfig } from '../ledger/fabric/fabric-config';
import { fabricLedger } from '../ledger/fabric/fabric-ledger';
import type { LedgerPort } from '../ledger/ledger-port';
import { retrying } from '../ledger/retrying-ledger';
import pino from 'pino';
import { createLogger } from '../api/logger';
import type { Logger } from '../logger';
import { JOB_NAMES, type JobName } from './job-report';
import { jobSettingsFrom } from './job-settings';
import { ScheduledJobs } from './scheduled-jobs';

export interface CommandIo {
  /** The run's report, one JSON document. */
  out(text: string): void;
  /** Usage and configuration errors. */
  err(text: string): void;
  logger: Logger;
}

export type Environment = Record<string, string | undefined>;

export const USAGE = `usage: jobs-cli ${JOB_NAMES.join(' | ')}
  SLA_FABRIC_CONFIG      the organisation's Fabric gateway configuration (required)
  SLA_JOBS_*             the job settings (see gateway-api/README.md)
  SLA_JOBS_METRICS_FILE  where to write the run's Prometheus metrics (textfile collector)`;

/** The organisation's Fabric network from SLA_FABRIC_CONFIG, with conflicts retried. */
export function fabricFromEnvironment(env: Environment, logger: Logger): LedgerPort {
  const path = env.SLA_FABRIC_CONFIG;
  if (path === undefined || path === '') {
    throw new Error(
      "SLA_FABRIC_CONFIG is not set: the job commands run against the organisation's Fabric peers (the embedded ledger lives inside the gateway process, whose scheduler runs these jobs)",
    );
  }
  return retrying(fabricLedger(loadFabricConfig(path), { logger }));
}

/**
 * One job run from the command line (an external cron, a Kubernetes
 * CronJob): prints the report, writes the metrics file if asked, and says
 * by its exit code whether everything was done (0), something failed or
 * the run was stopped (1), or it could not start (2). A stop signal ends
 * the run between transactions.
 */
export async function runJobCommand(
  argv: readonly string[],
  env: Environment,
  io: CommandIo,
  options: {
    openLedger?: typeof fabricFromEnvironment;
    clock?: () => Date;
    signal?: AbortSignal;
  } = {},
): Promise<number> {
  const job = argv[0] as JobName;
  if (argv.length !== 1 || !JOB_NAMES.includes(job)) {
    io.err(USAGE);
    return 2;
  }
  let ledger: LedgerPort;
  let jobs: ScheduledJobs;
  const registry = new Registry();
  try {
    const settings = jobSettingsFrom(env);
    ledger = (options.openLedger ?? fabricFromEnvironment)(env, io.logger);
    jobs = new ScheduledJobs({
      ledger,
      registry,
      logger: io.logger,
      settings,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
  } catch (error) {
    io.err(`${job}: ${(error as Error).message}`);
    return 2;
  }
  try {
    const report = await jobs.run(job, options.signal);
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    const metricsFile = env.SLA_JOBS_METRICS_FILE;
    if (metricsFile !== undefined && metricsFile !== '') {
      writeFileSync(metricsFile, await registry.metrics());
    }
    return report.outcome === 'success' ? 0 : 1;
  } finally {
    await ledger.close();
  }
}

/** The process's own run: standard streams, SIGINT/SIGTERM stop the run, the exit code set. */
export async function main(argv: readonly string[]): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.exitCode = await runJobCommand(
    argv,
    process.env,
    {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(`${text}\n`),
      logger: createLogger({
        level: process.env.SLA_LOG_LEVEL || 'info',
        destination: pino.destination(2),
      }),
    },
    { signal: stop.signal },
  );
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
