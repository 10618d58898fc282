import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { CloudWatchMonitor } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import type { AwsCredentials, CredentialsStore } from './credentials-store';
import type { MetricOracle, MetricQuery } from './metric-oracle';
import { describeSdkError, oracleFailure } from './oracle-failure';
import type { OracleSettings } from './oracle-settings';
import { credentialsFor, redact } from './store-lookup';

/** GetMetricData takes at most 500 queries and returns at most 100,800 datapoints per call. */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;

type CloudWatchQuery = MetricQuery & { monitor: CloudWatchMonitor };

/**
 * Reads CloudWatch through GetMetricData: queries that share credentials,
 * region and window go together, 500 to a call, pages followed by NextToken,
 * one client per (credentials, region, endpoint) for the life of the process.
 */
export class CloudWatchOracle implements MetricOracle {
  private readonly clients = new Map<string, CloudWatchClient>();

  constructor(
    private readonly store: () => CredentialsStore,
    private readonly settings: OracleSettings,
  ) {}

  async read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>> {
    const answers = new Map<string, Datapoint[]>();
    const groups = new Map<string, CloudWatchQuery[]>();
    for (const query of queries as readonly CloudWatchQuery[]) {
      const key = [query.monitor.credentialsRef, query.monitor.region, query.start, query.end].join(
        '|',
      );
      groups.set(key, [...(groups.get(key) ?? []), query]);
    }
    for (const group of groups.values()) {
      for (const batch of batches(group)) {
        for (const [id, points] of await this.getMetricData(batch)) {
          answers.set(id, points);
        }
      }
    }
    return answers;
  }

  private async getMetricData(batch: CloudWatchQuery[]): Promise<Map<string, Datapoint[]>> {
    const first = batch[0] as CloudWatchQuery;
    const credentials = credentialsFor<AwsCredentials>(this.store(), batch, 'aws');
    const client = this.client(first.monitor.credentialsRef, first.monitor.region, credentials);
    const points = new Map<string, Datapoint[]>(batch.map((query) => [query.id, []]));
    const byQueryId = new Map(batch.map((query, index) => [`q${index}`, query]));
    let nextToken: string | undefined;
    do {
      const command = new GetMetricDataCommand({
        MetricDataQueries: batch.map((query, index) => metricDataQuery(`q${index}`, query)),
        StartTime: new Date(first.start * 1000),
        EndTime: new Date(first.end * 1000),
        ScanBy: 'TimestampAscending',
        MaxDatapoints: this.settings.cloudWatchPageDatapoints ?? MAX_DATAPOINTS_PER_CALL,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      });
      let output;
      try {
        output = await client.send(command, {
          abortSignal: AbortSignal.timeout(this.settings.timeoutMs),
        });
      } catch (error) {
        throw oracleFailure(
          batch,
          `CloudWatch in ${first.monitor.region}`,
          redact(describeSdkError(error, this.settings.timeoutMs), credentials),
        );
      }
      for (const result of output.MetricDataResults ?? []) {
        const query = result.Id === undefined ? undefined : byQueryId.get(result.Id);
        if (query === undefined) {
          throw oracleFailure(
            batch,
            'CloudWatch',
            `malformed response: a result for unknown query id ${JSON.stringify(result.Id)}`,
          );
        }
        if (result.StatusCode === 'InternalError' || result.StatusCode === 'Forbidden') {
          const messages = (result.Messages ?? []).map((message) => message.Value).join('; ');
          throw oracleFailure(
            [query],
            'CloudWatch',
            `the query failed with ${result.StatusCode}${messages ? ` (${messages})` : ''}`,
          );
        }
        const timestamps = result.Timestamps ?? [];
        const values = result.Values ?? [];
        if (timestamps.length !== values.length) {
          throw oracleFailure(
            [query],
            'CloudWatch',
            'malformed response: timestamps and values differ in number',
          );
        }
        const list = points.get(query.id) as Datapoint[];
        timestamps.forEach((timestamp, index) =>
          list.push({ timestamp: timestamp.getTime() / 1000, value: values[index] as number }),
        );
      }
      nextToken = output.NextToken;
    } while (nextToken);
    return points;
  }

  private client(ref: string, region: string, credentials: AwsCredentials): CloudWatchClient {
    const key = `${ref}|${region}|${credentials.endpoint ?? ''}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      client = new CloudWatchClient({
        region,
        ...(credentials.endpoint === undefined ? {} : { endpoint: credentials.endpoint }),
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          ...(credentials.sessionToken === undefined
            ? {}
            : { sessionToken: credentials.sessionToken }),
        },
        maxAttempts: this.settings.maxAttempts,
        requestHandler: {
          connectionTimeout: this.settings.timeoutMs,
          requestTimeout: this.settings.timeoutMs,
          throwOnRequestTimeout: true,
        },
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

function metricDataQuery(id: string, query: CloudWatchQuery): MetricDataQuery {
  const monitor = query.monitor;
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: monitor.namespace,
        MetricName: monitor.metricName,
        Dimensions: monitor.dimensions.map((dimension) => ({
          Name: dimension.name,
          Value: dimension.value,
        })),
      },
      Period: query.periodSeconds,
      Stat: monitor.statistic,
    },
    ReturnData: true,
  };
}

/** Splits queries of one window into calls within both GetMetricData limits. */
function batches(queries: CloudWatchQuery[]): CloudWatchQuery[][] {
  const first = queries[0] as CloudWatchQuery;
  const periods = Math.ceil((first.end - first.start) / first.periodSeconds);
  const perCall = Math.max(
    1,
    Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / Math.max(1, periods))),
  );
  const result: CloudWatchQuery[][] = [];
  for (let index = 0; index < queries.length; index += perCall) {
    result.push(queries.slice(index, index + perCall));
  }
  return result;
}
