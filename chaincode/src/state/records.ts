import type { VerdictTotals } from '../domain/measurement-blocks';
import type { OfferChange } from '../domain/proposal';
import type { ServiceDefinition } from '../domain/service';
import type { Threshold } from '../domain/voting';

/** Stored shapes that are not domain types of their own. Times are seconds since the Unix epoch. */

export interface ServiceRecord extends ServiceDefinition {
  status: 'active' | 'deactivated';
  registeredAt: number;
  registeredBy: string;
  deactivatedAt?: number;
}

/** How far a service is measured and its running totals; apart from the service, so measuring never conflicts with reading its terms. */
export interface MeterRecord {
  serviceKey: string;
  measuredUntil: number;
  totals: VerdictTotals;
  windows: number;
}

export interface TokenConfig {
  /** Accounts allowed to mint. */
  issuers: string[];
  /** The issuing organisation, whose identities with the `role=issuer` attribute may mint. */
  issuerMsps: string[];
  initializedAt: number;
  initializedBy: string;
}

/** What an account may spend now. */
export interface SpendableRecord {
  accountId: string;
  amount: string;
}

/** Money that arrived in an account and waits for its owner to collect it. */
export interface CreditRecord {
  accountId: string;
  amount: string;
  /** Why it arrived: minted, transferred, paid out or refunded, and from what. */
  source: 'mint' | 'transfer' | 'payout' | 'refund';
  ref: string;
}

/** Acceptances of a limited offer counted in one shard. */
export interface AcceptanceCount {
  offerId: string;
  shard: number;
  count: number;
}

export interface ProposalRecord {
  proposalId: string;
  offerId: string;
  /** The offer version the proposal was made on; it applies to that version only. */
  offerVersion: number;
  change: OfferChange;
  /** Every provider of the offer when it was proposed. */
  voters: string[];
  threshold: Threshold;
  deadline: number;
  proposedBy: string;
  proposedAt: number;
  status: 'open' | 'passed' | 'rejected' | 'expired' | 'failed';
  /** Why a passed proposal could not be applied. */
  failure?: string;
  decidedAt?: number;
}

/** One voter's ballot, created with the proposal and filled in by its vote. */
export interface BallotRecord {
  proposalId: string;
  voter: string;
  approve?: boolean;
  votedAt?: number;
  votedBy?: string;
}
