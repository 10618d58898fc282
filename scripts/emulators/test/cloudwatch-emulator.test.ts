/**
 * The CloudWatch emulator as the real @aws-sdk/client-cloudwatch sees it:
 * every call goes through CloudWatchClient, signed, over HTTP.
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  paginateGetMetricData,
  PutMetricDataCommand,
  type CloudWatchClientConfig,
  type GetMetricDataCommandInput,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
  type MetricDataResult,
  type MetricDatum,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import { join } from 'node:path';
import { createCloudWatchEmulator, type CloudWatchEmulator } from '../src/cloudwatch';

const REGION = 'eu-west-1';
const KEY = { accessKeyId: 'AKIDCONSUMER', secretAccessKey: 'consumer-secret' };
const OTHER_KEY = { accessKeyId: 'AKIDPROVIDER', secretAccessKey: 'provider-secret' };
const NOW = Date.parse('2026-11-25T12:00:00Z');
const SCENARIO_FILE = join(__dirname, '../scenarios/ec2-status-check-outage.json');

const at = (time: string): Date => new Date(`2026-11-25T${time}Z`);
const clock = (date: Date): string => date.toISOString().slice(11, 19);

interface SdkFailure extends Error {
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: string;
}

async function failureOf(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error) return error as SdkFailure;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function metricQuery(
  id: string,
  metric: { namespace: string; metricName: string; dimensions?: Record<string, string> },
  period: number,
  stat: string,
  unit?: StandardUnit,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: metric.namespace,
        MetricName: metric.metricName,
        Dimensions: Object.entries(metric.dimensions ?? {}).map(([Name, Value]) => ({
          Name,
          Value,
        })),
      },
      Period: period,
      Stat: stat,
      ...(unit === undefined ? {} : { Unit: unit }),
    },
  };
}

/** A result as [time of day, value] pairs, in the order the service returned them. */
function series(result: MetricDataResult | undefined): Array<[string, number]> {
  const timestamps = result?.Timestamps ?? [];
  return timestamps.map((timestamp, index) => [clock(timestamp), result?.Values?.[index] ?? NaN]);
}

function resultById(output: GetMetricDataCommandOutput, id: string): MetricDataResult | undefined {
  return output.MetricDataResults?.find((result) => result.Id === id);
}

/** Every datapoint of an answer as "id@time=value", for set comparisons. */
function datapointKeys(output: GetMetricDataCommandOutput): string[] {
  return (output.MetricDataResults ?? []).flatMap((result) =>
    series(result).map(([time, value]) => `${result.Id}@${time}=${value}`),
  );
}

