/**
 * The CloudWatch emulator's switches for answers that are not complete, as the real
 * @aws-sdk/client-cloudwatch sees them: each reaches the SDK as a successful call (or a
 * network error), which is why readers must check answers themselves.
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type GetMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { createCloudWatchEmulator, type CloudWatchEmulator } from '../src/cloudwatch';

const REGION = 'eu-west-1';
const KEY = { accessKeyId: 'AKIDINCOMPLETE', secretAccessKey: 'incomplete-secret' };
const at = (time: string): Date => new Date(`2026-11-25T${time}Z`);
const METRIC = { Namespace: 'SlaLedger/Test', MetricName: 'Up', Dimensions: [] };

/** Two queries over 10:00–10:03; "a" has a datapoint each minute, "b" none. */
const REQUEST: GetMetricDataCommandInput = {
  StartTime: at('10:00:00'),
  EndTime: at('10:03:00'),
  ScanBy: 'TimestampAscending',
  MetricDataQueries: [
    { Id: 'a', MetricStat: { Metric: METRIC, Period: 60, Stat: 'Maximum' } },
    {
      Id: 'b',
      MetricStat: { Metric: { ...METRIC, MetricName: 'Silent' }, Period: 60, Stat: 'Maximum' },
    },
  ],
};

let emulator: CloudWatchEmulator;
let client: CloudWatchClient;

beforeAll(async () => {
  emulator = createCloudWatchEmulator({
    credentials: [KEY],
    region: REGION,
    now: () => Date.parse('2026-11-25T12:00:00Z'),
  });
  emulator.putDatapoints(
    { namespace: 'SlaLedger/Test', metricName: 'Up' },
    ['10:00:00', '10:01:00', '10:02:00'].map((time) => ({ timestamp: at(time), value: 1 })),
  );
  const { endpoint } = await emulator.start();
  client = new CloudWatchClient({ region: REGION, endpoint, credentials: KEY, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

beforeEach(() => {
  emulator.clearFaults();
  emulator.clearCalls();
});

const getMetricData = (input: GetMetricDataCommandInput = REQUEST) =>
  client.send(new GetMetricDataCommand(input));

describe('malformedAnswer', () => {
  it('empty-object and empty-body: a 200 without MetricDataResults', async () => {
    for (const kind of ['empty-object', 'empty-body'] as const) {
      emulator.faults.malformedAnswer = { value: kind, times: 1 };
      const output = await getMetricData();
      expect(output.MetricDataResults).toBeUndefined();
      expect(output.$metadata.httpStatusCode).toBe(200);
    }
  });

  it('empty-results: MetricDataResults is empty', async () => {
    emulator.faults.malformedAnswer = 'empty-results';
    expect((await getMetricData()).MetricDataResults).toEqual([]);
  });

  it('results-without-data: results without Timestamps and Values', async () => {
    emulator.faults.malformedAnswer = 'results-without-data';
    const output = await getMetricData();
    expect(output.MetricDataResults?.map((result) => Object.keys(result).sort())).toEqual([
      ['Id', 'Label', 'Messages', 'StatusCode'],
      ['Id', 'Label', 'Messages', 'StatusCode'],
    ]);
  });

  it('partial-without-token: PartialData, and no NextToken', async () => {
    emulator.faults.malformedAnswer = 'partial-without-token';
    const output = await getMetricData();
    expect(output.MetricDataResults?.map((result) => result.StatusCode)).toEqual([
      'PartialData',
      'PartialData',
    ]);
    expect(output.NextToken).toBeUndefined();
  });

  it('endless-next-token: every page has a NextToken that the next request accepts', async () => {
    emulator.faults.malformedAnswer = 'endless-next-token';
    let token: string | undefined;
    const datapoints: number[] = [];
    for (let page = 0; page < 5; page += 1) {
      const output = await getMetricData({ ...REQUEST, NextToken: token });
      datapoints.push(output.MetricDataResults?.[0]?.Timestamps?.length ?? -1);
      token = output.NextToken;
      expect(token).toEqual(expect.any(String));
    }
    expect(datapoints).toEqual([3, 0, 0, 0, 0]);
    expect(emulator.calls.map((call) => call.statusCode)).toEqual([200, 200, 200, 200, 200]);
  });

  it('unknown-result-id, duplicate-result and missing-result change the ids answered', async () => {
    const idsWith = async (kind: 'unknown-result-id' | 'duplicate-result' | 'missing-result') => {
      emulator.faults.malformedAnswer = { value: kind, times: 1 };
      return (await getMetricData()).MetricDataResults?.map((result) => result.Id);
    };
    expect(await idsWith('unknown-result-id')).toEqual(['a', 'b', 'nobody_asked']);
    expect(await idsWith('duplicate-result')).toEqual(['a', 'b', 'a']);
    expect(await idsWith('missing-result')).toEqual(['b']);
  });

  it('datapoint-outside-window: the last datapoint stamped EndTime', async () => {
    emulator.faults.malformedAnswer = 'datapoint-outside-window';
    const output = await getMetricData();
    expect(output.MetricDataResults?.[0]?.Timestamps).toEqual([
      at('10:00:00'),
      at('10:01:00'),
      at('10:03:00'),
    ]);
  });

  it('leaves other operations alone, while counting them', async () => {
    emulator.faults.malformedAnswer = { value: 'empty-object', times: 1 };
    await expect(client.send(new ListMetricsCommand({}))).resolves.toMatchObject({
      Metrics: expect.any(Array),
    });
    expect(emulator.faults.malformedAnswer).toBeNull();
  });
});

describe('hugeBodyBytes', () => {
  it('sends a 200 of exactly that many bytes, valid JSON, as fast as the client reads', async () => {
    emulator.faults.hugeBodyBytes = { value: 3 * 1024 * 1024, times: 1 };
    await expect(getMetricData()).resolves.toMatchObject({ MetricDataResults: [] });
    expect(emulator.calls).toEqual([
      expect.objectContaining({ statusCode: 200, bytesSent: 3 * 1024 * 1024 }),
    ]);
  });
});

describe('resetConnection', () => {
  it('resets the connection once the request is read: the SDK sees ECONNRESET', async () => {
    emulator.faults.resetConnection = { value: true, times: 1 };
    await expect(getMetricData()).rejects.toThrow(/ECONNRESET/);
    expect(emulator.calls).toEqual([expect.objectContaining({ statusCode: 0 })]);
    await expect(getMetricData()).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });
});

describe('the control endpoint', () => {
  it('sets and refuses the new switches by name', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.endpoint}/__sim/faults`, { method: 'POST', body: JSON.stringify(body) });
    const set = await post({
      malformedAnswer: { value: 'empty-results', times: 2 },
      hugeBodyBytes: 1024,
      resetConnection: false,
    });
    expect(set.status).toBe(200);
    expect(emulator.faults).toMatchObject({
      malformedAnswer: { value: 'empty-results', times: 2 },
      hugeBodyBytes: 1024,
    });
    const refused = await post({ malformedAnswer: 'half-an-answer' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain(
      'faults.malformedAnswer must be null or one of "empty-object"',
    );
  });
});
