/** The monitoring adapters an organisation's chaincode reads through, for hosts and tools. */
export type { MetricOracle, MetricQuery } from './metric-oracle';
export { monitoringOracle, oracleFromEnvironment } from './oracle-from-environment';
export {
  DEFAULT_ORACLE_SETTINGS,
  oracleSettingsFrom,
  type OracleSettings,
} from './oracle-settings';
