/** The gateway's ledger port and typed chaincode client, for the API, the jobs, the demo and the benchmarks. */
export * from './ledger/ledger-port';
export * from './ledger/ledger-errors';
export { retrying, DEFAULT_RETRY, type RetrySettings } from './ledger/retrying-ledger';
export { SlaClient, DEFAULT_PAGE_SIZE, type UpdateRequest } from './ledger/sla-client';
export type * from './ledger/views';
export {
  embeddedLedger,
  type EmbeddedLedger,
  type EmbeddedLedgerOptions,
} from './ledger/embedded/embedded-ledger';
export type * from './ledger/embedded/consortium';
export * from './logger';
export { jitsiOnEc2 } from './demo/demo-services';
export * from './jobs';
export * from './ledger/fabric';

// The REST API: the app factory and what the process that runs it (npm start, the jobs) needs.
export { createApp, apiRoutes, type AppDependencies } from './api/create-app';
export { configFromEnvironment, ConfigError, type GatewayConfig } from './api/config';
export { createMetrics, instrumentedLedger, type GatewayMetrics } from './api/metrics';
export { createLogger, REDACTED_PATHS } from './api/logger';
export { serve, type Serving } from './api/serve';
export { tokensFromFile, type Caller, type TokenRegistry } from './api/auth/token-registry';
export * from './api/auth/tokens-file';
export {
  sealedCredentialsFile,
  type CredentialsVault,
  type CredentialsVaults,
} from './api/credentials/credentials-vault';
export type { LiveEvent, LiveEventSource } from './api/events/live-events';
