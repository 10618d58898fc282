import type { CloudWatchEmulator } from '@sla-ledger/emulators/cloudwatch';
import type { CredentialsStore } from '../../src/oracles/credentials-store';
import type { OracleSettings } from '../../src/oracles/oracle-settings';
import { serviceWatching } from '../fixtures/services';
import { expectRejected } from '../support/expectations';
import { fund, registerService } from '../support/scenario';
import { CONSUMER, T0, type SlaNetwork } from '../support/sla-network';
import { cloudWatchNetwork, keys, scenarioCloudWatch, storeOf } from './cloudwatch-fixture';

const MINUTE = 60;
const HOUR = 3600;

let emulator: CloudWatchEmulator;
let endpoint: string;

async function network(
  options: { settings?: Partial<OracleSettings>; stores?: (org: string) => CredentialsStore } = {},
): Promise<SlaNetwork> {
  return cloudWatchNetwork(endpoint, options);
}

function serviceOn(instance: string, key = `svc-${instance}`): Record<string, unknown> {
  return serviceWatching(instance, key);
}

beforeAll(async () => {
  emulator = scenarioCloudWatch();
  ({ endpoint } = await emulator.start());
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => {
  emulator.clearFaults();
  emulator.shuffleResponses = false;
});

describe('CloudWatch through the real SDK client', () => {
  it('measures a scripted outage over several windows and credits the agreement exactly', async () => {
    const net = await network();
    await registerService(net, net.people.aws, serviceOn('i-1', 'jitsi-eu-1'));
    await fund(net, net.people.alice, 10_000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({
        offerId: 'o',
        model: 'fixed',
        price: '10000',
        maxPeriodSeconds: HOUR,
        services: ['jitsi-eu-1'],
      }),
    );
    await net.submit(net.people.alice, 'agreements:Accept', 'o', '1', 'a-1');
    net.setTime(T0 + HOUR + 11 * MINUTE);
    const windows = [
      [T0, T0 + 10 * MINUTE],
      [T0 + 10 * MINUTE, T0 + 35 * MINUTE],
      [T0 + 35 * MINUTE, T0 + HOUR],
    ];
    const available = [];
    for (const [start, end] of windows) {
      const measurement = await net.submit<{ available: number }>(
        net.people.aws,
        'services:Update',
        'jitsi-eu-1',
        String(start),
        String(end),
      );
      available.push(measurement.available);
    }
    expect(available).toEqual([5, 18, 25]); // down 10:05–10:17: 12 of 60 minutes
    const settled = await net.submit<{ settlement: Record<string, unknown> }>(
      net.people.alice,
      'agreements:Settle',
      'a-1',
    );
    // 48 / 60 = 80.00 %: below 95 % (100 % credit tier) but not below the 75 % full-refund threshold.
    expect(settled.settlement).toMatchObject({
      services: [
        {
          key: 'jitsi-eu-1',
          periods: 60,
          measuredPeriods: 60,
          available: 48,
          unavailable: 12,
          availabilityBp: 8000,
          creditBp: 10000,
          fullRefund: false,
        },
      ],
      charge: '10000',
      credit: '10000',
    });
  });

  it('counts a gap in the data by the missing-data rule', async () => {
    const net = await network();
    await registerService(net, net.people.aws, serviceOn('i-2'));
    net.setTime(T0 + 2 * HOUR);
    const measurement = await net.submit<{ verdicts: string }>(
      net.people.aws,
      'services:Update',
      'svc-i-2',
      String(T0),
      String(T0 + HOUR),
    );
    expect(measurement.verdicts).toBe('A'.repeat(30) + 'U'.repeat(10) + 'A'.repeat(20));
  });

  it('measures 1,000 services with one GetMetricData call per 500 for each organisation', async () => {
    const net = await network();
    const instances = Array.from({ length: 1000 }, (_, index) => `i-bulk-${index}`);
    for (const instance of instances) {
      await registerService(net, net.people.aws, serviceOn(instance));
      emulator.putDatapoints(
        {
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed',
          dimensions: { InstanceId: instance },
        },
        Array.from({ length: 10 }, (_, m) => ({
          timestamp: new Date((T0 + m * MINUTE) * 1000),
          value: instance.endsWith('7') && m === 3 ? 1 : 0,
        })),
      );
    }
    net.setTime(T0 + HOUR);
    emulator.clearCalls();
    let available = 0;
    for (let batch = 0; batch < 2; batch += 1) {
      const requests = instances.slice(batch * 500, batch * 500 + 500).map((instance) => ({
        serviceKey: `svc-${instance}`,
        windowStart: T0,
        windowEnd: T0 + 10 * MINUTE,
      }));
      const result = await net.submit<{ measurements: Array<{ available: number }> }>(
        net.people.aws,
        'services:UpdateMany',
        JSON.stringify(requests),
      );
      available += result.measurements.reduce((sum, m) => sum + m.available, 0);
    }
    expect(available).toBe(1000 * 10 - 100);
    const getMetricData = emulator.calls.filter((call) => call.operation === 'GetMetricData');
    for (const key of Object.values(keys)) {
      const calls = getMetricData.filter((call) => call.accessKeyId === key.accessKeyId);
      expect(calls.map((call) => call.queries)).toEqual([500, 500]);
    }
  }, 120_000);

  it('follows NextToken across pages without losing or repeating a datapoint', async () => {
    const paged = await network({ settings: { cloudWatchPageDatapoints: 100 } });
    const whole = await network();
    const instances = ['i-page-a', 'i-page-b', 'i-page-c'];
    for (const instance of instances) {
      emulator.putDatapoints(
        {
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed',
          dimensions: { InstanceId: instance },
        },
        Array.from({ length: 60 }, (_, m) => ({
          timestamp: new Date((T0 + m * MINUTE) * 1000),
          value: m % 11 === 0 ? 1 : 0,
        })),
      );
    }
    const requests = JSON.stringify(
      instances.map((instance) => ({
        serviceKey: `svc-${instance}`,
        windowStart: T0,
        windowEnd: T0 + HOUR,
      })),
    );
    const results = [];
    for (const net of [paged, whole]) {
      for (const instance of instances)
        await registerService(net, net.people.aws, serviceOn(instance));
      net.setTime(T0 + 2 * HOUR);
      emulator.clearCalls();
      results.push(await net.submit(net.people.aws, 'services:UpdateMany', requests));
      results.push(emulator.calls.filter((call) => call.operation === 'GetMetricData').length);
    }
    const [pagedResult, pagedCalls, wholeResult, wholeCalls] = results;
    expect(pagedResult).toEqual(wholeResult);
    expect(wholeCalls).toBe(2); // one per organisation
    expect(pagedCalls).toBeGreaterThanOrEqual(2 * 2);
  });

  it('writes the same bytes when the answers come in another order with other request ids', async () => {
    const net = await network();
    for (const instance of ['i-1', 'i-2'])
      await registerService(net, net.people.aws, serviceOn(instance));
    net.setTime(T0 + 2 * HOUR);
    emulator.shuffleResponses = true;
    const requests = ['i-1', 'i-2'].map((instance) => ({
      serviceKey: `svc-${instance}`,
      windowStart: T0,
      windowEnd: T0 + HOUR,
    }));
    const prepared = await net.channel.prepare(net.people.aws, 'services:UpdateMany', [
      JSON.stringify(requests),
    ]);
    const [a, b] = prepared.simulations;
    expect(a?.mspId).not.toBe(b?.mspId);
    expect(a?.rwset.equals(b?.rwset ?? Buffer.alloc(0))).toBe(true);
  });

  it.each([
    ['throttling', { throttle: true }, 'throttled (Throttling: Rate exceeded)'],
    ['a server error', { statusCode: 503 as const }, 'the service failed with HTTP 503'],
    ['a malformed body', { garbage: true }, 'malformed response'],
    ['access denied', { accessDenied: true }, 'access denied (AccessDenied'],
    ['a timeout', { latencyMs: 3000 }, 'no answer within 1500 ms'],
  ])(
    'fails on %s, naming the service and the cause, and writes nothing',
    async (_name, fault, cause) => {
      const net = await network();
      await registerService(net, net.people.aws, serviceOn('i-1', 'jitsi-eu-1'));
      net.setTime(T0 + HOUR);
      Object.assign(emulator.faults, fault);
      await expectRejected(
        net,
        () =>
          net.submit(
            net.people.aws,
            'services:Update',
            'jitsi-eu-1',
            String(T0),
            String(T0 + 10 * MINUTE),
          ),
        `ORACLE_UNAVAILABLE: CloudWatch in eu-west-1 could not be read for service jitsi-eu-1: ${cause}`,
      );
      emulator.clearFaults();
      await expect(
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0),
          String(T0 + 10 * MINUTE),
        ),
      ).resolves.toMatchObject({ available: 5 });
    },
  );

  it('reports a key CloudWatch does not know, without the secret', async () => {
    const net = await network({
      stores: (org) =>
        storeOf(
          org,
          endpoint,
          org === CONSUMER
            ? {
                accessKeyId: 'AKIAUNKNOWNKEY000001',
                secretAccessKey: 'wrong/secret/value/0123456789',
              }
            : {},
        ),
    });
    await registerService(net, net.people.aws, serviceOn('i-1', 'jitsi-eu-1'));
    net.setTime(T0 + HOUR);
    const error = (await net
      .submit(net.people.aws, 'services:Update', 'jitsi-eu-1', String(T0), String(T0 + 10 * MINUTE))
      .catch((caught: Error) => caught)) as Error;
    expect(error.message).toContain('access denied (InvalidClientTokenId');
    expect(error.message).not.toContain('wrong/secret/value');
    expect(error.message).not.toContain('AKIAUNKNOWNKEY000001');
  });
});
