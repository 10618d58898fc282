import type { ServiceDefinition } from '../domain/service';

/** Stored shapes that are not domain types of their own. Times are seconds since the Unix epoch. */

export interface ServiceRecord extends ServiceDefinition {
  status: 'active' | 'deactivated';
  registeredAt: number;
  registeredBy: string;
  deactivatedAt?: number;
}

/** How far a service is measured; kept apart from the service so measuring never conflicts with reading its terms. */
export interface MeterRecord {
  serviceKey: string;
  measuredUntil: number;
  measuredPeriods: number;
  availablePeriods: number;
  windows: number;
}

export interface MeasurementRecord {
  serviceKey: string;
  start: number;
  end: number;
  periodSeconds: number;
  periods: number;
  measured: number;
  available: number;
  excluded: number;
  verdicts: string;
  readingsDigest: string;
}

export interface LedgerConfig {
  /** Accounts allowed to mint. */
  issuers: string[];
  /** The issuing organisation (at most one), whose identities with the `role=issuer` attribute may mint. */
  issuerMsps: string[];
  initializedAt: number;
  initializedBy: string;
}

export interface BalanceDelta {
  accountId: string;
  amount: string;
}
