import type { MetricOracle } from './metric-oracle';
import { oracleFromEnvironment } from './oracle-from-environment';

/**
 * The oracle of this chaincode process. A process serves one organisation:
 * by default the CloudWatch and Azure Monitor adapters with the credentials
 * store its environment names; a host may put another in its place.
 */
let active: MetricOracle | undefined;

export function useOracle(oracle: MetricOracle): void {
  active = oracle;
}

export function currentOracle(): MetricOracle {
  active ??= oracleFromEnvironment();
  return active;
}
