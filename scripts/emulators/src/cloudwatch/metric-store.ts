/**
 * Every datapoint the emulator holds, grouped by metric. A metric is its
 * namespace, name and complete set of dimensions, as in CloudWatch: a query
 * without dimensions does not see datapoints that were stored with some.
 */
export interface Dimension {
  readonly name: string;
  readonly value: string;
}

export interface MetricIdentity {
  readonly namespace: string;
  readonly metricName: string;
  /** Sorted by name; names are unique. */
  readonly dimensions: readonly Dimension[];
}

/** One stored datapoint as a statistic set; a single value v is {1, v, v, v}. */
export interface StatisticSample {
  /** Seconds since the epoch, already truncated to the metric's storage resolution. */
  readonly timestamp: number;
  readonly sampleCount: number;
  readonly sum: number;
  readonly minimum: number;
  readonly maximum: number;
  /** "None" when the datapoint was stored without a unit. */
  readonly unit: string;
}

export type DimensionsInput = readonly Dimension[] | Readonly<Record<string, string>>;

export function metricIdentity(
  namespace: string,
  metricName: string,
  dimensions: DimensionsInput = [],
): MetricIdentity {
  const list: Dimension[] = Array.isArray(dimensions)
    ? [...(dimensions as readonly Dimension[])]
    : Object.entries(dimensions).map(([name, value]) => ({ name, value }));
  list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { namespace, metricName, dimensions: list };
}

function keyOf(metric: MetricIdentity): string {
  return JSON.stringify([
    metric.namespace,
    metric.metricName,
    metric.dimensions.map((d) => [d.name, d.value]),
  ]);
}

interface Series {
  readonly metric: MetricIdentity;
  samples: StatisticSample[];
  sorted: boolean;
}

/** The index of the first sample at or after `timestamp` in samples sorted by time. */
function firstAtOrAfter(samples: readonly StatisticSample[], timestamp: number): number {
  let low = 0;
  let high = samples.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (samples[middle].timestamp < timestamp) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class MetricStore {
  readonly #series = new Map<string, Series>();

  add(metric: MetricIdentity, sample: StatisticSample): void {
    const key = keyOf(metric);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { metric, samples: [], sorted: true };
      this.#series.set(key, series);
    }
    const last = series.samples[series.samples.length - 1];
    if (last !== undefined && last.timestamp > sample.timestamp) series.sorted = false;
    series.samples.push(sample);
  }

  /** The samples of `metric` with start <= timestamp < end, oldest first. */
  samplesBetween(metric: MetricIdentity, start: number, end: number): readonly StatisticSample[] {
    const series = this.#series.get(keyOf(metric));
    if (series === undefined) return [];
    if (!series.sorted) {
      series.samples.sort((a, b) => a.timestamp - b.timestamp);
      series.sorted = true;
    }
    return series.samples.slice(
      firstAtOrAfter(series.samples, start),
      firstAtOrAfter(series.samples, end),
    );
  }

  /** Every metric with at least one sample, with the time of its newest sample. */
  metrics(): Array<{ metric: MetricIdentity; newestTimestamp: number }> {
    return [...this.#series.values()].map((series) => ({
      metric: series.metric,
      newestTimestamp: series.samples.reduce(
        (newest, s) => Math.max(newest, s.timestamp),
        -Infinity,
      ),
    }));
  }

  clear(): void {
    this.#series.clear();
  }
}
