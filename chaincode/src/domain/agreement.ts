import type { Constraints, Placement } from './constraints';
import type { CreditTier, SlaTerms } from './sla';
import type { PriceRecord } from './offer';
import { alignUp } from './time';

/** An accepted offer: the escrowed deposit, the terms copied from the offer, and the clock. */

export interface AgreementService {
  key: string;
  periodSeconds: number;
  measuredFrom: number;
  creditTiers: CreditTier[];
  fullRefundBelowBp?: number;
  /** How long after a period ends it becomes readable. */
  settleLagSeconds: number;
}

export interface AgreementProvider {
  mspId: string;
  shareBp: number;
  payoutAccount: string;
}

/** How one linked service fared over the agreement. */
export interface ServiceOutcome {
  key: string;
  /** Periods of the agreement. */
  periods: number;
  /** Of them, periods a measurement covered (with any verdict). */
  measuredPeriods: number;
  coverageBp: number;
  available: number;
  unavailable: number;
  excluded: number;
  availabilityBp?: number;
  creditBp: number;
  fullRefund: boolean;
}

/** A linked service measured over too few of the agreement's periods to decide its credit. */
export interface CoverageShortfall {
  key: string;
  periods: number;
  measuredPeriods: number;
  coverageBp: number;
  /** The periods never measured: [missingFrom, missingUntil). */
  missingFrom: number;
  missingUntil: number;
}

export interface Resolution {
  mspId: string;
  creditBp: number;
  at: number;
}

export interface DisputeRecord {
  since: number;
  /** From then on the arbiter, if the offer named one, may resolve alone. */
  deadline: number;
  /** Every linked service as measured when the dispute began. */
  services: ServiceOutcome[];
  /** The services measured over less than the minimum coverage. */
  shortfalls: CoverageShortfall[];
  /** The credit each party named; the dispute ends when every party named the same. */
  resolutions: Resolution[];
}

export interface SettlementRecord {
  settledAt: number;
  settledBy: string;
  /** Measured availability, or the credit the parties (or the arbiter) agreed on in a dispute. */
  decidedBy: 'measurement' | 'parties' | 'arbiter';
  usedSeconds: number;
  charge: string;
  creditBp: number;
  fullRefund: boolean;
  credit: string;
  refund: string;
  payouts: Array<{ mspId: string; account: string; amount: string }>;
  services: ServiceOutcome[];
}

