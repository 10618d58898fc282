import { MonitorClient, type MetricValue } from '@azure/arm-monitor';
import { ClientSecretCredential } from '@azure/identity';
import type { AzureMonitor } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import { formatInstant } from '../domain/time';
import type { AzureCredentials, CredentialsStore } from './credentials-store';
import type { MetricOracle, MetricQuery } from './metric-oracle';
import { describeSdkError, oracleFailure } from './oracle-failure';
import type { OracleSettings } from './oracle-settings';
import { credentialsFor, redact } from './store-lookup';

type AzureQuery = MetricQuery & { monitor: AzureMonitor };

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

const CONCURRENT_CALLS = 8;

/**
 * Reads Azure Monitor metrics (metrics.list per resource) with a service
 * principal of this organisation; one credential and client per entry,
 * kept for the life of the process.
 */
export class AzureMonitorOracle implements MetricOracle {
  private readonly clients = new Map<string, MonitorClient>();

  constructor(
    private readonly store: () => CredentialsStore,
    private readonly settings: OracleSettings,
  ) {}

  async read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>> {
    const answers = new Map<string, Datapoint[]>();
    const pending = [...(queries as readonly AzureQuery[])];
    const worker = async (): Promise<void> => {
      for (let query = pending.shift(); query !== undefined; query = pending.shift()) {
        answers.set(query.id, await this.readOne(query));
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_CALLS, pending.length) }, worker));
    return answers;
  }

  private async readOne(query: AzureQuery): Promise<Datapoint[]> {
    const credentials = credentialsFor<AzureCredentials>(this.store(), [query], 'azure');
    const interval = AZURE_INTERVALS[query.periodSeconds];
    if (interval === undefined) {
      throw oracleFailure(
        [query],
        'Azure Monitor',
        `it offers no interval of ${query.periodSeconds} s`,
      );
    }
    const subscriptionId = /^\/subscriptions\/([^/]+)\//i.exec(query.monitor.resourceId)?.[1] ?? '';
    const client = this.client(query.monitor.credentialsRef, subscriptionId, credentials);
    let response;
    try {
      response = await client.metrics.list(query.monitor.resourceId, {
        timespan: `${formatInstant(query.start)}/${formatInstant(query.end)}`,
        interval,
        metricnames: query.monitor.metricName.replaceAll(',', '%2'),
        aggregation: query.monitor.aggregation,
        ...(query.monitor.metricNamespace === undefined
          ? {}
          : { metricnamespace: query.monitor.metricNamespace }),
        abortSignal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw oracleFailure(
        [query],
        'Azure Monitor',
        redact(describeSdkError(error, this.settings.timeoutMs), credentials),
      );
    }
    const metric = response.value?.find(
      (entry) => entry.name?.value?.toLowerCase() === query.monitor.metricName.toLowerCase(),
    );
    if (!Array.isArray(response.value) || (response.value.length > 0 && metric === undefined)) {
      throw oracleFailure(
        [query],
        'Azure Monitor',
        `malformed response: no series for metric ${query.monitor.metricName}`,
      );
    }
    const field = query.monitor.aggregation.toLowerCase() as keyof Omit<MetricValue, 'timeStamp'>;
    const points: Datapoint[] = [];
    for (const series of metric?.timeseries ?? []) {
      for (const value of series.data ?? []) {
        const timestamp =
          value.timeStamp instanceof Date ? value.timeStamp.getTime() / 1000 : Number.NaN;
        if (Number.isNaN(timestamp)) {
          throw oracleFailure(
            [query],
            'Azure Monitor',
            'malformed response: a data point without a valid timeStamp',
          );
        }
        const reading = value[field];
        if (
          reading !== undefined &&
          reading !== null &&
          timestamp >= query.start &&
          timestamp < query.end
        ) {
          points.push({ timestamp, value: reading });
        }
      }
    }
    return points;
  }

  private client(
    ref: string,
    subscriptionId: string,
    credentials: AzureCredentials,
  ): MonitorClient {
    const key = `${ref}|${subscriptionId}`;
    let client = this.clients.get(key);
    if (client === undefined) {
      const tls =
        credentials.caCertificate === undefined
          ? {}
          : { tlsOptions: { ca: credentials.caCertificate } };
      const retry = { retryOptions: { maxRetries: this.settings.maxAttempts - 1 } };
      const credential = new ClientSecretCredential(
        credentials.tenantId,
        credentials.clientId,
        credentials.clientSecret,
        {
          ...(credentials.authorityHost === undefined
            ? {}
            : { authorityHost: credentials.authorityHost, disableInstanceDiscovery: true }),
          ...tls,
          ...retry,
        },
      );
      client = new MonitorClient(credential, subscriptionId, {
        ...(credentials.resourceManagerEndpoint === undefined
          ? {}
          : { endpoint: credentials.resourceManagerEndpoint }),
        ...tls,
        ...retry,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
