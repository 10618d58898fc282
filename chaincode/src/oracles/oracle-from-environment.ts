import { OracleUnavailable } from '../domain/errors';
import { AzureMonitorOracle } from './azure-monitor-oracle';
import { CloudWatchOracle } from './cloudwatch-oracle';
import {
  CredentialsStoreError,
  currentCredentialsStore,
  type CredentialsStore,
  type StoreEnvironment,
} from './credentials-store';
import type { MetricOracle } from './metric-oracle';
import { MonitorRouter } from './monitor-router';
import { budgetOf, oracleSettingsFrom, type OracleSettings } from './oracle-settings';

/**
 * The oracle of a chaincode process: CloudWatch and Azure Monitor adapters
 * reading with this organisation's credentials store as it is at each read
 * (opened at the first measurement, so the process starts, and metadata can
 * be generated, without it; re-opened when the file changed, so entries
 * stored while the process runs are used, and clients built from replaced
 * entries are dropped).
 */
export function oracleFromEnvironment(
  env: StoreEnvironment & Record<string, string | undefined> = process.env,
): MetricOracle {
  const current = currentCredentialsStore(env);
  const openStore = (): CredentialsStore => {
    try {
      return current();
    } catch (error) {
      if (error instanceof CredentialsStoreError) {
        throw new OracleUnavailable(error.message);
      }
      throw error;
    }
  };
  return monitoringOracle(openStore, oracleSettingsFrom(env));
}

/**
 * CloudWatch and Azure Monitor behind one oracle, reading with the given store's credentials,
 * every read within one time budget.
 */
export function monitoringOracle(
  store: () => CredentialsStore,
  settings: OracleSettings,
): MetricOracle {
  return new MonitorRouter(
    {
      cloudwatch: new CloudWatchOracle(store, settings),
      'azure-monitor': new AzureMonitorOracle(store, settings),
    },
    budgetOf(settings),
  );
}
