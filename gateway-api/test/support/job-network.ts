import { Registry } from 'prom-client';
import {
  ScheduledJobs,
  SlaClient,
  embeddedLedger,
  jobActors,
  type JobSettings,
  type LedgerPort,
  type Logger,
} from '../../src';
import type { MetricOracle } from '@sla-ledger/chaincode/oracles';
import { awsChannelConsortium } from './consortium';
import { ReadingsOracle } from './readings-oracle';

export const T0 = Date.parse('2026-11-25T10:00:00Z') / 1000;
export const MINUTE = 60;
export const HOUR = 3600;
export const LAG = 600;

/** A clock the test moves by hand; the ledger and the jobs read the same one. */
export class TestClock {
  constructor(public seconds: number) {}
  readonly now = (): Date => new Date(this.seconds * 1000);
  set(seconds: number): void {
    this.seconds = seconds;
  }
  advance(seconds: number): void {
    this.seconds += seconds;
  }
}

/** Log lines kept for assertions. */
export class RecordedLog implements Logger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; message: string; fields: object }> = [];
  info(fields: object, message: string): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(fields: object, message: string): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(fields: object, message: string): void {
    this.lines.push({ level: 'error', message, fields });
  }
  at(level: 'warn' | 'error'): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}

export interface JobNetwork {
  ledger: LedgerPort;
  clock: TestClock;
  admin: SlaClient;
  aws: SlaClient;
  alice: SlaClient;
  /** A gateway's jobs acting as the given identities (default: the provider AwsOrg's). */
  jobs(options?: {
    identities?: string[];
    ledger?: LedgerPort;
    settings?: Partial<JobSettings>;
    registry?: Registry;
    log?: RecordedLog;
  }): ScheduledJobs;
  register(key: string, instanceId?: string, overrides?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** channel-aws on the embedded ledger with tokens initialised, every organisation reading its own oracle. */
export async function jobNetwork(
  oracleFor: (mspId: string) => MetricOracle = () => new ReadingsOracle(),
  start = T0,
): Promise<JobNetwork> {
  const clock = new TestClock(start);
  const ledger = embeddedLedger({
    consortium: awsChannelConsortium(oracleFor),
    clock: clock.now,
    orderer: { batchTimeoutMs: 2 },
  });
  const admin = new SlaClient(ledger, 'channel-aws', 'consumer-admin');
  await admin.initTokens({ issuerMsps: ['ConsumerOrgMSP'] });
  const aws = admin.as('aws-ops');
  return {
    ledger,
    clock,
    admin,
    aws,
    alice: admin.as('consumer-alice'),
    jobs: (options = {}) =>
      new ScheduledJobs({
        ledger: options.ledger ?? ledger,
        registry: options.registry ?? new Registry(),
        clock: clock.now,
        logger: options.log ?? new RecordedLog(),
        settings: options.settings ?? {},
        actors: jobActors(ledger, options.identities ?? ['aws-ops']),
      }),
    register: async (key, instanceId = `i-${key}`, overrides = {}) => {
      await aws.registerService(cloudWatchService(key, instanceId, overrides));
    },
    close: () => ledger.close(),
  };
}

export function cloudWatchService(
  key: string,
  instanceId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    key,
    providerOrg: 'AwsOrgMSP',
    consumerOrg: 'ConsumerOrgMSP',
    monitor: {
      kind: 'cloudwatch',
      credentialsRef: 'aws-monitoring',
      region: 'eu-west-1',
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: [{ name: 'InstanceId', value: instanceId }],
      statistic: 'Maximum',
      availableWhen: { comparison: 'eq', threshold: '0' },
      missingData: 'unavailable',
    },
    sla: {
      periodSeconds: MINUTE,
      promisedAvailabilityBp: 9999,
      creditTiers: [{ belowBp: 9999, creditBp: 1000 }],
      measuredFrom: new Date(T0 * 1000).toISOString(),
      settleLagSeconds: LAG,
    },
    ...overrides,
  };
}
