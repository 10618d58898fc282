import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { CloudWatchMonitor } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import { cloudWatchClient } from './cloudwatch-client';
import { concurrently } from './concurrently';
import { CredentialClients } from './credential-clients';
import type { AwsCredentials, CredentialsStore } from './credentials-store';
import { MetricDataPages } from './metric-data-pages';
import type { MetricOracle, MetricQuery } from './metric-oracle';
import { budgetSpent, describeFailure, oracleFailure } from './oracle-failure';
import { budgetOf, type OracleSettings } from './oracle-settings';
import { ReadBudget } from './read-budget';
import { credentialsFor, redact } from './store-lookup';

/** GetMetricData takes at most 500 queries and returns at most 100,800 datapoints per call. */
export const MAX_QUERIES_PER_CALL = 500;
export const MAX_DATAPOINTS_PER_CALL = 100_800;
const CONCURRENT_CALLS = 4;

type CloudWatchQuery = MetricQuery & { monitor: CloudWatchMonitor };

/**
 * Reads CloudWatch through GetMetricData: queries that share credentials, region, window and
 * period go together, 500 to a call, pages followed by NextToken and checked for completeness, one
 * client per (credentials, region, endpoint) for the life of the process, built again when the
 * credentials entry changes in the store.
 */
export class CloudWatchOracle implements MetricOracle {
  private readonly clients = new CredentialClients<CloudWatchClient>((client) => client.destroy());

  constructor(
    private readonly store: () => CredentialsStore,
    private readonly settings: OracleSettings,
  ) {}

  async read(
    queries: readonly MetricQuery[],
    given?: ReadBudget,
  ): Promise<Map<string, Datapoint[]>> {
    const budget = given ?? new ReadBudget(budgetOf(this.settings));
    const groups = new Map<string, CloudWatchQuery[]>();
    for (const query of queries as readonly CloudWatchQuery[]) {
      const { credentialsRef, region } = query.monitor;
      const key = [credentialsRef, region, query.start, query.end, query.periodSeconds].join('|');
      groups.set(key, [...(groups.get(key) ?? []), query]);
    }
    try {
      const answers = await concurrently(
        [...groups.values()].flatMap(batches),
        CONCURRENT_CALLS,
        (batch) =>
          budget.enforce(this.getMetricData(batch, budget), () =>
            oracleFailure(batch, monitorName(batch), budgetSpent(budget.budgetMs)),
          ),
      );
      return new Map(answers.flatMap((answer) => [...answer]));
    } finally {
      if (given === undefined) budget.close();
    }
  }

  private async getMetricData(
    batch: CloudWatchQuery[],
    budget: ReadBudget,
  ): Promise<Map<string, Datapoint[]>> {
    const first = batch[0] as CloudWatchQuery;
    const credentials = credentialsFor<AwsCredentials>(this.store(), batch, 'aws');
    const client = this.client(first.monitor.credentialsRef, first.monitor.region, credentials);
    const pageDatapoints = this.settings.cloudWatchPageDatapoints ?? MAX_DATAPOINTS_PER_CALL;
    const ids = batch.map((_, index) => `q${index}`);
    const pages = new MetricDataPages(
      ids,
      (first.end - first.start) / first.periodSeconds,
      pageDatapoints,
      (id) => `service ${batch[Number(id.slice(1))]?.serviceKey ?? id}`,
    );
    let nextToken: string | undefined;
    do {
      const command = new GetMetricDataCommand({
        MetricDataQueries: batch.map((query, index) => metricDataQuery(`q${index}`, query)),
        StartTime: new Date(first.start * 1000),
        EndTime: new Date(first.end * 1000),
        ScanBy: 'TimestampAscending',
        MaxDatapoints: pageDatapoints,
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      });
      const call = budget.callSignal(this.settings.timeoutMs);
      const startedAt = Date.now();
      try {
        nextToken = pages.add(await client.send(command, { abortSignal: call.signal }));
      } catch (error) {
        const cause = describeFailure(error, {
          budget,
          signal: call,
          timeoutMs: this.settings.timeoutMs,
          startedAt,
        });
        throw oracleFailure(batch, monitorName(batch), redact(cause, credentials));
      }
    } while (nextToken !== undefined);
    return new Map(batch.map((query, index) => [query.id, pages.datapoints(`q${index}`)]));
  }

  private client(ref: string, region: string, credentials: AwsCredentials): CloudWatchClient {
    return this.clients.get(`${ref}|${region}|${credentials.endpoint ?? ''}`, credentials, () =>
      cloudWatchClient(region, credentials, this.settings),
    );
  }
}

function monitorName(batch: readonly CloudWatchQuery[]): string {
  return `CloudWatch in ${(batch[0] as CloudWatchQuery).monitor.region}`;
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
