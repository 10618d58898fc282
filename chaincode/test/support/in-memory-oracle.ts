import { monitorLabel, type MonitorSpec } from '../../src/domain/monitor';
import type { Datapoint } from '../../src/domain/readings';
import type { MetricOracle, MetricQuery } from '../../src/oracles/metric-oracle';

/**
 * Readings kept in memory, keyed by the monitored metric, for tests and the
 * demo. It answers like a monitoring service: only datapoints inside the
 * requested window, in whatever order they were recorded.
 */
export class InMemoryOracle implements MetricOracle {
  private readonly series = new Map<string, Datapoint[]>();
  /** Every query answered, for tests that count calls. */
  readonly calls: Array<readonly MetricQuery[]> = [];
  private failure: Error | undefined;

  record(monitor: MonitorSpec, timestamp: number, value: number): this {
    const key = seriesKey(monitor);
    const points = this.series.get(key) ?? [];
    points.push({ timestamp, value });
    this.series.set(key, points);
    return this;
  }

  /** Records `value` for every period start in [from, until). */
  fill(
    monitor: MonitorSpec,
    from: number,
    until: number,
    periodSeconds: number,
    value: (t: number) => number | undefined,
  ): this {
    for (let t = from; t < until; t += periodSeconds) {
      const reading = value(t);
      if (reading !== undefined) this.record(monitor, t, reading);
    }
    return this;
  }

  /** Makes every following read fail with `error` until cleared with `undefined`. */
  failWith(error: Error | undefined): this {
    this.failure = error;
    return this;
  }

  async read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>> {
    this.calls.push(queries);
    if (this.failure) {
      throw this.failure;
    }
    const answers = new Map<string, Datapoint[]>();
    for (const query of queries) {
      const points = this.series.get(seriesKey(query.monitor)) ?? [];
      answers.set(
        query.id,
        points.filter((point) => point.timestamp >= query.start && point.timestamp < query.end),
      );
    }
    return answers;
  }
}

function seriesKey(monitor: MonitorSpec): string {
  const dimensions =
    monitor.kind === 'cloudwatch'
      ? monitor.dimensions
          .map((dimension) => `${dimension.name}=${dimension.value}`)
          .sort()
          .join(',')
      : '';
  return `${monitorLabel(monitor)} ${dimensions} ${monitor.kind === 'cloudwatch' ? monitor.statistic : monitor.aggregation}`;
}
