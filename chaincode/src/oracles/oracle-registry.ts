import { OracleUnavailable } from '../domain/errors';
import type { MetricOracle, MetricQuery } from './metric-oracle';

/**
 * The oracle this chaincode process uses. A process serves one organisation,
 * so it is configured once at start-up (or by a test harness before each
 * simulated endorsement).
 */

class NoOracle implements MetricOracle {
  async read(queries: readonly MetricQuery[]): Promise<never> {
    const first = queries[0];
    throw new OracleUnavailable(
      `no monitoring adapter is configured in this chaincode process for ${first?.monitor.kind ?? 'the monitor'} (service ${first?.serviceKey ?? '?'})`,
    );
  }
}

let active: MetricOracle = new NoOracle();

export function useOracle(oracle: MetricOracle): void {
  active = oracle;
}

export function currentOracle(): MetricOracle {
  return active;
}
