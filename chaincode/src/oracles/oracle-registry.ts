import type { MetricOracle } from './metric-oracle';
import { oracleFromEnvironment } from './oracle-from-environment';

/**
 * The oracle of this chaincode process. A process serves one organisation:
 * the CloudWatch and Azure Monitor adapters with the credentials store its
 * environment names.
 */
let active: MetricOracle | undefined;

export function currentOracle(): MetricOracle {
  active ??= oracleFromEnvironment();
  return active;
}
