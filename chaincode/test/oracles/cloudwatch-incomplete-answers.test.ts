/**
 * A CloudWatch answer is evidence only when it is complete: every malformed, endless, huge or
 * cut answer fails the measurement with ORACLE_UNAVAILABLE and writes nothing, instead of
 * being read as "no data" (which would credit the consumer).
 */
import type { CloudWatchEmulator } from '@sla-ledger/emulators/cloudwatch';
import { parseMonitor, type CloudWatchMonitor } from '../../src/domain/monitor';
import { CloudWatchOracle } from '../../src/oracles/cloudwatch-oracle';
import { serviceWatching } from '../fixtures/services';
import { expectRejected } from '../support/expectations';
import { registerService } from '../support/scenario';
import { AWS, T0, type SlaNetwork } from '../support/sla-network';
import { cloudWatchNetwork, scenarioCloudWatch, storeOf } from './cloudwatch-fixture';

const MINUTE = 60;
const FAILED =
  'ORACLE_UNAVAILABLE: CloudWatch in eu-west-1 could not be read for service jitsi-eu-1';

let emulator: CloudWatchEmulator;
let endpoint: string;

beforeAll(async () => {
  emulator = scenarioCloudWatch();
  ({ endpoint } = await emulator.start());
});

afterAll(async () => {
  await emulator.stop();
});

afterEach(() => {
  emulator.clearFaults();
});

async function networkWithService(): Promise<SlaNetwork> {
  const net = await cloudWatchNetwork(endpoint);
  await registerService(net, net.people.aws, serviceWatching('i-1', 'jitsi-eu-1'));
  net.setTime(T0 + 3600);
  return net;
}

const update = (net: SlaNetwork): Promise<{ available: number; verdicts: string }> =>
  net.submit(net.people.aws, 'services:Update', 'jitsi-eu-1', String(T0), String(T0 + 10 * MINUTE));

describe('CloudWatch answers that are not complete', () => {
  it.each([
    ['{}', 'empty-object', 'malformed response: the answer has no MetricDataResults'],
    ['an empty body', 'empty-body', 'malformed response: the answer has no MetricDataResults'],
    [
      'MetricDataResults: []',
      'empty-results',
      'malformed response: no result for service jitsi-eu-1',
    ],
    [
      'results without Timestamps and Values',
      'results-without-data',
      'malformed response: the result of service jitsi-eu-1 has no Timestamps or Values',
    ],
    [
      'PartialData without a NextToken',
      'partial-without-token',
      'malformed response: a result says PartialData but the page has no NextToken',
    ],
    [
      'a result for a query nobody asked',
      'unknown-result-id',
      'malformed response: a result for unknown query id "nobody_asked"',
    ],
    [
      'the same result twice',
      'duplicate-result',
      'malformed response: two results for query service jitsi-eu-1 on one page',
    ],
    [
      'a query left without its result',
      'missing-result',
      'malformed response: no result for service jitsi-eu-1',
    ],
  ] as const)('fail on %s, writing nothing', async (_answer, kind, cause) => {
    const net = await networkWithService();
    emulator.faults.malformedAnswer = kind;
    await expectRejected(net, () => update(net), `${FAILED}: ${cause}`);
    emulator.clearFaults();
    await expect(update(net)).resolves.toMatchObject({ available: 5 });
  });

  it('stops following a NextToken that never ends, within the pages the window can fill', async () => {
    const net = await networkWithService();
    emulator.faults.malformedAnswer = 'endless-next-token';
    emulator.clearCalls();
    const started = Date.now();
    await expectRejected(
      net,
      () => update(net),
      `${FAILED}: malformed response: still a NextToken after 4 pages, more than the datapoints asked for can fill`,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    // 10 datapoints fit one page of 100,800; three more are allowed; each endorser stops there.
    const perKey = new Map<string, number>();
    for (const call of emulator.calls) {
      perKey.set(call.accessKeyId, (perKey.get(call.accessKeyId) ?? 0) + 1);
    }
    expect(perKey.size).toBeGreaterThan(0);
    expect([...perKey.values()].every((calls) => calls === 4)).toBe(true);
  });

  it('stops reading a huge answer as soon as it passes the size bound', async () => {
    const net = await networkWithService();
    const hugeBodyBytes = 400 * 1024 * 1024;
    emulator.faults.hugeBodyBytes = hugeBodyBytes;
    emulator.clearCalls();
    const started = Date.now();
    await expectRejected(net, () => update(net), `${FAILED}: the response exceeded 8388608 bytes`);
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor(() => emulator.calls.every((call) => call.bytesSent !== undefined));
    for (const call of emulator.calls) {
      expect(call.bytesSent).toBeLessThan(32 * 1024 * 1024);
    }
  });

  it('says the connection was reset, not that nothing answered in time', async () => {
    const net = await networkWithService();
    emulator.faults.resetConnection = true;
    await expectRejected(
      net,
      () => update(net),
      new RegExp(`${FAILED}: the connection was reset \\(ECONNRESET\\) after \\d+ ms$`),
    );
  });

  it('passes on a datapoint outside the window, which the measurement then refuses', async () => {
    const net = await networkWithService();
    emulator.faults.malformedAnswer = 'datapoint-outside-window';
    await expectRejected(
      net,
      () => update(net),
      `ORACLE_UNAVAILABLE: monitor 0 of service jitsi-eu-1 answered malformed readings: datapoint at ${T0 + 10 * MINUTE} lies outside the window`,
    );
  });

  it('accepts the largest legitimate answer: 500 queries of 201 periods, numbers of 17 digits and an exponent', async () => {
    const periods = 201;
    const monitors: CloudWatchMonitor[] = [];
    for (let index = 0; index < 500; index += 1) {
      const instance = `i-full-${index}`;
      monitors.push(
        parseMonitor('monitor', {
          ...(serviceWatching(instance, instance).monitor as object),
        }) as CloudWatchMonitor,
      );
      emulator.putDatapoints(
        {
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed',
          dimensions: { InstanceId: instance },
        },
        Array.from({ length: periods }, (_, m) => ({
          timestamp: new Date((T0 + m * MINUTE) * 1000),
          value: -Math.PI * 1e-300 * (m + 1),
        })),
      );
    }
    const oracle = new CloudWatchOracle(() => storeOf(AWS, endpoint), {
      timeoutMs: 20_000,
      maxAttempts: 1,
    });
    const window = { start: T0, end: T0 + periods * MINUTE, periodSeconds: MINUTE };
    emulator.clearCalls();
    const answers = await oracle.read(
      monitors.map((monitor, index) => ({
        id: `m${index}`,
        serviceKey: `s${index}`,
        monitor,
        ...window,
      })),
    );
    expect([...answers.values()].reduce((sum, points) => sum + points.length, 0)).toBe(
      500 * periods,
    );
    expect(emulator.calls.map((call) => call.queries)).toEqual([500]);
  }, 60_000);

  it('reads a complete answer without datapoints as no data, for the missing-data rule', async () => {
    const net = await cloudWatchNetwork(endpoint);
    await registerService(net, net.people.aws, serviceWatching('i-never-reported', 'silent'));
    net.setTime(T0 + 3600);
    const measurement = await net.submit<{ verdicts: string }>(
      net.people.aws,
      'services:Update',
      'silent',
      String(T0),
      String(T0 + 10 * MINUTE),
    );
    expect(measurement.verdicts).toBe('U'.repeat(10));
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
