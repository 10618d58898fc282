import type {
  AgreementRecord,
  MeasurementRecord,
  OfferRecord,
  SessionRecord,
  SessionUsage,
} from '@sla-ledger/chaincode/domain';
import type {
  BallotRecord,
  ProposalRecord,
  ServiceRecord,
  TokenConfig,
} from '@sla-ledger/chaincode/records';

/** What the chaincode's transactions return, as the gateway reads them. */

export type { AgreementRecord, MeasurementRecord, OfferRecord, SessionRecord, TokenConfig };

export interface MeterView {
  measuredUntil: number;
  windows: number;
  available: number;
  unavailable: number;
  excluded: number;
  availabilityBp?: number;
}

export type ServiceView = ServiceRecord & { meter: MeterView };

/** One measured window, as services:Update and services:UpdateMany return it. */
export interface WindowMeasurement {
  serviceKey: string;
  start: number;
  end: number;
  periodSeconds: number;
  verdicts: string;
  available: number;
  unavailable: number;
  excluded: number;
}

export interface AccountView {
  accountId: string;
  /** Spendable plus arriving. */
  balance: string;
  spendable: string;
  arriving: string;
}

export type MyAccountView = AccountView & { mspId: string; issuer: boolean };

export interface Minted {
  accountId: string;
  minted: string;
}

export interface Transferred {
  from: string;
  to: string;
  amount: string;
}

export interface Collected {
  accountId: string;
  collected: string;
  arrivals: number;
  more: boolean;
  spendable: string;
}

export type OfferView = OfferRecord & { awaitingApproval: string[]; acceptable: boolean };

export type AgreementView = AgreementRecord & {
  phase: string;
  ended: boolean;
  end: number;
  usage?: SessionUsage & { usedSeconds: number };
};

export interface SettlementSummary {
  agreementId: string;
  decidedBy?: string;
  charge?: string;
  credit?: string;
  refund?: string;
  shortfalls?: Array<{ serviceKey: string; coverageBp: number }>;
}

export interface SettleDueResult {
  settled: SettlementSummary[];
  disputed: SettlementSummary[];
  waiting: string[];
}

export type ProposalView = ProposalRecord & { ballots: BallotRecord[] };

export interface MemberView {
  mspId: string;
  joinedAt: number;
  joinedBy: string;
}

export interface Page<T> {
  items: T[];
  /** Pass back for the next page; empty when there is none. */
  bookmark: string;
}

export interface PageRequest {
  pageSize?: number;
  bookmark?: string;
}
