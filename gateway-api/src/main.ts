#!/usr/bin/env node
/**
 * `npm start`: the gateway. With SLA_FABRIC_CONFIG, over the organisation's
 * Fabric peers; without, over the embedded demo consortium in SLA_DATA_DIR
 * with the monitoring emulators. Either way: the REST API and the
 * scheduled jobs, until SIGINT or SIGTERM.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnvironment, type GatewayConfig } from './api/config';
import { sealedCredentialsFile } from './api/credentials/credentials-vault';
import { createLogger } from './api/logger';
import { jobSettingsFrom, type JobSettings } from './jobs/job-settings';
import { fabricLedger, loadFabricConfig } from './ledger/fabric';
import { DEMO_IDENTITIES } from './demo/demo-consortium';
import { demoTokens, DEMO_TOKENS_FILE } from './start/demo-tokens';
import { openEmbeddedDemo } from './start/embedded-demo';
import { runGateway, type RunningGateway } from './start/run-gateway';

async function main(): Promise<void> {
  let config: GatewayConfig;
  let jobSettings: JobSettings;
  try {
    config = configFromEnvironment();
    jobSettings = jobSettingsFrom(process.env);
  } catch (error) {
    console.error(`sla-gateway: ${(error as Error).message}`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });

  let running: RunningGateway;
  let closeLedger: () => Promise<void>;
  if (config.fabricConfig !== undefined) {
    const ledger = fabricLedger(loadFabricConfig(config.fabricConfig), { logger });
    const vaults = new Map(
      config.credentials === undefined
        ? []
        : [
            [
              config.organisation,
              sealedCredentialsFile(
                config.organisation,
                config.credentials.file,
                config.credentials.key,
              ),
            ],
          ],
    );
    running = await runGateway({ config, ledger, vaults, logger, jobSettings });
    closeLedger = () => ledger.close();
    console.log(`sla-ledger gateway for ${config.organisation} on ${running.url} (Fabric)`);
  } else {
    const demo = await openEmbeddedDemo(config.dataDir);
    running = await runGateway({
      config,
      ledger: demo.ledger,
      vaults: demo.vaults,
      logger,
      jobSettings,
    });
    closeLedger = demo.close;
    const tokens = await demoTokens(
      join(config.dataDir, DEMO_TOKENS_FILE),
      config.tokensFile,
      DEMO_IDENTITIES.map((identity) => identity.name),
    );
    printDemo(running.url, config.dataDir, demo.state, demo.monitoring.scenario, tokens);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void running
      .stop()
      .then(closeLedger)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ error: (error as Error).message }, 'stopped with an error');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function printDemo(
  url: string,
  dataDir: string,
  state: 'seeded' | 'kept',
  scenario: readonly string[],
  tokens: Record<string, string>,
): void {
  const lines = [
    '',
    `sla-ledger gateway on ${url}  (embedded ledger, demo consortium ${state === 'seeded' ? 'created' : 'reopened'})`,
    `  API docs     ${url}/api/docs`,
    `  OpenAPI      ${url}/api/openapi.json`,
    `  data folder  ${dataDir}  (SLA_DATA_DIR)`,
    '',
    'monitoring emulators:',
    ...scenario.map((line) => `  ${line}`),
    '',
    'demo bearer tokens (Authorization: Bearer <token>):',
    ...Object.entries(tokens).map(([identity, token]) => `  ${identity.padEnd(18)} ${token}`),
    '',
    'try:',
    `  curl -H "Authorization: Bearer ${tokens['consumer-alice'] ?? '<token>'}" ${url}/api/channels/channel-aws/services/jitsi-eu-1`,
    '',
    'Ctrl-C stops it; the ledger stays in the data folder for the next start.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`sla-gateway: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
