/**
 * The metric entries both metrics endpoints answer with (Metrics - List's `value`, and each
 * resource's `value` in a metrics batch): one metric with its single, undimensioned series.
 */
import { randomInt } from 'node:crypto';
import {
  aggregate,
  resourceType,
  type Aggregation,
  type MetricSeries,
  type MetricValue,
  type Resource,
} from './metric-store';

export interface MetricResult {
  id: string;
  type: 'Microsoft.Insights/metrics';
  name: { value: string; localizedValue: string };
  displayDescription: string;
  unit: string;
  timeseries: Array<{ metadatavalues: never[]; data: MetricValue[] }>;
  errorCode: string;
  errorMessage?: string;
}

/** What a query asks of the stored samples. */
export interface SeriesQuery {
  metricNames: string[] | undefined;
  metricNamespace: string | undefined;
  aggregations: Aggregation[] | undefined;
  start: number;
  end: number;
  intervalMs: number;
}

export type MetricSelection =
  { series: MetricSeries[] } | { unknown: string; candidates: MetricSeries[] };

/** The resource's metrics the query names (its first metric when it names none), in the order asked. */
export function selectMetrics(resource: Resource, query: SeriesQuery): MetricSelection {
  const inNamespace = [...resource.metrics.values()].filter(
    (series) =>
      query.metricNamespace === undefined ||
      series.definition.namespace.toLowerCase() === query.metricNamespace.toLowerCase(),
  );
  if (query.metricNames === undefined) {
    return { series: inNamespace.slice(0, 1) };
  }
  const series: MetricSeries[] = [];
  for (const name of query.metricNames) {
    const found = inNamespace.find((s) => s.definition.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      return { unknown: name, candidates: inNamespace };
    }
    series.push(found);
  }
  return { series };
}

export function metricResult(
  resource: Resource,
  series: MetricSeries,
  query: SeriesQuery,
): MetricResult {
  const definition = series.definition;
  return {
    id: `${resource.id}/providers/Microsoft.Insights/metrics/${definition.name}`,
    type: 'Microsoft.Insights/metrics',
    name: { value: definition.name, localizedValue: definition.name },
    displayDescription: definition.displayDescription,
    unit: definition.unit,
    timeseries: [
      {
        metadatavalues: [],
        data: aggregate(
          series.samples,
          query.start,
          query.end,
          query.intervalMs,
          query.aggregations ?? [definition.primaryAggregation],
        ),
      },
    ],
    errorCode: 'Success',
  };
}

/** Azure's wording, e.g. "…provider: Microsoft.Compute, resource Type: virtualMachines, metric: X, Valid metrics: …". */
export function unknownMetricMessage(
  resource: Resource,
  metric: string,
  candidates: MetricSeries[],
): string {
  const [provider, ...types] = resourceType(resource.id).split('/');
  const valid = candidates.map((s) => s.definition.name).join(',');
  return `Failed to find metric configuration for provider: ${provider}, resource Type: ${types.join('/')}, metric: ${metric}, Valid metrics: ${valid}`;
}

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** Shuffles the metrics and each series' data points, in place. */
export function shuffleMetrics(metrics: MetricResult[]): void {
  shuffle(metrics);
  for (const metric of metrics) {
    for (const series of metric.timeseries) shuffle(series.data);
  }
}