export const AGREEMENT_STATUSES = ['active', 'stopped', 'disputed', 'settled'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export interface AgreementRecord {
  agreementId: string;
  offerId: string;
  offerVersion: number;
  consumerOrg: string;
  consumerAccount: string;
  providers: AgreementProvider[];
  price: PriceRecord;
  deposit: string;
  services: AgreementService[];
  constraints: Constraints;
  maxSessions?: number;
  settlementGraceSeconds: number;
  minCoverageBp: number;
  arbiter?: string;
  disputeSeconds: number;
  acceptedAt: number;
  lockUntil: number;
  stoppedAt?: number;
  status: AgreementStatus;
  dispute?: DisputeRecord;
  settlement?: SettlementRecord;
}

export interface SessionRecord {
  agreementId: string;
  sessionId: string;
  placement: Placement;
  startedAt: number;
  startedBy: string;
  stoppedAt?: number;
  stoppedBy?: string;
}

/**
 * What limits sessions: how many were started and how long they ran, kept
 * per agreement when it has a session limit or prepaid minutes, so that
 * neither starting a session nor settling reads every session.
 */
export interface SessionUsage {
  agreementId: string;
  started: number;
  open: number;
  /** Sum of the start times of the open sessions: they have run open × t − this at time t. */
  openStartSum: number;
  /** Seconds of the stopped sessions. */
  closedSeconds: number;
}

/** What an agreement keeps of a service's SLA when it is accepted. */
export function agreementServiceOf(service: { key: string; sla: SlaTerms }): AgreementService {
  return {
    key: service.key,
    periodSeconds: service.sla.periodSeconds,
    measuredFrom: service.sla.measuredFrom,
    creditTiers: service.sla.creditTiers,
    ...(service.sla.fullRefundBelowBp === undefined
      ? {}
      : { fullRefundBelowBp: service.sla.fullRefundBelowBp }),
    settleLagSeconds: service.sla.settleLagSeconds,
  };
}

/** Sessions may start and the consumer may stop: not stopped, not settled, before the lock time. */
export function isRunning(
  agreement: Pick<AgreementRecord, 'status' | 'lockUntil'>,
  now: number,
): boolean {
  return agreement.status === 'active' && now < agreement.lockUntil;
}

/** Where an agreement stands: running, ended by a stop or by its lock time, disputed, or settled. */
export const PHASES = ['running', 'stopped', 'expired', 'disputed', 'settled'] as const;
export type Phase = (typeof PHASES)[number];

export function phaseOf(
  agreement: Pick<AgreementRecord, 'status' | 'lockUntil'>,
  now: number,
): Phase {
  if (agreement.status !== 'active') return agreement.status;
  return now < agreement.lockUntil ? 'running' : 'expired';
}

/** The agreement ends at its stop, or at its lock time if it was not stopped before. */
export function agreementEnd(agreement: Pick<AgreementRecord, 'stoppedAt' | 'lockUntil'>): number {
  return agreement.stoppedAt ?? agreement.lockUntil;
}

export function hasEnded(
  agreement: Pick<AgreementRecord, 'stoppedAt' | 'lockUntil'>,
  now: number,
): boolean {
  return agreement.stoppedAt !== undefined || now >= agreement.lockUntil;
}

/** The consumer and every provider, consumer first. */
export function parties(agreement: Pick<AgreementRecord, 'consumerOrg' | 'providers'>): string[] {
  return [agreement.consumerOrg, ...agreement.providers.map((provider) => provider.mspId)];
}

/** Whether sessions of this agreement must be counted as they start and stop. */
export function tracksUsage(agreement: Pick<AgreementRecord, 'maxSessions' | 'price'>): boolean {
  return agreement.maxSessions !== undefined || agreement.price.model === 'prepaid-minutes';
}

/** Seconds the sessions have run by `at` (open ones count until then). */
export function usageSeconds(usage: SessionUsage, at: number): number {
  return usage.closedSeconds + usage.open * at - usage.openStartSum;
}

export function startedSession(usage: SessionUsage, at: number): SessionUsage {
  return {
    ...usage,
    started: usage.started + 1,
    open: usage.open + 1,
    openStartSum: usage.openStartSum + at,
  };
}

export function stoppedSession(
  usage: SessionUsage,
  session: { startedAt: number; stoppedAt: number },
): SessionUsage {
  return {
    ...usage,
    open: usage.open - 1,
    openStartSum: usage.openStartSum - session.startedAt,
    closedSeconds: usage.closedSeconds + (session.stoppedAt - session.startedAt),
  };
}

export function noUsage(agreementId: string): SessionUsage {
  return { agreementId, started: 0, open: 0, openStartSum: 0, closedSeconds: 0 };
}

/** Used seconds: sessions' total for prepaid minutes, else acceptance to end. */
export function usedSeconds(agreement: AgreementRecord, usage: SessionUsage | undefined): number {
  const end = agreementEnd(agreement);
  if (agreement.price.model === 'prepaid-minutes') {
    return usage === undefined ? 0 : usageSeconds(usage, end);
  }
  return Math.max(0, end - agreement.acceptedAt);
}

/** The aligned period starts t with acceptance ≤ t < end and t ≥ measuredFrom, as [first, until). */
export function agreementPeriods(
  service: Pick<AgreementService, 'periodSeconds' | 'measuredFrom'>,
  acceptedAt: number,
  end: number,
): { first: number; until: number } {
  const first = Math.max(alignUp(acceptedAt, service.periodSeconds), service.measuredFrom);
  const until = Math.max(first, alignUp(end, service.periodSeconds));
  return { first, until };
}
