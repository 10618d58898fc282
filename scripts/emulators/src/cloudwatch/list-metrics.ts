/**
 * ListMetrics: the stored metrics matching the filters, 500 per page, in a
 * stable order (namespace, name, dimensions).
 */
import {
  isJsonObject,
  member,
  readList,
  readObject,
  readString,
  required,
  type JsonObject,
} from './json-input';
import { checkMetricName, checkNamespace } from './metric-names';
import type { MetricIdentity, MetricStore } from './metric-store';
import { requestFingerprint } from './pagination-token';
import { serviceErrors } from './service-errors';

export const METRICS_PER_PAGE = 500;
const MAX_DIMENSION_FILTERS = 10;
const RECENTLY_ACTIVE_SECONDS = 3 * 3600;

export interface ListMetricsOutput {
  Metrics: Array<{
    Namespace: string;
    MetricName: string;
    Dimensions: Array<{ Name: string; Value: string }>;
  }>;
  NextToken?: string;
}

interface DimensionFilter {
  readonly name: string;
  readonly value: string | undefined;
}

function readFilters(body: JsonObject): DimensionFilter[] {
  const list = readList(member(body, 'Dimensions'), 'Dimensions') ?? [];
  if (list.length > MAX_DIMENSION_FILTERS) {
    throw serviceErrors.invalidParameterValue(
      `The collection Dimensions must not have a size greater than ${MAX_DIMENSION_FILTERS}.`,
    );
  }
  return list.map((entry, index) => {
    const path = `Dimensions.member.${index + 1}`;
    const filter = readObject(entry, path) ?? {};
    return {
      name: required(readString(member(filter, 'Name'), `${path}.Name`), () =>
        serviceErrors.missingParameter(`The parameter ${path}.Name is required.`),
      ),
      value: readString(member(filter, 'Value'), `${path}.Value`),
    };
  });
}

function sortKey(metric: MetricIdentity): string {
  return JSON.stringify([
    metric.namespace,
    metric.metricName,
    metric.dimensions.map((d) => [d.name, d.value]),
  ]);
}

function readOffset(token: string | undefined, fingerprint: string): number {
  if (token === undefined) return 0;
  const invalid = serviceErrors.invalidParameterValue('Request parameter NextToken is invalid');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!isJsonObject(decoded) || decoded.f !== fingerprint || typeof decoded.o !== 'number') {
    throw invalid;
  }
  return decoded.o;
}

export function listMetrics(
  store: MetricStore,
  body: JsonObject,
  nowSeconds: number,
): ListMetricsOutput {
  const namespace = readString(member(body, 'Namespace'), 'Namespace');
  const metricName = readString(member(body, 'MetricName'), 'MetricName');
  if (namespace !== undefined) checkNamespace(namespace, 'Namespace');
  if (metricName !== undefined) checkMetricName(metricName, 'MetricName');
  const filters = readFilters(body);
  const recentlyActive = readString(member(body, 'RecentlyActive'), 'RecentlyActive');
  if (recentlyActive !== undefined && recentlyActive !== 'PT3H') {
    throw serviceErrors.invalidParameterValue(
      `The value ${recentlyActive} for parameter RecentlyActive is invalid.`,
    );
  }

  const matching = store
    .metrics()
    .filter(
      ({ metric, newestTimestamp }) =>
        (namespace === undefined || metric.namespace === namespace) &&
        (metricName === undefined || metric.metricName === metricName) &&
        filters.every((filter) =>
          metric.dimensions.some(
            (d) =>
              d.name === filter.name && (filter.value === undefined || d.value === filter.value),
          ),
        ) &&
        (recentlyActive === undefined || newestTimestamp >= nowSeconds - RECENTLY_ACTIVE_SECONDS),
    )
    .map(({ metric }) => metric)
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));

  const fingerprint = requestFingerprint([namespace, metricName, filters, recentlyActive]);
  const offset = readOffset(readString(member(body, 'NextToken'), 'NextToken'), fingerprint);
  const page = matching.slice(offset, offset + METRICS_PER_PAGE);
  const output: ListMetricsOutput = {
    Metrics: page.map((metric) => ({
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    })),
  };
  if (offset + METRICS_PER_PAGE < matching.length) {
    output.NextToken = Buffer.from(
      JSON.stringify({ f: fingerprint, o: offset + METRICS_PER_PAGE }),
    ).toString('base64url');
  }
  return output;
}
