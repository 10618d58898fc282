/**
 * The chaincode's rules and record shapes, pure and deterministic, for the
 * gateway and tools that must read what the chaincode writes.
 */
export * from './errors';
export type {
  AgreementRecord,
  AgreementService,
  AgreementStatus,
  CoverageShortfall,
  DisputeRecord,
  Phase,
  ServiceOutcome,
  SessionRecord,
  SessionUsage,
  SettlementRecord,
} from './agreement';
export { PHASES, agreementEnd, agreementPeriods, phaseOf } from './agreement';
export type { MeasurementRecord, VerdictTotals } from './measurement-blocks';
export { serviceCredit, type CreditDecision } from './credits';
export type { MonitorSpec, CloudWatchMonitor, AzureMonitor } from './monitor';
export { parseMonitor } from './monitor';
export type { OfferRecord, PriceRecord } from './offer';
export type { OfferChange } from './proposal';
export { canonicalizeReadings, type CanonicalReadings, type Datapoint } from './readings';
export { rejectSecrets } from './secrets';
export type { ServiceDefinition } from './service';
export { parseServiceDefinition } from './service';
export { MAX_WINDOW_PERIODS, nextWindow, type Window } from './windows';
export { alignDown, formatInstant, parseInstant } from './time';
