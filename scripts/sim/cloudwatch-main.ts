/**
 * Runs the CloudWatch emulator on its own until interrupted:
 *   SLA_CLOUDWATCH_CREDENTIALS="AKID:SECRET[,AKID2:SECRET2]" node dist/sim/cloudwatch-main.js
 *   node dist/sim/cloudwatch-main.js --credentials-file keys.txt (one AKID:SECRET a line)
 *     [--port 4582] [--region us-east-1] [--scenario file.json ...]
 * Secret keys never come from the command line, which every user of the machine can read (ps).
 * Prints one JSON line with the endpoint once listening.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  createCloudWatchEmulator,
  type EmulatorCredentials,
} from '@sla-ledger/emulators/cloudwatch';

function parseCredential(text: string, source: string): EmulatorCredentials {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new Error(`${source}: each key must be ACCESS_KEY_ID:SECRET_ACCESS_KEY`);
  }
  return { accessKeyId: text.slice(0, colon), secretAccessKey: text.slice(colon + 1) };
}

function credentialsFrom(file: string | undefined, environment: string | undefined) {
  const fromFile =
    file === undefined
      ? []
      : readFileSync(file, 'utf8')
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && !line.startsWith('#'))
          .map((line) => parseCredential(line, file));
  const fromEnvironment = (environment ?? '')
    .split(',')
    .filter((text) => text !== '')
    .map((text) => parseCredential(text, 'SLA_CLOUDWATCH_CREDENTIALS'));
  return [...fromFile, ...fromEnvironment];
}

async function main(): Promise<void> {
  if (process.argv.some((arg) => arg === '--credentials' || arg.startsWith('--credentials='))) {
    throw new Error(
      'keys do not go on the command line, where every user of the machine can read them (ps): set SLA_CLOUDWATCH_CREDENTIALS or give --credentials-file',
    );
  }
  const { values } = parseArgs({
    options: {
      'credentials-file': { type: 'string' },
      port: { type: 'string', default: '0' },
      region: { type: 'string', default: 'us-east-1' },
      scenario: { type: 'string', multiple: true },
    },
  });
  const credentials = credentialsFrom(
    values['credentials-file'],
    process.env.SLA_CLOUDWATCH_CREDENTIALS,
  );
  if (credentials.length === 0) {
    throw new Error(
      'no keys: set SLA_CLOUDWATCH_CREDENTIALS=ACCESS_KEY_ID:SECRET_ACCESS_KEY or give --credentials-file',
    );
  }
  const emulator = createCloudWatchEmulator({ credentials, region: values.region });
  let datapoints = 0;
  for (const path of values.scenario ?? []) datapoints += emulator.loadScenarioFile(path);
  const { endpoint } = await emulator.start(Number(values.port));
  console.log(
    JSON.stringify({ service: 'cloudwatch', endpoint, region: emulator.region, datapoints }),
  );
  const shutDown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutDown);
  process.once('SIGTERM', shutDown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
