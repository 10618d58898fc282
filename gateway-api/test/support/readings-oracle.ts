import type { MetricOracle, MetricQuery } from '@sla-ledger/chaincode/oracles';
import type { Datapoint } from '@sla-ledger/chaincode/domain';

/**
 * An organisation's monitors for tests: every period of every queried
 * window has the reading `value(instanceId, periodStart)` (none when it
 * gives undefined). Reads can be made to fail, or to answer one instance
 * with a reading the chaincode refuses.
 */
export class ReadingsOracle implements MetricOracle {
  /** Every read, for tests that count monitoring calls. */
  readonly reads: Array<readonly MetricQuery[]> = [];
  private failure: Error | undefined;
  private readonly malformed = new Set<string>();

  constructor(
    private readonly value: (instanceId: string, t: number) => number | undefined = () => 0,
  ) {}

  failWith(error: Error | undefined): this {
    this.failure = error;
    return this;
  }

  answerMalformed(instanceId: string): this {
    this.malformed.add(instanceId);
    return this;
  }

  async read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>> {
    this.reads.push(queries);
    if (this.failure !== undefined) throw this.failure;
    return new Map(
      queries.map((query) => {
        const instance = instanceOf(query);
        const points: Datapoint[] = [];
        for (let t = query.start; t < query.end; t += query.periodSeconds) {
          const reading = this.malformed.has(instance) ? Number.NaN : this.value(instance, t);
          if (reading !== undefined) points.push({ timestamp: t, value: reading });
        }
        return [query.id, points];
      }),
    );
  }
}

function instanceOf(query: MetricQuery): string {
  return query.monitor.kind === 'cloudwatch'
    ? (query.monitor.dimensions.find((dimension) => dimension.name === 'InstanceId')?.value ?? '')
    : query.monitor.resourceId;
}
