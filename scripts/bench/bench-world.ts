/**
 * What the update-cycle and API benchmarks share: the CloudWatch emulator
 * (real SDK wire protocol over loopback) seeded with one status-check series
 * per service, each organisation's sealed credentials file, and the
 * gateway's embedded ledger of channel-aws (durable, in a temporary folder),
 * whose two peers read the emulator with their own keys. Time is simulated:
 * the peers, the jobs and the API share one clock the benchmark moves.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, seal, type AwsCredentials } from '@sla-ledger/chaincode/credentials';
import { oracleFromEnvironment } from '@sla-ledger/chaincode/oracles';
import {
  createCloudWatchEmulator,
  type CloudWatchEmulator,
} from '@sla-ledger/emulators/cloudwatch';
import {
  SlaClient,
  embeddedLedger,
  type Consortium,
  type EmbeddedLedger,
} from '@sla-ledger/gateway-api';
import { AWS, CHANNEL, CONSUMER, PERIOD, REGION, SETTLE_LAG } from './bench-constants';
import { simulatedClock, type SimulatedClock } from './simulated-clock';

const ORGANISATIONS = [CONSUMER, AWS];

export interface BenchWorld {
  folder: string;
  clock: SimulatedClock;
  ledger: EmbeddedLedger;
  cloudWatch: CloudWatchEmulator;
  /** Where every service's measurements start (aligned to the period). */
  measuredFrom: number;
  instanceOf(index: number): string;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Instances to seed data for, one per service. */
  instances: number;
  /** Minutes of data per instance from `measuredFrom` on. */
  minutes: number;
  /** Periods open to measurement when the clock starts (default 1). */
  periodsOpen?: number;
}

/**
 * Seeds the emulator (one StatusCheckFailed series per instance; every 25th
 * instance fails one minute in 30) and opens the ledger. Simulated time
 * starts two hours before the machine clock, so that every window measured
 * lies in the past of the clock the SDK signs with.
 */
export async function openWorld(options: WorldOptions): Promise<BenchWorld> {
  const folder = mkdtempSync(join(tmpdir(), 'sla-bench-'));
  const measuredFrom = Math.floor(Date.now() / 1000 / PERIOD) * PERIOD - 2 * 3600;
  const clock = simulatedClock(measuredFrom + SETTLE_LAG + (options.periodsOpen ?? 1) * PERIOD);
  const keys = ORGANISATIONS.map((_, index) => ({
    accessKeyId: `AKIABENCH00000000${index}`,
    secretAccessKey: `bench/${generateKey()}`,
  }));
  const cloudWatch = createCloudWatchEmulator({ credentials: keys, region: REGION });
  const instanceOf = (index: number): string => `i-bench${String(index).padStart(6, '0')}`;
  for (let index = 0; index < options.instances; index += 1) {
    cloudWatch.putDatapoints(
      {
        namespace: 'AWS/EC2',
        metricName: 'StatusCheckFailed',
        dimensions: { InstanceId: instanceOf(index) },
      },
      Array.from({ length: options.minutes }, (_, minute) => ({
        timestamp: new Date((measuredFrom + minute * PERIOD) * 1000),
        value: index % 25 === 0 && minute % 30 === 7 ? 1 : 0,
      })),
    );
  }
  const { endpoint } = await cloudWatch.start();
  const consortium: Consortium = {
    organisations: ORGANISATIONS.map((mspId, index) => {
      const file = join(folder, `credentials-${mspId}.json`);
      const key = generateKey();
      const credentials: AwsCredentials = { kind: 'aws', ...keys[index]!, endpoint };
      writeFileSync(file, seal({ 'aws-monitoring': credentials }, key), { mode: 0o600 });
      const environment = {
        SLA_ORGANISATION: mspId,
        SLA_CREDENTIALS_FILE: file,
        SLA_CREDENTIALS_KEY: key,
      };
      return { mspId, oracle: oracleFromEnvironment(environment) };
    }),
    channels: [
      { name: CHANNEL, members: ORGANISATIONS, endorsement: 'all', tokenIssuer: CONSUMER },
    ],
    identities: [
      { name: 'consumer-admin', mspId: CONSUMER, commonName: 'admin', nodeOu: 'admin' },
      { name: 'aws-admin', mspId: AWS, commonName: 'admin', nodeOu: 'admin' },
      { name: 'aws-ops', mspId: AWS, commonName: 'aws-ops' },
    ],
  };
  const ledger = embeddedLedger({ consortium, dataDir: join(folder, 'ledger'), clock });
  await ledger.opened();
  // tokens:Init makes the channel's members join its ledger, as on a new channel.
  await new SlaClient(ledger, CHANNEL, 'consumer-admin').initTokens({ issuerMsps: [CONSUMER] });
  return {
    folder,
    clock,
    ledger,
    cloudWatch,
    measuredFrom,
    instanceOf,
    close: async () => {
      await ledger.close();
      await cloudWatch.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
