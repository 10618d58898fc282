/**
 * Runs the CloudWatch emulator on its own until interrupted:
 *   node dist/scripts/sim/cloudwatch/main.js --credentials AKID:SECRET [--port 4582]
 *     [--region us-east-1] [--scenario file.json ...]
 * Credentials may also come from SLA_CLOUDWATCH_CREDENTIALS="AKID:SECRET,AKID2:SECRET2".
 * Prints one JSON line with the endpoint once listening.
 */
import { parseArgs } from 'node:util';
import { createCloudWatchEmulator, type EmulatorCredentials } from './cloudwatch-emulator';

function parseCredential(text: string): EmulatorCredentials {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new Error(
      `credentials must be ACCESS_KEY_ID:SECRET_ACCESS_KEY, got ${JSON.stringify(text)}`,
    );
  }
  return { accessKeyId: text.slice(0, colon), secretAccessKey: text.slice(colon + 1) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      credentials: { type: 'string', multiple: true },
      port: { type: 'string', default: '0' },
      region: { type: 'string', default: 'us-east-1' },
      scenario: { type: 'string', multiple: true },
    },
  });
  const credentialTexts = [
    ...(values.credentials ?? []),
    ...(process.env.SLA_CLOUDWATCH_CREDENTIALS ?? '').split(',').filter((text) => text !== ''),
  ];
  if (credentialTexts.length === 0) {
    throw new Error('give at least one --credentials ACCESS_KEY_ID:SECRET_ACCESS_KEY');
  }
  const emulator = createCloudWatchEmulator({
    credentials: credentialTexts.map(parseCredential),
    region: values.region,
  });
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
