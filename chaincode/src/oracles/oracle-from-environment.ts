import { OracleUnavailable } from '../domain/errors';
import { AzureMonitorOracle } from './azure-monitor-oracle';
import { CloudWatchOracle } from './cloudwatch-oracle';
import {
  CredentialsStoreError,
  loadCredentialsStore,
  type CredentialsStore,
  type StoreEnvironment,
} from './credentials-store';
import type { MetricOracle } from './metric-oracle';
import { MonitorRouter } from './monitor-router';
import { budgetOf, oracleSettingsFrom, type OracleSettings } from './oracle-settings';

/**
 * The oracle of a chaincode process: CloudWatch and Azure Monitor adapters
 * reading with this organisation's credentials store, opened at the first
 * measurement (so the process starts, and metadata can be generated, without it).
 */
export function oracleFromEnvironment(
  env: StoreEnvironment & Record<string, string | undefined> = process.env,
): MetricOracle {
  let store: CredentialsStore | undefined;
  const openStore = (): CredentialsStore => {
    try {
      store ??= loadCredentialsStore(env);
    } catch (error) {
      if (error instanceof CredentialsStoreError) {
        throw new OracleUnavailable(error.message);
      }
      throw error;
    }
    return store;
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
