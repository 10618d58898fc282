/**
 * The CloudWatch adapter against a CloudWatch implementation, fed through
 * PutMetricData with the real SDK. The same cases run against our emulator
 * and against moto_server, with the same expected results.
 */
import { randomUUID } from 'node:crypto';
import {
  CloudWatchClient,
  PutMetricDataCommand,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { measureWindow } from '../../src/domain/availability';
import { parseMonitor, type CloudWatchMonitor } from '../../src/domain/monitor';
import { canonicalizeReadings } from '../../src/domain/readings';
import { CloudWatchOracle } from '../../src/oracles/cloudwatch-oracle';
import type { AwsCredentials, CredentialsStore } from '../../src/oracles/credentials-store';

export interface CloudWatchBackend {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

const MINUTE = 60;
const NAMESPACE = 'SlaLedger/Suite';

export function describeCloudWatchSuite(
  name: string,
  backend: () => CloudWatchBackend | undefined,
): void {
  describe(`the CloudWatch adapter against ${name}`, () => {
    // Fresh dimensions per run, so cases never see each other's data; times a few hours back (CloudWatch keeps two weeks).
    const run = randomUUID().slice(0, 8);
    const base = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * 3600;
    let client: CloudWatchClient;
    let oracle: CloudWatchOracle;

    beforeAll(() => {
      const target = backend() as CloudWatchBackend;
      client = new CloudWatchClient({
        region: target.region,
        endpoint: target.endpoint,
        credentials: target.credentials,
        maxAttempts: 1,
      });
      const entry: AwsCredentials = {
        kind: 'aws',
        ...target.credentials,
        endpoint: target.endpoint,
      };
      const store: CredentialsStore = {
        organisation: 'AwsOrgMSP',
        get: () => entry,
        refs: () => ['suite'],
      };
      oracle = new CloudWatchOracle(() => store, { timeoutMs: 5000, maxAttempts: 1 });
    });

    afterAll(() => client?.destroy());

    const monitor = (
      instance: string,
      statistic: CloudWatchMonitor['statistic'],
    ): CloudWatchMonitor =>
      parseMonitor('monitor', {
        kind: 'cloudwatch',
        credentialsRef: 'suite',
        region: backend()?.region,
        namespace: NAMESPACE,
        metricName: 'StatusCheckFailed',
        dimensions: [{ name: 'InstanceId', value: `${instance}-${run}` }],
        statistic,
        availableWhen: { comparison: 'eq', threshold: '0' },
        missingData: 'unavailable',
      }) as CloudWatchMonitor;

    async function put(instance: string, samples: Array<[number, number]>): Promise<void> {
      const data: MetricDatum[] = samples.map(([t, value]) => ({
        MetricName: 'StatusCheckFailed',
        Dimensions: [{ Name: 'InstanceId', Value: `${instance}-${run}` }],
        Timestamp: new Date(t * 1000),
        Value: value,
      }));
      for (let index = 0; index < data.length; index += 500) {
        await client.send(
          new PutMetricDataCommand({
            Namespace: NAMESPACE,
            MetricData: data.slice(index, index + 500),
          }),
        );
      }
    }

    async function readings(
      instance: string,
      statistic: CloudWatchMonitor['statistic'],
      minutes: number,
      period = MINUTE,
    ): Promise<Array<string | null>> {
      const window = { start: base, end: base + minutes * MINUTE };
      const answers = await oracle.read([
        {
          id: 'q',
          serviceKey: instance,
          monitor: monitor(instance, statistic),
          ...window,
          periodSeconds: period,
        },
      ]);
      return canonicalizeReadings(answers.get('q') ?? [], window, period);
    }

    it('reads a scripted outage and a gap minute by minute', async () => {
      const samples: Array<[number, number]> = [];
      for (let m = 0; m < 30; m += 1) {
        if (m === 20 || m === 21) continue;
        samples.push([base + m * MINUTE, m >= 5 && m < 17 ? 1 : 0]);
      }
      await put('outage', samples);
      const read = await readings('outage', 'Maximum', 30);
      expect(read).toEqual([
        ...Array(5).fill('0'),
        ...Array(12).fill('1'),
        ...Array(3).fill('0'),
        null,
        null,
        ...Array(8).fill('0'),
      ]);
      const measured = measureWindow(
        [monitor('outage', 'Maximum')],
        'all-must-agree-available',
        { start: base, end: base + 30 * MINUTE, periodSeconds: MINUTE },
        [read],
      );
      expect(measured).toMatchObject({
        verdicts: 'AAAAA' + 'U'.repeat(12) + 'AAA' + 'UU' + 'A'.repeat(8),
        measured: 30,
        available: 16,
      });
    });

    it('computes every statistic over several samples a minute', async () => {
      const samples: Array<[number, number]> = [];
      for (let m = 0; m < 10; m += 1) {
        samples.push(
          [base + m * MINUTE, m],
          [base + m * MINUTE + 20, m + 1],
          [base + m * MINUTE + 40, m + 2],
        );
      }
      await put('stats', samples);
      const minutes = Array.from({ length: 10 }, (_, m) => m);
      expect(await readings('stats', 'Maximum', 10)).toEqual(minutes.map((m) => String(m + 2)));
      expect(await readings('stats', 'Minimum', 10)).toEqual(minutes.map((m) => String(m)));
      expect(await readings('stats', 'Average', 10)).toEqual(minutes.map((m) => String(m + 1)));
      expect(await readings('stats', 'Sum', 10)).toEqual(minutes.map((m) => String(3 * m + 3)));
      expect(await readings('stats', 'SampleCount', 10)).toEqual(minutes.map(() => '3'));
    });

    it('aggregates over five-minute periods', async () => {
      const samples: Array<[number, number]> = Array.from({ length: 30 }, (_, m) => [
        base + m * MINUTE,
        m,
      ]);
      await put('five', samples);
      expect(await readings('five', 'Sum', 30, 5 * MINUTE)).toEqual(
        [0, 1, 2, 3, 4, 5].map((p) => String(25 * p + 10)),
      );
    });

    it('returns the floating-point average both sides compute the same way', async () => {
      await put('fraction', [
        [base, 0.1],
        [base + 30, 0.2],
      ]);
      expect(await readings('fraction', 'Average', 1)).toEqual([String((0.1 + 0.2) / 2)]);
    });

    it('keeps services apart when one call reads several', async () => {
      await put('first', [[base, 0]]);
      await put('second', [[base, 1]]);
      const window = { start: base, end: base + MINUTE, periodSeconds: MINUTE };
      const answers = await oracle.read([
        { id: 'a', serviceKey: 'first', monitor: monitor('first', 'Maximum'), ...window },
        { id: 'b', serviceKey: 'second', monitor: monitor('second', 'Maximum'), ...window },
        { id: 'c', serviceKey: 'third', monitor: monitor('third', 'Maximum'), ...window },
      ]);
      expect(answers.get('a')).toEqual([{ timestamp: base, value: 0 }]);
      expect(answers.get('b')).toEqual([{ timestamp: base, value: 1 }]);
      expect(answers.get('c')).toEqual([]);
    });
  });
}
