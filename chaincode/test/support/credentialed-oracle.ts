import { createHmac } from 'node:crypto';
import type { MetricOracle, MetricQuery } from '../../src/oracles/metric-oracle';
import type { InMemoryOracle } from './in-memory-oracle';
import type { Datapoint } from '../../src/domain/readings';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An organisation's oracle that, like the real adapters, resolves each
 * monitor's credentialsRef in the organisation's own store and signs its
 * requests with the secret before reading the readings.
 */
export class CredentialedOracle implements MetricOracle {
  readonly signatures: string[] = [];

  constructor(
    private readonly organisation: string,
    private readonly store: ReadonlyMap<string, Credentials>,
    private readonly readings: InMemoryOracle,
  ) {}

  async read(queries: readonly MetricQuery[]): Promise<Map<string, Datapoint[]>> {
    for (const query of queries) {
      const credentials = this.store.get(query.monitor.credentialsRef);
      if (credentials === undefined) {
        throw new Error(
          `${this.organisation} has no credentials named ${query.monitor.credentialsRef}`,
        );
      }
      const request = `${query.monitor.metricName}:${query.start}:${query.end}`;
      this.signatures.push(
        createHmac('sha256', credentials.secretAccessKey).update(request).digest('hex'),
      );
    }
    return this.readings.read(queries);
  }
}
