import type { MetricsClient, MetricsQueryResourcesOptions } from '@azure/monitor-query-metrics';
import type { AzureMonitor } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import {
  azureMetricsClient,
  metricsEndpoint,
  servicePrincipal,
  type ServicePrincipal,
} from './azure-metrics-client';
import { concurrently } from './concurrently';
import { CredentialClients } from './credential-clients';
import type { AzureCredentials, CredentialsStore } from './credentials-store';
import { datapointsOfBatch } from './metrics-batch-answer';
import type { MetricOracle, MetricQuery } from './metric-oracle';
import { budgetSpent, describeFailure, MalformedAnswer, oracleFailure } from './oracle-failure';
import { budgetOf, type OracleSettings } from './oracle-settings';
import { ReadBudget } from './read-budget';
import { credentialsFor, redact } from './store-lookup';
import { TransportJournal } from './transport-journal';

type AzureQuery = MetricQuery & { monitor: AzureMonitor };

/** The metrics batch API takes up to 50 resources of one subscription, region and namespace. */
export const MAX_RESOURCES_PER_CALL = 50;
const CONCURRENT_CALLS = 8;

/** ISO-8601 durations of the time grains Azure Monitor serves. */
const AZURE_INTERVALS: Readonly<Record<number, string>> = {
  60: 'PT1M',
  300: 'PT5M',
  900: 'PT15M',
  1800: 'PT30M',
  3600: 'PT1H',
  21600: 'PT6H',
  43200: 'PT12H',
  86400: 'P1D',
};

interface Batch {
  queries: AzureQuery[];
  /** The distinct resources of the queries, as the first query names each. */
  resourceIds: string[];
}

/**
 * Reads Azure Monitor through the metrics batch API (`metrics:getBatch` on the region's
 * data-plane endpoint) with a service principal of this organisation: queries that share
 * credentials, region, subscription, namespace, metric, aggregation, window and period go
 * together, 50 resources to a call; one credential per credentials entry (its tokens cached)
 * and one client per (credentials, endpoint), for the life of the process, built again when
 * the credentials entry changes in the store.
 */
export class AzureMonitorOracle implements MetricOracle {
  private readonly principals = new CredentialClients<ServicePrincipal>();
  private readonly clients = new CredentialClients<MetricsClient>();

  constructor(
    private readonly store: () => CredentialsStore,
    private readonly settings: OracleSettings,
  ) {}

  async read(
    queries: readonly MetricQuery[],
    given?: ReadBudget,
  ): Promise<Map<string, Datapoint[]>> {
    const budget = given ?? new ReadBudget(budgetOf(this.settings));
    try {
      const answers = await concurrently(
        batchesOf(queries as readonly AzureQuery[]),
        CONCURRENT_CALLS,
        (batch) =>
          budget.enforce(this.readBatch(batch, budget), () =>
            oracleFailure(batch.queries, monitorName(batch), budgetSpent(budget.budgetMs)),
          ),
      );
      return new Map(answers.flatMap((answer) => [...answer]));
    } finally {
      if (given === undefined) budget.close();
    }
  }

  private async readBatch(batch: Batch, budget: ReadBudget): Promise<Map<string, Datapoint[]>> {
    const first = batch.queries[0] as AzureQuery;
    const monitor = first.monitor;
    const interval = AZURE_INTERVALS[first.periodSeconds];
    if (interval === undefined) {
      throw oracleFailure(
        batch.queries,
        monitorName(batch),
        `it offers no interval of ${first.periodSeconds} s`,
      );
    }
    const credentials = credentialsFor<AzureCredentials>(this.store(), batch.queries, 'azure');
    const client = this.client(monitor.credentialsRef, monitor.region, credentials);
    const call = budget.callSignal(this.settings.timeoutMs);
    const journal = new TransportJournal();
    const startedAt = Date.now();
    const options: MetricsQueryResourcesOptions & { abortSignal: AbortSignal } = {
      startTime: new Date(first.start * 1000),
      endTime: new Date(first.end * 1000),
      interval,
      aggregation: monitor.aggregation,
      abortSignal: call.signal,
    };
    try {
      const results = await journal.run(() =>
        client
          .queryResources(
            batch.resourceIds,
            [monitor.metricName.replaceAll(',', '%2')],
            monitor.metricNamespace,
            options,
          )
          .catch((error: unknown) => {
            throw error instanceof TypeError
              ? new MalformedAnswer(`the SDK could not read it (${error.message})`)
              : error;
          }),
      );
      const byResource = datapointsOfBatch(
        results,
        batch.resourceIds,
        interval,
        monitor.aggregation,
      );
      return new Map(
        batch.queries.map((query) => [
          query.id,
          [...(byResource.get(resourceOf(batch, query)) ?? [])],
        ]),
      );
    } catch (error) {
      const cause = describeFailure(error, {
        budget,
        signal: call,
        timeoutMs: this.settings.timeoutMs,
        startedAt,
        transport: journal.failures,
      });
      throw oracleFailure(batch.queries, monitorName(batch), redact(cause, credentials));
    }
  }

  private client(ref: string, region: string, credentials: AzureCredentials): MetricsClient {
    const principal = this.principals.get(ref, credentials, () =>
      servicePrincipal(credentials, this.settings),
    );
    const endpoint = metricsEndpoint(credentials, region);
    return this.clients.get(`${ref}|${endpoint}`, credentials, () =>
      azureMetricsClient(endpoint, principal, this.settings),
    );
  }
}

function monitorName(batch: Batch): string {
  return `Azure Monitor in ${(batch.queries[0] as AzureQuery).monitor.region}`;
}

function resourceOf(batch: Batch, query: AzureQuery): string {
  const wanted = query.monitor.resourceId.toLowerCase();
  return batch.resourceIds.find((id) => id.toLowerCase() === wanted) as string;
}

function subscriptionOf(resourceId: string): string {
  return (/^\/subscriptions\/([^/]+)\//i.exec(resourceId)?.[1] ?? '').toLowerCase();
}

/** Groups the queries one batch call can answer, at most 50 distinct resources each. */
function batchesOf(queries: readonly AzureQuery[]): Batch[] {
  const groups = new Map<string, AzureQuery[]>();
  for (const query of queries) {
    const m = query.monitor;
    const key = [
      m.credentialsRef,
      m.region,
      subscriptionOf(m.resourceId),
      m.metricNamespace.toLowerCase(),
      m.metricName.toLowerCase(),
      m.aggregation,
      query.start,
      query.end,
      query.periodSeconds,
    ].join('|');
    groups.set(key, [...(groups.get(key) ?? []), query]);
  }
  const batches: Batch[] = [];
  for (const group of groups.values()) {
    const byResource = new Map<string, AzureQuery[]>();
    for (const query of group) {
      const resource = query.monitor.resourceId.toLowerCase();
      byResource.set(resource, [...(byResource.get(resource) ?? []), query]);
    }
    const resources = [...byResource.values()];
    for (let index = 0; index < resources.length; index += MAX_RESOURCES_PER_CALL) {
      const slice = resources.slice(index, index + MAX_RESOURCES_PER_CALL);
      batches.push({
        queries: slice.flat(),
        resourceIds: slice.map((sharing) => (sharing[0] as AzureQuery).monitor.resourceId),
      });
    }
  }
  return batches;
}
