import type { CredentialsStore, MonitoringCredentials } from '@sla-ledger/chaincode/credentials';
import { monitoringOracle } from '@sla-ledger/chaincode/oracles';
import {
  createCloudWatchEmulator,
  type CloudWatchEmulator,
} from '@sla-ledger/emulators/cloudwatch';
import { HOUR, MINUTE, T0, jobNetwork } from '../support/job-network';
import { measurementsOf } from '../support/measured-windows';

/** Each organisation reads CloudWatch with an IAM identity of its own. */
const KEYS: Record<string, { accessKeyId: string; secretAccessKey: string }> = {
  ConsumerOrgMSP: {
    accessKeyId: 'AKIAJOBSCONSUMER0001',
    secretAccessKey: 'jobs/consumer/secret/0123456789abcdef',
  },
  AwsOrgMSP: {
    accessKeyId: 'AKIAJOBSAWSORG000001',
    secretAccessKey: 'jobs/awsorg/secret/0123456789abcdefg',
  },
};

let emulator: CloudWatchEmulator;
let endpoint: string;

beforeAll(async () => {
  emulator = createCloudWatchEmulator({
    credentials: Object.values(KEYS),
    region: 'eu-west-1',
    now: () => (T0 + 2 * HOUR) * 1000,
  });
  emulator.putDatapoints(
    {
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      dimensions: { InstanceId: 'i-jitsi' },
    },
    Array.from({ length: 90 }, (_, minute) => ({
      timestamp: new Date((T0 + minute * MINUTE) * 1000),
      value: minute >= 20 && minute < 25 ? 1 : 0,
    })),
  );
  ({ endpoint } = await emulator.start());
});

afterAll(async () => {
  await emulator.stop();
});

/** The organisation's store: `aws-monitoring` for everyone, `aws-only` for AwsOrg alone. */
function storeOf(organisation: string): CredentialsStore {
  const entry: MonitoringCredentials = {
    kind: 'aws',
    ...(KEYS[organisation] as (typeof KEYS)[string]),
    endpoint,
  };
  const refs = organisation === 'AwsOrgMSP' ? ['aws-monitoring', 'aws-only'] : ['aws-monitoring'];
  return { organisation, get: (ref) => (refs.includes(ref) ? entry : undefined), refs: () => refs };
}

describe('the update-services job reading CloudWatch through each organisation’s own credentials', () => {
  it('measures an outage, and names the organisation without the credentials a service needs', async () => {
    const net = await jobNetwork((mspId) =>
      monitoringOracle(() => storeOf(mspId), { timeoutMs: 2000, maxAttempts: 1 }),
    );
    try {
      await net.register('jitsi', 'i-jitsi');
      await net.register('other', 'i-jitsi', {
        monitor: {
          kind: 'cloudwatch',
          credentialsRef: 'aws-only',
          region: 'eu-west-1',
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed',
          dimensions: [{ name: 'InstanceId', value: 'i-jitsi' }],
          statistic: 'Maximum',
          availableWhen: { comparison: 'eq', threshold: '0' },
        },
      });
      net.clock.set(T0 + HOUR + 10 * MINUTE);

      const report = await net.jobs().updateServices();

      expect(report.windowsMeasured).toBe(1);
      const [record] = await measurementsOf(net.aws, 'jitsi');
      expect(record?.verdicts).toBe(`${'A'.repeat(20)}${'U'.repeat(5)}${'A'.repeat(35)}`);
      expect(report.failures).toEqual([
        expect.objectContaining({
          subjects: ['other'],
          reason: 'ORACLE_UNAVAILABLE',
          organisations: ['ConsumerOrgMSP'],
          message: expect.stringContaining(
            'ConsumerOrgMSP has no monitoring credentials named "aws-only"',
          ),
        }),
      ]);
      expect(new Set(emulator.calls.map((call) => call.accessKeyId))).toEqual(
        new Set([KEYS.AwsOrgMSP?.accessKeyId, KEYS.ConsumerOrgMSP?.accessKeyId]),
      );
    } finally {
      await net.close();
    }
  });
});
