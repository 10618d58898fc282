/** The Fabric adapter of the ledger port. */
export { fabricLedger, type FabricLedgerOptions } from './fabric-ledger';
export {
  DEFAULT_DEADLINES,
  FabricConfigError,
  loadFabricConfig,
  parseFabricConfig,
  type FabricChannel,
  type FabricConfig,
  type FabricDeadlines,
  type FabricIdentity,
  type FabricPeer,
} from './fabric-config';
export { commitFailure, ledgerErrorFrom } from './fabric-errors';
