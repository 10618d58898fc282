import type { MetricsQueryResult } from '@azure/monitor-query-metrics';
import type { AzureMonitor } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import { FailedQuery, MalformedAnswer } from './oracle-failure';

type Aggregation = AzureMonitor['aggregation'];
const FIELDS: Readonly<Record<Aggregation, 'average' | 'minimum' | 'maximum' | 'total' | 'count'>> =
  {
    Average: 'average',
    Minimum: 'minimum',
    Maximum: 'maximum',
    Total: 'total',
    Count: 'count',
  };

/**
 * The datapoints of each resource of one metrics batch answer, accepted only when the answer
 * is complete: exactly one result per resource asked for, each with exactly one metric that
 * reports success, at the interval asked for, with exactly one time series. A point without a
 * value is a period without data; points outside the window are passed on for canonicalisation
 * to refuse, as CloudWatch's are.
 *
 * @param resourceIds the resources asked for (keys of the returned map, as given)
 */
export function datapointsOfBatch(
  results: readonly MetricsQueryResult[],
  resourceIds: readonly string[],
  interval: string,
  aggregation: Aggregation,
): Map<string, Datapoint[]> {
  const asked = new Map(resourceIds.map((id) => [id.toLowerCase(), id]));
  const answers = new Map<string, Datapoint[]>();
  for (const result of results) {
    const id = asked.get((result.resourceId ?? '').toLowerCase());
    if (id === undefined) {
      throw new MalformedAnswer(
        `a result for resource ${JSON.stringify(result.resourceId)}, not asked for`,
      );
    }
    if (answers.has(id)) {
      throw new MalformedAnswer(`two results for resource ${id}`);
    }
    if (result.granularity !== undefined && result.granularity !== interval) {
      throw new MalformedAnswer(
        `resource ${id} answered at interval ${result.granularity}, not ${interval}`,
      );
    }
    answers.set(id, datapointsOf(result, id, FIELDS[aggregation]));
  }
  const missing = resourceIds.filter((id) => !answers.has(id));
  if (missing.length > 0) {
    throw new MalformedAnswer(
      `no result for resource ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`,
    );
  }
  return answers;
}

function datapointsOf(
  result: MetricsQueryResult,
  id: string,
  field: (typeof FIELDS)[Aggregation],
): Datapoint[] {
  if (result.metrics.length !== 1) {
    throw new MalformedAnswer(
      `resource ${id} answered ${result.metrics.length} metrics for the one asked for`,
    );
  }
  const metric = result.metrics[0] as MetricsQueryResult['metrics'][number];
  if (metric.errorCode !== undefined && metric.errorCode !== 'Success') {
    throw new FailedQuery(
      `Azure Monitor reported ${metric.errorCode} for resource ${id}${metric.errorMessage ? `: ${metric.errorMessage}` : ''}`,
    );
  }
  if (metric.timeseries.length !== 1) {
    throw new MalformedAnswer(
      `resource ${id} answered ${metric.timeseries.length} time series for a metric without dimensions`,
    );
  }
  const points: Datapoint[] = [];
  for (const point of metric.timeseries[0]?.data ?? []) {
    const timestamp = point.timeStamp instanceof Date ? point.timeStamp.getTime() / 1000 : NaN;
    if (Number.isNaN(timestamp)) {
      throw new MalformedAnswer(`resource ${id} answered a data point without a valid timeStamp`);
    }
    const value: unknown = point[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number') {
      throw new MalformedAnswer(`resource ${id} answered a ${field} that is not a number`);
    }
    points.push({ timestamp, value });
  }
  return points;
}
