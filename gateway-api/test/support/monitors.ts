import { existsSync } from 'node:fs';
import { OracleUnavailable, type Datapoint } from '@sla-ledger/chaincode/domain';
import { loadCredentialsStore } from '@sla-ledger/chaincode/credentials';
import type { MetricOracle, MetricQuery } from '@sla-ledger/chaincode/oracles';

/** One reading per period start; undefined: no datapoint. */
export type Reading = (periodStart: number) => number | undefined;

/**
 * An organisation's monitors for the API tests: readings scripted per
 * monitored resource (CloudWatch InstanceId, Azure resource id), shared by
 * every organisation, and — like the real adapters — each read resolves the
 * monitor's credentialsRef in this organisation's own sealed store, opened
 * afresh, so credentials stored by the gateway are seen at once.
 */
export class ScriptedMonitors implements MetricOracle {
  constructor(
    private readonly organisation: string,
    private readonly store: { file: string; key: string },
    private readonly readings: Map<string, Reading>,
  ) {}

  async read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>> {
    const entries = existsSync(this.store.file)
      ? loadCredentialsStore(
          {
            SLA_CREDENTIALS_FILE: this.store.file,
            SLA_CREDENTIALS_KEY: this.store.key,
            SLA_ORGANISATION: this.organisation,
          },
          () => undefined,
        )
      : undefined;
    const answers = new Map<string, Datapoint[]>();
    for (const query of queries) {
      const ref = query.monitor.credentialsRef;
      if (entries?.get(ref) === undefined) {
        throw new OracleUnavailable(
          `${this.organisation} has no monitoring credentials named "${ref}" (needed for service ${query.serviceKey}); add them to its credentials store`,
        );
      }
      const reading = this.readings.get(resourceOf(query)) ?? (() => 0);
      const points: Datapoint[] = [];
      for (let t = query.start; t < query.end; t += query.periodSeconds) {
        const value = reading(t);
        if (value !== undefined) points.push({ timestamp: t, value });
      }
      answers.set(query.id, points);
    }
    return answers;
  }
}

function resourceOf(query: MetricQuery): string {
  const monitor = query.monitor;
  if (monitor.kind === 'azure-monitor') return monitor.resourceId;
  return monitor.dimensions.find((dimension) => dimension.name === 'InstanceId')?.value ?? '';
}
