import type { MonitorSpec } from '../domain/monitor';
import type { Datapoint } from '../domain/readings';
import type { MetricOracle, MetricQuery } from './metric-oracle';
import { ReadBudget } from './read-budget';

/**
 * Sends each query to the adapter of its monitor's kind, all under one time budget;
 * one failure fails the whole read.
 */
export class MonitorRouter implements MetricOracle {
  constructor(
    private readonly adapters: Readonly<Record<MonitorSpec['kind'], MetricOracle>>,
    private readonly budgetMs: number,
  ) {}

  async read(
    queries: readonly MetricQuery[],
    given?: ReadBudget,
  ): Promise<Map<string, Datapoint[]>> {
    const budget = given ?? new ReadBudget(this.budgetMs);
    const byKind = new Map<MonitorSpec['kind'], MetricQuery[]>();
    for (const query of queries) {
      byKind.set(query.monitor.kind, [...(byKind.get(query.monitor.kind) ?? []), query]);
    }
    try {
      const answers = await Promise.all(
        [...byKind].map(([kind, group]) => this.adapters[kind].read(group, budget)),
      );
      return new Map(answers.flatMap((answer) => [...answer]));
    } finally {
      if (given === undefined) budget.close();
    }
  }
}
