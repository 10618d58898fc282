/**
 * Runs the emulator as a process:
 *   node dist/sim/azure-monitor-main.js --scenario <file.json> [--port 8443] [--ca-file <ca.pem>]
 * Prints one JSON line {endpoint, authorityHost, metricsEndpoint, caFile} once listening; stops on
 * SIGINT/SIGTERM.
 * Clients in other processes trust the certificate with NODE_EXTRA_CA_CERTS=<ca.pem>.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAzureMonitorEmulator, parseScenario } from '@sla-ledger/emulators/azure-monitor';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      port: { type: 'string', default: '0' },
      'ca-file': { type: 'string', default: join(tmpdir(), 'azure-monitor-emulator-ca.pem') },
    },
  });
  if (!values.scenario) {
    throw new Error(
      '--scenario <file.json> is required (see scripts/emulators/scenarios/vm1-outage.json)',
    );
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, got '${values.port}'`);
  }
  const scenario = parseScenario(JSON.parse(readFileSync(values.scenario, 'utf8')));
  const emulator = createAzureMonitorEmulator({ principals: [], scenario });
  const caFile = values['ca-file'];
  emulator.writeCaCertificate(caFile);
  const started = await emulator.start(port);
  console.log(
    JSON.stringify({
      endpoint: started.endpoint,
      authorityHost: started.authorityHost,
      metricsEndpoint: started.metricsEndpoint,
      caFile,
    }),
  );

  const shutdown = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`azure-monitor emulator: ${(error as Error).message}`);
  process.exit(1);
});