/** A deterministic stand-in for Math.random. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const REQUESTS = {
  namespace: 'SlaLedger/Test',
  metricName: 'Requests',
  dimensions: { Service: 'api' },
};

let emulator: CloudWatchEmulator;
let endpoint: string;

function client(overrides: Partial<CloudWatchClientConfig> = {}): CloudWatchClient {
  return new CloudWatchClient({
    region: REGION,
    endpoint,
    credentials: KEY,
    maxAttempts: 1,
    ...overrides,
  });
}

beforeAll(async () => {
  emulator = createCloudWatchEmulator({
    credentials: [KEY, OTHER_KEY],
    region: REGION,
    now: () => NOW,
    random: seededRandom(7),
  });
  ({ endpoint } = await emulator.start());
});

afterAll(async () => {
  await emulator.stop();
});

beforeEach(() => {
  emulator.clearData();
  emulator.clearFaults();
  emulator.clearCalls();
  emulator.shuffleResponses = false;
});

describe('serving', () => {
  it('listens on the loopback interface only', () => {
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('records each API call with its operation, query count and key', async () => {
    await client().send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('11:00:00'),
        MetricDataQueries: [
          metricQuery('a', REQUESTS, 60, 'Sum'),
          metricQuery('b', REQUESTS, 60, 'Maximum'),
        ],
      }),
    );
    expect(emulator.calls).toEqual([
      { operation: 'GetMetricData', queries: 2, accessKeyId: KEY.accessKeyId, statusCode: 200 },
    ]);
  });
});

describe('PutMetricData then GetMetricData', () => {
  const data: MetricDatum[] = [
    {
      MetricName: 'Requests',
      Dimensions: [{ Name: 'Service', Value: 'api' }],
      Timestamp: at('10:00:10'),
      Value: 4,
    },
    {
      MetricName: 'Requests',
      Dimensions: [{ Name: 'Service', Value: 'api' }],
      Timestamp: at('10:00:40'),
      Value: 2,
    },
    {
      MetricName: 'Requests',
      Dimensions: [{ Name: 'Service', Value: 'api' }],
      Timestamp: at('10:01:30'),
      Values: [1, 5],
      Counts: [2, 1],
    },
    {
      MetricName: 'Requests',
      Dimensions: [{ Name: 'Service', Value: 'api' }],
      Timestamp: at('10:03:00'),
      StatisticValues: { SampleCount: 3, Sum: 30, Minimum: 5, Maximum: 15 },
    },
    {
      MetricName: 'Requests',
      Dimensions: [{ Name: 'Service', Value: 'api' }],
      Timestamp: at('10:07:20'),
      Value: 8,
    },
  ];

  const expected: Record<number, Record<string, Array<[string, number]>>> = {
    60: {
      SampleCount: [
        ['10:00:00', 2],
        ['10:01:00', 3],
        ['10:03:00', 3],
        ['10:07:00', 1],
      ],
      Sum: [
        ['10:00:00', 6],
        ['10:01:00', 7],
        ['10:03:00', 30],
        ['10:07:00', 8],
      ],
      Average: [
        ['10:00:00', 3],
        ['10:01:00', 7 / 3],
        ['10:03:00', 10],
        ['10:07:00', 8],
      ],
      Minimum: [
        ['10:00:00', 2],
        ['10:01:00', 1],
        ['10:03:00', 5],
        ['10:07:00', 8],
      ],
      Maximum: [
        ['10:00:00', 4],
        ['10:01:00', 5],
        ['10:03:00', 15],
        ['10:07:00', 8],
      ],
    },
    300: {
      SampleCount: [
        ['10:00:00', 8],
        ['10:05:00', 1],
      ],
      Sum: [
        ['10:00:00', 43],
        ['10:05:00', 8],
      ],
      Average: [
        ['10:00:00', 43 / 8],
        ['10:05:00', 8],
      ],
      Minimum: [
        ['10:00:00', 1],
        ['10:05:00', 8],
      ],
      Maximum: [
        ['10:00:00', 15],
        ['10:05:00', 8],
      ],
    },
    3600: {
      SampleCount: [['10:00:00', 9]],
      Sum: [['10:00:00', 51]],
      Average: [['10:00:00', 51 / 9]],
      Minimum: [['10:00:00', 1]],
      Maximum: [['10:00:00', 15]],
    },
  };

  it('aggregates each statistic over each period, in one call with a query per pair', async () => {
    const cloudWatch = client();
    await cloudWatch.send(
      new PutMetricDataCommand({ Namespace: REQUESTS.namespace, MetricData: data }),
    );
    const pairs = Object.entries(expected).flatMap(([period, byStat]) =>
      Object.keys(byStat).map((stat) => ({ period: Number(period), stat })),
    );
    const output = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('11:00:00'),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: pairs.map(({ period, stat }) =>
          metricQuery(`${stat.toLowerCase()}_${period}`, REQUESTS, period, stat),
        ),
      }),
    );
    for (const { period, stat } of pairs) {
      const result = resultById(output, `${stat.toLowerCase()}_${period}`);
      expect({ period, stat, series: series(result) }).toEqual({
        period,
        stat,
        series: expected[period][stat],
      });
      expect(result?.StatusCode).toBe('Complete');
      expect(result?.Label).toBe('Requests');
    }
    expect(output.NextToken).toBeUndefined();
  });

  it('sees only the metric with exactly the dimensions asked for', async () => {
    const cloudWatch = client();
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'SlaLedger/Test',
        MetricData: [
          { MetricName: 'Up', Timestamp: at('10:00:00'), Value: 1 },
          {
            MetricName: 'Up',
            Dimensions: [{ Name: 'Host', Value: 'a' }],
            Timestamp: at('10:00:00'),
            Value: 10,
          },
          {
            MetricName: 'Up',
            Dimensions: [
              { Name: 'Zone', Value: 'z1' },
              { Name: 'Host', Value: 'a' },
            ],
            Timestamp: at('10:00:00'),
            Value: 100,
          },
        ],
      }),
    );
    const output = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('10:01:00'),
        MetricDataQueries: [
          metricQuery('none', { namespace: 'SlaLedger/Test', metricName: 'Up' }, 60, 'Sum'),
          metricQuery(
            'host',
            { namespace: 'SlaLedger/Test', metricName: 'Up', dimensions: { Host: 'a' } },
            60,
            'Sum',
          ),
          metricQuery(
            'both',
            {
              namespace: 'SlaLedger/Test',
              metricName: 'Up',
              dimensions: { Host: 'a', Zone: 'z1' },
            },
            60,
            'Sum',
          ),
        ],
      }),
    );
    expect(series(resultById(output, 'none'))).toEqual([['10:00:00', 1]]);
    expect(series(resultById(output, 'host'))).toEqual([['10:00:00', 10]]);
    expect(series(resultById(output, 'both'))).toEqual([['10:00:00', 100]]);
  });

  it('filters by Unit when the query names one', async () => {
    const cloudWatch = client();
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'SlaLedger/Test',
        MetricData: [
          { MetricName: 'Load', Timestamp: at('10:00:00'), Value: 3, Unit: 'Count' },
          { MetricName: 'Load', Timestamp: at('10:00:20'), Value: 50, Unit: 'Percent' },
        ],
      }),
    );
    const load = { namespace: 'SlaLedger/Test', metricName: 'Load' };
    const output = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('10:01:00'),
        MetricDataQueries: [
          metricQuery('any', load, 60, 'Sum'),
          metricQuery('count', load, 60, 'Sum', 'Count'),
          metricQuery('bytes', load, 60, 'Sum', 'Bytes'),
        ],
      }),
    );
    expect(series(resultById(output, 'any'))).toEqual([['10:00:00', 53]]);
    expect(series(resultById(output, 'count'))).toEqual([['10:00:00', 3]]);
    expect(series(resultById(output, 'bytes'))).toEqual([]);
  });

  it('accepts a large PutMetricData that the SDK sends gzip-compressed', async () => {
    const cloudWatch = client();
    const sent: Array<Record<string, string>> = [];
    cloudWatch.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordHeaders' },
    );
    const values = Array.from({ length: 150 }, (_, index) => index + 1);
    const metricData: MetricDatum[] = Array.from({ length: 1000 }, (_, index) => ({
      MetricName: 'Latency',
      Dimensions: [{ Name: 'Shard', Value: `s${index % 10}` }],
      Timestamp: at(`10:${String(index % 60).padStart(2, '0')}:00`),
      Values: values,
    }));
    await cloudWatch.send(
      new PutMetricDataCommand({ Namespace: 'SlaLedger/Test', MetricData: metricData }),
    );

    expect(sent[0]['content-encoding']).toBe('gzip');
    expect(Number(sent[0]['content-length'])).toBeLessThan(JSON.stringify(metricData).length / 4);
    const output = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('11:00:00'),
        MetricDataQueries: ['SampleCount', 'Sum', 'Maximum'].map((stat) =>
          metricQuery(
            stat.toLowerCase(),
            { namespace: 'SlaLedger/Test', metricName: 'Latency', dimensions: { Shard: 's0' } },
            3600,
            stat,
          ),
        ),
      }),
    );
    expect(series(resultById(output, 'samplecount'))).toEqual([['10:00:00', 100 * 150]]);
    expect(series(resultById(output, 'sum'))).toEqual([['10:00:00', 100 * ((150 * 151) / 2)]]);
    expect(series(resultById(output, 'maximum'))).toEqual([['10:00:00', 150]]);
  });

  it('refuses more than 1000 datums in one call', async () => {
    const metricData: MetricDatum[] = Array.from({ length: 1001 }, () => ({
      MetricName: 'Up',
      Timestamp: at('10:00:00'),
      Value: 1,
    }));
    const error = await failureOf(
      client().send(
        new PutMetricDataCommand({ Namespace: 'SlaLedger/Test', MetricData: metricData }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe('The collection MetricData must not have a size greater than 1000.');
  });

  it('refuses namespaces that begin with AWS/, storing nothing', async () => {
    const cloudWatch = client();
    const error = await failureOf(
      cloudWatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/EC2',
          MetricData: [{ MetricName: 'StatusCheckFailed', Timestamp: at('10:00:00'), Value: 1 }],
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe('The value AWS/EC2 for parameter Namespace is invalid.');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    const listed = await cloudWatch.send(new ListMetricsCommand({ Namespace: 'AWS/EC2' }));
    expect(listed.Metrics).toEqual([]);
  });

  it('refuses timestamps more than two weeks old, naming each datum', async () => {
    const error = await failureOf(
      client().send(
        new PutMetricDataCommand({
          Namespace: 'SlaLedger/Test',
          MetricData: [
            { MetricName: 'Up', Timestamp: new Date(NOW - 15 * 86400_000), Value: 1 },
            { MetricName: 'Up', Timestamp: new Date(NOW - 3600_000), Value: 1 },
            { MetricName: 'Up', Timestamp: new Date(NOW - 20 * 86400_000), Value: 1 },
          ],
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.message).toBe(
      'The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.\n' +
        'The parameter MetricData.member.3.Timestamp must specify a time within the past two weeks.',
    );
  });

  it('refuses NaN and a Value given together with StatisticValues', async () => {
    const nan = await failureOf(
      client().send(
        new PutMetricDataCommand({
          Namespace: 'SlaLedger/Test',
          MetricData: [{ MetricName: 'Up', Value: NaN }],
        }),
      ),
    );
    expect(nan.name).toBe('InvalidParameterValueException');
    expect(nan.message).toBe('The value NaN for parameter MetricData.member.1.Value is invalid.');

    const both = await failureOf(
      client().send(
        new PutMetricDataCommand({
          Namespace: 'SlaLedger/Test',
          MetricData: [
            {
              MetricName: 'Up',
              Value: 1,
              StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 },
            },
          ],
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterCombinationException');
  });
});

describe('GetMetricData timestamps and order', () => {
  beforeEach(() => {
    emulator.putDatapoints(
      REQUESTS,
      ['10:00:10', '10:02:30', '10:04:00', '10:05:59', '10:07:00'].map((time, index) => ({
        timestamp: at(time),
        value: index + 1,
      })),
    );
  });

  async function fetch(
    input: Partial<GetMetricDataCommandInput>,
    period: number,
  ): Promise<Array<[string, number]>> {
    const output = await client().send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('10:10:00'),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [metricQuery('q', REQUESTS, period, 'Sum')],
        ...input,
      }),
    );
    return series(resultById(output, 'q'));
  }

  it('counts periods from StartTime rounded down to the minute, leaving empty periods out', async () => {
    expect(await fetch({ StartTime: at('10:00:40') }, 60)).toEqual([
      ['10:00:00', 1],
      ['10:02:00', 2],
      ['10:04:00', 3],
      ['10:05:00', 4],
      ['10:07:00', 5],
    ]);
    expect(await fetch({}, 300)).toEqual([
      ['10:00:00', 6],
      ['10:05:00', 9],
    ]);
  });

  it('stamps each period with its start, so a StartTime off the period grid moves the grid', async () => {
    expect(await fetch({ StartTime: at('10:02:00') }, 300)).toEqual([
      ['10:02:00', 2 + 3 + 4],
      ['10:07:00', 5],
    ]);
  });

  it('excludes datapoints at or after EndTime', async () => {
    expect(await fetch({ EndTime: at('10:05:59') }, 60)).toEqual([
      ['10:00:00', 1],
      ['10:02:00', 2],
      ['10:04:00', 3],
      ['10:05:00', 4],
    ]);
    expect(await fetch({ EndTime: at('10:05:00') }, 60)).toHaveLength(3);
  });

  it('returns the newest datapoint first unless ScanBy asks for ascending order', async () => {
    const newestFirst = await fetch({ ScanBy: undefined }, 60);
    expect(newestFirst.map(([time]) => time)).toEqual([
      '10:07:00',
      '10:05:00',
      '10:04:00',
      '10:02:00',
      '10:00:00',
    ]);
    const oldestFirst = await fetch({ ScanBy: 'TimestampAscending' }, 60);
    expect(oldestFirst).toEqual([...newestFirst].reverse());
  });
});

describe('GetMetricData request limits', () => {
  const queries = (count: number) =>
    Array.from({ length: count }, (_, index) => metricQuery(`q${index}`, REQUESTS, 60, 'Sum'));

  it('takes 500 queries in one call', async () => {
    const output = await client().send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('11:00:00'),
        MetricDataQueries: queries(500),
      }),
    );
    expect(output.MetricDataResults).toHaveLength(500);
  });

  it('refuses 501 queries', async () => {
    const error = await failureOf(
      client().send(
        new GetMetricDataCommand({
          StartTime: at('10:00:00'),
          EndTime: at('11:00:00'),
          MetricDataQueries: queries(501),
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValueException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      'The collection MetricDataQueries must not have a size greater than 500.',
    );
  });

  it.each([
    ['an Id starting with a capital', [metricQuery('Q1', REQUESTS, 60, 'Sum')]],
    ['an Id with a hyphen', [metricQuery('q-1', REQUESTS, 60, 'Sum')]],
    [
      'a repeated Id',
      [metricQuery('q', REQUESTS, 60, 'Sum'), metricQuery('q', REQUESTS, 60, 'Maximum')],
    ],
    ['a period of 90 seconds', [metricQuery('q', REQUESTS, 90, 'Sum')]],
  ])('refuses %s', async (_, metricDataQueries) => {
    const error = await failureOf(
      client().send(
        new GetMetricDataCommand({
          StartTime: at('10:00:00'),
          EndTime: at('11:00:00'),
          MetricDataQueries: metricDataQueries,
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValueException');
  });

  it('refuses an EndTime before the StartTime', async () => {
    const error = await failureOf(
      client().send(
        new GetMetricDataCommand({
          StartTime: at('11:00:00'),
          EndTime: at('10:00:00'),
          MetricDataQueries: queries(1),
        }),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('The parameter EndTime must be greater than StartTime.');
  });
});

describe('GetMetricData pagination', () => {
  const instances = ['i-1', 'i-2', 'i-3'];
  const statusOf = (instance: string) => ({
    namespace: 'AWS/EC2',
    metricName: 'StatusCheckFailed',
    dimensions: { InstanceId: instance },
  });
  const request = (
    scanBy: 'TimestampAscending' | 'TimestampDescending',
  ): GetMetricDataCommandInput => ({
    StartTime: at('10:00:00'),
    EndTime: at('12:00:00'),
    ScanBy: scanBy,
    MetricDataQueries: instances.map((instance, index) =>
      metricQuery(`s${index}`, statusOf(instance), 60, 'Maximum'),
    ),
  });

  beforeEach(() => {
    instances.forEach((instance, index) =>
      emulator.putDatapoints(
        statusOf(instance),
        Array.from({ length: 120 }, (_, minute) => ({
          timestamp: new Date(at('10:00:00').getTime() + minute * 60_000),
          value: index * 1000 + minute,
        })),
      ),
    );
  });

  it.each(['TimestampDescending', 'TimestampAscending'] as const)(
    'returns every datapoint exactly once across pages of MaxDatapoints (%s)',
    async (scanBy) => {
      const cloudWatch = client();
      const whole = await cloudWatch.send(new GetMetricDataCommand(request(scanBy)));
      expect(datapointKeys(whole)).toHaveLength(360);

      const pages: GetMetricDataCommandOutput[] = [];
      let nextToken: string | undefined;
      do {
        const page = await cloudWatch.send(
          new GetMetricDataCommand({
            ...request(scanBy),
            MaxDatapoints: 100,
            NextToken: nextToken,
          }),
        );
        pages.push(page);
        nextToken = page.NextToken;
      } while (nextToken !== undefined);

      expect(pages.map((page) => datapointKeys(page).length)).toEqual([100, 100, 100, 60]);
      const collected = pages.flatMap(datapointKeys);
      expect(new Set(collected).size).toBe(collected.length);
      expect([...collected].sort()).toEqual([...datapointKeys(whole)].sort());
      expect(pages[0].MetricDataResults?.map((result) => result.StatusCode)).toEqual([
        'PartialData',
        'PartialData',
        'PartialData',
      ]);
      expect(pages[3].MetricDataResults?.map((result) => result.StatusCode)).toEqual([
        'Complete',
        'Complete',
        'Complete',
      ]);

      const times = pages.map((page) =>
        (page.MetricDataResults ?? []).flatMap((result) =>
          (result.Timestamps ?? []).map((t) => t.getTime()),
        ),
      );
      for (let index = 1; index < times.length; index += 1) {
        if (scanBy === 'TimestampDescending') {
          expect(Math.min(...times[index - 1])).toBeGreaterThanOrEqual(Math.max(...times[index]));
        } else {
          expect(Math.max(...times[index - 1])).toBeLessThanOrEqual(Math.min(...times[index]));
        }
      }
    },
  );

  it("works with the SDK's own paginator", async () => {
    const collected: string[] = [];
    let pages = 0;
    for await (const page of paginateGetMetricData(
      { client: client(), pageSize: 50 },
      request('TimestampDescending'),
    )) {
      pages += 1;
      collected.push(...datapointKeys(page));
    }
    expect(pages).toBe(8);
    expect(new Set(collected).size).toBe(360);
  });

  it('refuses a NextToken returned for a different request', async () => {
    const cloudWatch = client();
    const first = await cloudWatch.send(
      new GetMetricDataCommand({ ...request('TimestampDescending'), MaxDatapoints: 100 }),
    );
    const error = await failureOf(
      cloudWatch.send(
        new GetMetricDataCommand({
          ...request('TimestampAscending'),
          MaxDatapoints: 100,
          NextToken: first.NextToken,
        }),
      ),
    );
    expect(error.name).toBe('InvalidNextToken');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('pages at 100,800 datapoints when MaxDatapoints is not given', async () => {
    emulator.clearData();
    const metrics = Array.from({ length: 500 }, (_, index) => ({
      namespace: 'SlaLedger/Load',
      metricName: 'Up',
      dimensions: { Host: `h${index}` },
    }));
    const minutes = Array.from({ length: 240 }, (_, minute) => ({
      timestamp: new Date(at('08:00:00').getTime() + minute * 60_000),
      value: 1,
    }));
    for (const metric of metrics) emulator.putDatapoints(metric, minutes);
    const input: GetMetricDataCommandInput = {
      StartTime: at('08:00:00'),
      EndTime: at('12:00:00'),
      MetricDataQueries: metrics.map((metric, index) =>
        metricQuery(`h${index}`, metric, 60, 'Sum'),
      ),
    };
    const cloudWatch = client();
    const first = await cloudWatch.send(new GetMetricDataCommand(input));
    const count = (output: GetMetricDataCommandOutput) =>
      (output.MetricDataResults ?? []).reduce(
        (total, result) => total + (result.Values?.length ?? 0),
        0,
      );
    expect(count(first)).toBe(100_800);
    expect(first.NextToken).toBeDefined();
    const second = await cloudWatch.send(
      new GetMetricDataCommand({ ...input, NextToken: first.NextToken }),
    );
    expect(count(second)).toBe(500 * 240 - 100_800);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('scenarios', () => {
  const status = (instance: string) => ({
    namespace: 'AWS/EC2',
    metricName: 'StatusCheckFailed',
    dimensions: { InstanceId: instance },
  });

  it('seeds AWS/EC2 datapoints from a scenario file: an outage, then a gap', async () => {
    expect(emulator.loadScenarioFile(SCENARIO_FILE)).toBe(60 + 50);
    const output = await client().send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('11:00:00'),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          metricQuery('i1', status('i-1'), 60, 'Maximum'),
          metricQuery('i2', status('i-2'), 60, 'Maximum'),
          metricQuery('i1five', status('i-1'), 300, 'Sum'),
        ],
      }),
    );
    const failing = series(resultById(output, 'i1'))
      .filter(([, value]) => value === 1)
      .map(([time]) => time);
    expect(failing).toEqual(
      Array.from({ length: 12 }, (_, index) => `10:${String(5 + index).padStart(2, '0')}:00`),
    );
    expect(series(resultById(output, 'i1'))).toHaveLength(60);

    const reported = series(resultById(output, 'i2')).map(([time]) => time);
    expect(reported).toHaveLength(50);
    expect(reported.filter((time) => time >= '10:30:00' && time < '10:40:00')).toEqual([]);

    expect(series(resultById(output, 'i1five')).slice(0, 5)).toEqual([
      ['10:00:00', 0],
      ['10:05:00', 5],
      ['10:10:00', 5],
      ['10:15:00', 2],
      ['10:20:00', 0],
    ]);
  });

  it('refuses a scenario with a time that has no time zone', () => {
    expect(() =>
      emulator.loadScenario({
        metrics: [
          {
            namespace: 'AWS/EC2',
            metricName: 'X',
            from: '2026-11-25T10:00:00',
            to: '2026-11-25T11:00:00Z',
            value: 0,
          },
        ],
      }),
    ).toThrow(
      'scenario.metrics[0].from: must be an ISO-8601 time with a time zone, or epoch seconds',
    );
  });
});

describe('ListMetrics', () => {
  it('lists stored metrics, filtered by namespace, name and dimension', async () => {
    emulator.loadScenarioFile(SCENARIO_FILE);
    emulator.putDatapoints(REQUESTS, [{ timestamp: at('10:00:00'), value: 1 }]);
    const cloudWatch = client();
    const all = await cloudWatch.send(new ListMetricsCommand({}));
    expect(all.Metrics).toHaveLength(3);
    const i2 = await cloudWatch.send(
      new ListMetricsCommand({
        Namespace: 'AWS/EC2',
        Dimensions: [{ Name: 'InstanceId', Value: 'i-2' }],
      }),
    );
    expect(i2.Metrics).toEqual([
      {
        Namespace: 'AWS/EC2',
        MetricName: 'StatusCheckFailed',
        Dimensions: [{ Name: 'InstanceId', Value: 'i-2' }],
      },
    ]);
  });
});

describe('authentication', () => {
  it('answers an unknown access key with InvalidClientTokenId (403)', async () => {
    const error = await failureOf(
      client({ credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'whatever' } }).send(
        new ListMetricsCommand({}),
      ),
    );
    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.message).toBe('The security token included in the request is invalid.');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.$fault).toBe('client');
  });

  it('answers a wrong secret with SignatureDoesNotMatch (403)', async () => {
    const error = await failureOf(
      client({
        credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: 'not-the-secret' },
      }).send(new ListMetricsCommand({})),
    );
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\./,
    );
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('answers a body changed after signing with SignatureDoesNotMatch', async () => {
    const cloudWatch = client();
    const tampered: string[] = [];
    cloudWatch.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown };
        if (request.body instanceof Uint8Array) {
          const { buffer, byteOffset, byteLength } = request.body;
          request.body = Buffer.from(buffer, byteOffset, byteLength)
            .toString('utf8')
            .replace('"Value":1', '"Value":7');
          tampered.push(String(request.body));
        }
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'tamperAfterSigning' },
    );
    expect(cloudWatch.middlewareStack.identify().slice(-3, -1)).toEqual([
      expect.stringMatching(/^httpSigningMiddleware /),
      'tamperAfterSigning - finalizeRequest',
    ]);
    const error = await failureOf(
      cloudWatch.send(
        new PutMetricDataCommand({
          Namespace: 'SlaLedger/Test',
          MetricData: [{ MetricName: 'Up', Value: 1 }],
        }),
      ),
    );
    expect(tampered).toEqual([
      '{"Namespace":"SlaLedger/Test","MetricData":[{"MetricName":"Up","Value":7}]}',
    ]);
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(emulator.calls.map((call) => call.statusCode)).toEqual([403]);
  });

  it('answers a request signed for another region with SignatureDoesNotMatch', async () => {
    const error = await failureOf(client({ region: 'us-west-2' }).send(new ListMetricsCommand({})));
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.message).toBe("Credential should be scoped to a valid region, not 'us-west-2'. ");
  });

  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    const response = await fetch(`${endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics',
      },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-query-error')).toBe('MissingAuthenticationToken;Sender');
    expect(await response.json()).toEqual({
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });
  });

  it('accepts each configured key', async () => {
    await client({ credentials: OTHER_KEY }).send(new ListMetricsCommand({}));
    expect(emulator.calls).toEqual([
      { operation: 'ListMetrics', accessKeyId: OTHER_KEY.accessKeyId, statusCode: 200 },
    ]);
  });
});

describe('fault switches', () => {
  const listMetrics = (cloudWatch = client()) => cloudWatch.send(new ListMetricsCommand({}));

  it('throttle: 400 Throttling "Rate exceeded", for the next request only when counted', async () => {
    emulator.faults.throttle = { value: true, times: 1 };
    const error = await failureOf(listMetrics());
    expect(error.name).toBe('Throttling');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    await expect(listMetrics()).resolves.toBeDefined();
  });

  it('throttle: the SDK retries it when allowed to, and the calls show each attempt', async () => {
    emulator.faults.throttle = { value: true, times: 2 };
    const output = await listMetrics(client({ maxAttempts: 3 }));
    expect(output.$metadata.attempts).toBe(3);
    expect(emulator.calls.map((call) => call.statusCode)).toEqual([400, 400, 200]);
  });

  it.each([
    [500, 'InternalFailure'],
    [503, 'ServiceUnavailable'],
  ] as const)('statusCode %i: answered as %s, a server fault', async (statusCode, name) => {
    emulator.faults.statusCode = statusCode;
    const error = await failureOf(listMetrics());
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(statusCode);
    expect(error.$fault).toBe('server');
    await expect(listMetrics()).rejects.toThrow();
  });

  it('garbage: a 200 whose body the SDK cannot parse', async () => {
    emulator.faults.garbage = true;
    const error = await failureOf(listMetrics());
    expect(error.name).toBe('SyntaxError');
    expect(error.message).toContain('Deserialization error');
    expect(error.$metadata?.httpStatusCode).toBe(200);
  });

  it('accessDenied: 403 AccessDenied naming the key and the action', async () => {
    emulator.faults.accessDenied = true;
    const error = await failureOf(listMetrics());
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toContain(
      `user/${KEY.accessKeyId} is not authorized to perform: cloudwatch:ListMetrics`,
    );
  });

  it('latencyMs: a client with a throwing requestTimeout gives up with TimeoutError, the emulator sees it gone', async () => {
    emulator.faults.latencyMs = { value: 800, times: 1 };
    const started = Date.now();
    const error = await failureOf(
      listMetrics(client({ requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } })),
    );
    expect(error.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(1000);
    while (emulator.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(emulator.calls).toEqual([
      { operation: 'ListMetrics', accessKeyId: KEY.accessKeyId, statusCode: 0 },
    ]);
  });

  it('latencyMs: a requestTimeout alone only warns, and the call waits for the slow answer', async () => {
    emulator.faults.latencyMs = { value: 600, times: 1 };
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => warnings.push(message),
      error: () => undefined,
    };
    const started = Date.now();
    await listMetrics(client({ requestHandler: { requestTimeout: 200, logger } }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(warnings.join('\n')).toContain('requestTimeout');
  });
});

describe('shuffled responses', () => {
  const hosts = ['a', 'b', 'c', 'd', 'e', 'f'];
  const input = (scanBy?: 'TimestampAscending'): GetMetricDataCommandInput => ({
    StartTime: at('10:00:00'),
    EndTime: at('10:30:00'),
    ...(scanBy === undefined ? {} : { ScanBy: scanBy }),
    MetricDataQueries: hosts.map((host) =>
      metricQuery(
        host,
        { namespace: 'SlaLedger/Test', metricName: 'Up', dimensions: { Host: host } },
        60,
        'Sum',
      ),
    ),
  });

  beforeEach(() => {
    hosts.forEach((host, index) =>
      emulator.putDatapoints(
        { namespace: 'SlaLedger/Test', metricName: 'Up', dimensions: { Host: host } },
        Array.from({ length: 30 }, (_, minute) => ({
          timestamp: new Date(at('10:00:00').getTime() + minute * 60_000),
          value: index * 100 + minute,
        })),
      ),
    );
  });

  it('hold the same datapoints in another order, with fresh request ids', async () => {
    const cloudWatch = client();
    const ordered = await cloudWatch.send(new GetMetricDataCommand(input()));
    emulator.shuffleResponses = true;
    const first = await cloudWatch.send(new GetMetricDataCommand(input()));
    const second = await cloudWatch.send(new GetMetricDataCommand(input()));

    for (const shuffled of [first, second]) {
      expect([...datapointKeys(shuffled)].sort()).toEqual([...datapointKeys(ordered)].sort());
    }
    expect(first.MetricDataResults?.map((result) => result.Id)).not.toEqual(hosts);
    const firstTimes = series(resultById(first, 'a')).map(([time]) => time);
    expect(firstTimes).not.toEqual(series(resultById(ordered, 'a')).map(([time]) => time));
    expect(new Set([ordered, first, second].map((output) => output.$metadata.requestId)).size).toBe(
      3,
    );
  });

  it('keep each result in ScanBy order when the request gives one', async () => {
    emulator.shuffleResponses = true;
    const output = await client().send(new GetMetricDataCommand(input('TimestampAscending')));
    expect(output.MetricDataResults?.map((result) => result.Id)).not.toEqual(hosts);
    for (const result of output.MetricDataResults ?? []) {
      const times = series(result).map(([time]) => time);
      expect(times).toEqual([...times].sort());
    }
  });
});

describe('control endpoint', () => {
  const control = (path: string, init?: RequestInit) => fetch(`${endpoint}/__sim/${path}`, init);
  const postJson = (path: string, body: unknown) =>
    control(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('sets fault switches that the next SDK call meets', async () => {
    const response = await postJson('faults', { throttle: { value: true, times: 1 } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ throttle: { value: true, times: 1 } });
    const error = await failureOf(client().send(new ListMetricsCommand({})));
    expect(error.name).toBe('Throttling');
    expect(emulator.faults.throttle).toBe(false);
  });

  it('loads a scenario posted as JSON', async () => {
    const response = await postJson('scenario', {
      metrics: [
        {
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed',
          dimensions: { InstanceId: 'i-9' },
          datapoints: [{ timestamp: '2026-11-25T10:00:30Z', value: 1 }],
        },
      ],
    });
    expect(await response.json()).toEqual({ datapoints: 1 });
    const output = await client().send(
      new GetMetricDataCommand({
        StartTime: at('10:00:00'),
        EndTime: at('10:05:00'),
        MetricDataQueries: [
          metricQuery(
            'q',
            {
              namespace: 'AWS/EC2',
              metricName: 'StatusCheckFailed',
              dimensions: { InstanceId: 'i-9' },
            },
            60,
            'Maximum',
          ),
        ],
      }),
    );
    expect(series(resultById(output, 'q'))).toEqual([['10:00:00', 1]]);
  });

  it('answers a bad fault switch with 400 and the reason', async () => {
    const response = await postJson('faults', { statusCode: 418 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error:
        'faults.statusCode must be 500, 503 or null or { "value": 500, 503 or null, "times": N }',
    });
  });

  it('is not reachable with an AWS request', async () => {
    const response = await control('faults', {
      method: 'POST',
      headers: { 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics' },
      body: JSON.stringify({ throttle: true }),
    });
    expect(response.status).toBe(400);
    expect(emulator.faults.throttle).toBe(false);
  });
});
