import type { MetricOracle } from './oracles/metric-oracle';
import { oracleFromEnvironment } from './oracles/oracle-from-environment';
import { settingsFromEnvironment, type ChaincodeSettings } from './settings/channel-settings';

/** What an organisation's chaincode reads besides the ledger: its monitors and its settings. */
export interface ChaincodeEnvironment {
  readonly oracle: MetricOracle;
  readonly settings: ChaincodeSettings;
}

let fromProcess: ChaincodeEnvironment | undefined;

/**
 * The environment of this chaincode process, which serves one organisation:
 * the CloudWatch and Azure Monitor adapters with its credentials store, and
 * its channel settings. Malformed settings throw.
 */
export function processEnvironment(): ChaincodeEnvironment {
  fromProcess ??= {
    oracle: oracleFromEnvironment(),
    settings: settingsFromEnvironment(process.env),
  };
  return fromProcess;
}
