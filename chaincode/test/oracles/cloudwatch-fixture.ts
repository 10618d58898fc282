import { exampleScenarioFile } from '@sla-ledger/emulators';
/**
 * The CloudWatch emulator with the example scenario, and networks whose organisations read it
 * through the real SDK, each with an IAM identity of its own.
 */
import {
  createCloudWatchEmulator,
  type CloudWatchEmulator,
} from '@sla-ledger/emulators/cloudwatch';
import type { AwsCredentials, CredentialsStore } from '../../src/oracles/credentials-store';
import { monitoringOracle } from '../../src/oracles/oracle-from-environment';
import type { OracleSettings } from '../../src/oracles/oracle-settings';
import { AWS, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';

export const REGION = 'eu-west-1';
const HOUR = 3600;

export const scenarioFile = exampleScenarioFile('ec2-status-check-outage');

/** Each organisation reads CloudWatch with an IAM identity of its own. */
export const keys = {
  [CONSUMER]: {
    accessKeyId: 'AKIACONSUMERREADER01',
    secretAccessKey: 'consumer/reader/secret/0123456789abcdefgh',
  },
  [AWS]: {
    accessKeyId: 'AKIAAWSORGREADER0001',
    secretAccessKey: 'awsorg/reader/secret/0123456789abcdefghi',
  },
};

/** The emulator, seeded with the example scenario, its clock two hours after T0; not started. */
export function scenarioCloudWatch(): CloudWatchEmulator {
  const emulator = createCloudWatchEmulator({
    credentials: Object.values(keys),
    region: REGION,
    now: () => (T0 + 2 * HOUR) * 1000,
  });
  emulator.loadScenarioFile(scenarioFile);
  return emulator;
}

export function storeOf(
  org: string,
  endpoint: string,
  overrides: Partial<AwsCredentials> = {},
): CredentialsStore {
  const entry: AwsCredentials = {
    kind: 'aws',
    ...keys[org as keyof typeof keys],
    endpoint,
    ...overrides,
  };
  return {
    organisation: org,
    get: (ref) => (ref === 'aws-monitoring' ? entry : undefined),
    refs: () => ['aws-monitoring'],
  };
}

export async function cloudWatchNetwork(
  endpoint: string,
  options: { settings?: Partial<OracleSettings>; stores?: (org: string) => CredentialsStore } = {},
): Promise<SlaNetwork> {
  return slaNetwork({
    oracleFor: (org) =>
      monitoringOracle(() => (options.stores ?? ((o) => storeOf(o, endpoint)))(org), {
        timeoutMs: 1500,
        maxAttempts: 1,
        ...options.settings,
      }),
  });
}
