import type { MonitorSpec } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import type { MetricOracle, MetricQuery } from './metric-oracle';

/** Sends each query to the adapter of its monitor's kind; one failure fails the whole read. */
export class MonitorRouter implements MetricOracle {
  constructor(private readonly adapters: Readonly<Record<MonitorSpec['kind'], MetricOracle>>) {}

  async read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>> {
    const byKind = new Map<MonitorSpec['kind'], MetricQuery[]>();
    for (const query of queries) {
      byKind.set(query.monitor.kind, [...(byKind.get(query.monitor.kind) ?? []), query]);
    }
    const answers = await Promise.all(
      [...byKind].map(([kind, group]) => this.adapters[kind].read(group)),
    );
    return new Map(answers.flatMap((answer) => [...answer]));
  }
}
