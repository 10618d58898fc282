/**
 * Services measured per second, for 1k and 10k services on the in-process
 * chaincode reading the CloudWatch emulator through the real SDK client, two
 * organisations endorsing each transaction with their own credentials (as on
 * channel-aws): one measuring cycle of UpdateMany transactions (500 services
 * each, one GetMetricData call per endorser) against what a cron job
 * submitting one Update per service does — many transactions in flight,
 * blocks cut by the orderer (500 transactions or 250 ms). Each run is a
 * process of its own, so its peak RSS is its own.
 *   npm run bench:oracle [-- --sizes 1000,10000 --in-flight 200]
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';

import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createCloudWatchEmulator } from '@sla-ledger/emulators/cloudwatch';
import type { AwsCredentials } from '@sla-ledger/chaincode/credentials';
import { monitoringOracle } from '@sla-ledger/chaincode/oracles';
import { serviceWatching } from '../../chaincode/test/fixtures/services';
import type { SubmittedTransaction } from '../../chaincode/test/support/peer';
import { AWS, CONSUMER, T0, slaNetwork } from '../../chaincode/test/support/sla-network';

const MINUTE = 60;
const WINDOW = 10 * MINUTE;
const BATCH = 500;
const keys = {
  [CONSUMER]: { accessKeyId: 'AKIABENCHCONSUMER001', secretAccessKey: 'bench-consumer-secret' },
  [AWS]: { accessKeyId: 'AKIABENCHAWSORG00001', secretAccessKey: 'bench-awsorg-secret' },
};

type Path = 'UpdateMany' | 'Update';

interface Run {
  path: Path;
  services: number;
  seconds: number;
  transactions: number;
  valid: number;
  blocks: number;
  getMetricDataCalls: number;
  peakRssMiB: number;
}

/** Runs `task` over `items` with at most `limit` of them in flight. */
async function inFlight<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function run(path: Path, size: number, limit: number): Promise<Run> {
  const emulator = createCloudWatchEmulator({
    credentials: Object.values(keys),
    region: 'eu-west-1',
    now: () => (T0 + 3600) * 1000,
  });
  const { endpoint } = await emulator.start();
  try {
    const net = await slaNetwork({
      oracleFor: (org) => {
        const entry: AwsCredentials = { kind: 'aws', ...keys[org as keyof typeof keys], endpoint };
        return monitoringOracle(
          () => ({ organisation: org, get: () => entry, refs: () => ['aws-monitoring'] }),
          { timeoutMs: 20_000, maxAttempts: 2, budgetMs: 25_000 },
        );
      },
    });
    const serviceKeys = Array.from({ length: size }, (_, index) => `svc-${index}`);
    const submitted: SubmittedTransaction[] = [];
    const submit = async (fn: string, args: string[]): Promise<void> => {
      const tx = await net.channel.submitAsync(net.people.aws, fn, args);
      submitted.push(tx);
      await tx.status();
    };
    await inFlight(serviceKeys, limit, async (serviceKey) => {
      const instance = `i-${serviceKey}`;
      await submit('services:Register', [JSON.stringify(serviceWatching(instance, serviceKey))]);
      emulator.putDatapoints(
        {
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed',
          dimensions: { InstanceId: instance },
        },
        Array.from({ length: WINDOW / MINUTE }, (_, m) => ({
          timestamp: new Date((T0 + m * MINUTE) * 1000),
          value: (serviceKey.length + m) % 97 === 0 ? 1 : 0,
        })),
      );
    });
    net.setTime(T0 + WINDOW + 11 * MINUTE);
    submitted.length = 0;
    emulator.clearCalls();
    const heightBefore = net.channel.ledger.height;
    const started = process.hrtime.bigint();
    if (path === 'UpdateMany') {
      const batches = Array.from({ length: Math.ceil(size / BATCH) }, (_, index) =>
        serviceKeys.slice(index * BATCH, (index + 1) * BATCH),
      );
      await inFlight(batches, limit, (batch) =>
        submit('services:UpdateMany', [
          JSON.stringify(
            batch.map((serviceKey) => ({ serviceKey, windowStart: T0, windowEnd: T0 + WINDOW })),
          ),
        ]),
      );
    } else {
      await inFlight(serviceKeys, limit, (serviceKey) =>
        submit('services:Update', [serviceKey, String(T0), String(T0 + WINDOW)]),
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const statuses = await Promise.all(submitted.map((tx) => tx.status()));
    return {
      path,
      services: size,
      seconds,
      transactions: submitted.length,
      valid: statuses.filter((status) => status.successful).length,
      blocks: net.channel.ledger.height - heightBefore,
      getMetricDataCalls: emulator.calls.filter((call) => call.operation === 'GetMetricData')
        .length,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await emulator.stop();
  }
}

function row(cells: string[]): string {
  const widths = [9, 11, 20, 20, 7, 14, 10];
  return cells.map((cell, index) => cell.padEnd(widths[index] ?? 10)).join(' ');
}

function inChild(path: Path, size: number, limit: number): Run {
  const child = spawnSync(
    process.execPath,
    [
      process.argv[1] as string,
      '--child',
      path,
      '--sizes',
      String(size),
      '--in-flight',
      String(limit),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) {
    throw new Error(`the ${path} run of ${size} services failed (status ${child.status})`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '') as Run;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000' },
      'in-flight': { type: 'string', default: '200' },
      child: { type: 'string' },
    },
  });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const limit = Number(values['in-flight']);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1) || !(limit >= 1)) {
    throw new Error(`--sizes and --in-flight take whole numbers, got ${values.sizes} and ${limit}`);
  }
  if (values.child !== undefined) {
    console.log(JSON.stringify(await run(values.child as Path, sizes[0] as number, limit)));
    return;
  }
  console.log(
    'oracle benchmark: CloudWatch emulator on loopback, real SDK client, in-process chaincode,',
  );
  console.log(
    `two endorsing organisations each reading CloudWatch, ${WINDOW / MINUTE}-minute windows, ${limit} transactions in flight, blocks of up to 500 transactions or 250 ms\n`,
  );
  console.log(
    row(['services', 'path', 'services/s', 'transactions', 'valid', 'GetMetricData', 'peak RSS']),
  );
  for (const size of sizes) {
    const runs = (['UpdateMany', 'Update'] as const).map((path) => inChild(path, size, limit));
    for (const result of runs) {
      console.log(
        row([
          String(size),
          result.path,
          `${(size / result.seconds).toFixed(0)} (${result.seconds.toFixed(2)} s)`,
          `${result.transactions} in ${result.blocks} blocks`,
          String(result.valid),
          String(result.getMetricDataCalls),
          `${result.peakRssMiB.toFixed(0)} MiB`,
        ]),
      );
    }
    const [batched, single] = runs as [Run, Run];
    console.log(
      `${' '.repeat(10)}UpdateMany is ${(single.seconds / batched.seconds).toFixed(1)}x the services/s of one Update per service\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
