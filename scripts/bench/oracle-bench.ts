/**
 * Services measured per second: one UpdateMany cycle (batches of 500, one
 * GetMetricData call each) against one Update per service, for 1k and 10k
 * services, on the in-process chaincode reading the CloudWatch emulator with
 * the real SDK client. Two organisations endorse every transaction, each with
 * its own credentials, as on channel-aws.
 *   npm run bench:oracle [-- --sizes 1000,10000]
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { parseArgs } from 'node:util';
import { createCloudWatchEmulator } from '../sim/cloudwatch/cloudwatch-emulator';
import type { AwsCredentials } from '../../chaincode/src/oracles/credentials-store';
import { monitoringOracle } from '../../chaincode/src/oracles/oracle-from-environment';
import { serviceWatching } from '../../chaincode/test/fixtures/services';
import {
  AWS,
  CONSUMER,
  T0,
  slaNetwork,
  type SlaNetwork,
} from '../../chaincode/test/support/sla-network';

const MINUTE = 60;
const WINDOW = 10 * MINUTE;
const BATCH = 500;
const keys = {
  [CONSUMER]: { accessKeyId: 'AKIABENCHCONSUMER001', secretAccessKey: 'bench-consumer-secret' },
  [AWS]: { accessKeyId: 'AKIABENCHAWSORG00001', secretAccessKey: 'bench-awsorg-secret' },
};

interface Result {
  services: number;
  batchedSeconds: number;
  batchedCalls: number;
  singleSeconds: number;
  singleCalls: number;
}

async function measure(size: number): Promise<Result> {
  const emulator = createCloudWatchEmulator({
    credentials: Object.values(keys),
    region: 'eu-west-1',
    now: () => (T0 + 3600) * 1000,
  });
  const { endpoint } = await emulator.start();
  try {
    const net: SlaNetwork = await slaNetwork({
      oracleFor: (org) => {
        const entry: AwsCredentials = { kind: 'aws', ...keys[org as keyof typeof keys], endpoint };
        return monitoringOracle(
          () => ({ organisation: org, get: () => entry, refs: () => ['aws-monitoring'] }),
          { timeoutMs: 30_000, maxAttempts: 1 },
        );
      },
    });
    const keysOfServices: string[] = [];
    for (let index = 0; index < size; index += 1) {
      const instance = `i-${index.toString(16).padStart(8, '0')}`;
      const service = serviceWatching(instance, `svc-${index}`);
      await net.submit(net.people.aws, 'services:Register', JSON.stringify(service));
      emulator.putDatapoints(
        {
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed',
          dimensions: { InstanceId: instance },
        },
        Array.from({ length: (2 * WINDOW) / MINUTE }, (_, m) => ({
          timestamp: new Date((T0 + m * MINUTE) * 1000),
          value: (index + m) % 97 === 0 ? 1 : 0,
        })),
      );
      keysOfServices.push(`svc-${index}`);
    }
    net.setTime(T0 + 2 * WINDOW + 11 * MINUTE);

    const calls = (): number =>
      emulator.calls.filter((call) => call.operation === 'GetMetricData').length;
    emulator.clearCalls();
    let started = process.hrtime.bigint();
    for (let index = 0; index < keysOfServices.length; index += BATCH) {
      const requests = keysOfServices
        .slice(index, index + BATCH)
        .map((serviceKey) => ({ serviceKey, windowStart: T0, windowEnd: T0 + WINDOW }));
      await net.submit(net.people.aws, 'services:UpdateMany', JSON.stringify(requests));
    }
    const batchedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const batchedCalls = calls();

    emulator.clearCalls();
    started = process.hrtime.bigint();
    for (const serviceKey of keysOfServices) {
      await net.submit(
        net.people.aws,
        'services:Update',
        serviceKey,
        String(T0 + WINDOW),
        String(T0 + 2 * WINDOW),
      );
    }
    const singleSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { services: size, batchedSeconds, batchedCalls, singleSeconds, singleCalls: calls() };
  } finally {
    await emulator.stop();
  }
}

function row(cells: string[]): string {
  const widths = [9, 24, 26, 8, 22];
  return cells.map((cell, index) => cell.padEnd(widths[index] ?? 10)).join(' ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000' } } });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) {
    throw new Error(`--sizes must list whole numbers, got ${values.sizes}`);
  }
  console.log(
    'oracle benchmark: CloudWatch emulator on loopback, real SDK client, in-process chaincode,',
  );
  console.log(
    `two endorsing organisations (each reads CloudWatch itself), ${WINDOW / MINUTE}-minute windows, UpdateMany in batches of ${BATCH}\n`,
  );
  console.log(
    row(['services', 'UpdateMany cycle', 'one Update per service', 'ratio', 'GetMetricData calls']),
  );
  for (const size of sizes) {
    const result = await measure(size);
    const batched = result.services / result.batchedSeconds;
    const single = result.services / result.singleSeconds;
    console.log(
      row([
        String(result.services),
        `${batched.toFixed(0)} /s (${result.batchedSeconds.toFixed(2)} s)`,
        `${single.toFixed(0)} /s (${result.singleSeconds.toFixed(2)} s)`,
        `${(batched / single).toFixed(1)}x`,
        `${result.batchedCalls} vs ${result.singleCalls}`,
      ]),
    );
  }
  console.log(`\npeak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
