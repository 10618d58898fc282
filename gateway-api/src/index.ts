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
export * from './jobs';
export * from './ledger/fabric';
