import { countVerdicts, unmeasuredVerdict, type Verdict, type VerdictCounts } from './availability';
import type { ConflictRule, MonitorSpec } from './monitor';
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
  /** How a period nobody measured counts once it may be counted. */
  unmeasured: Verdict;
}

export interface AgreementProvider {
  mspId: string;
  shareBp: number;
  payoutAccount: string;
}

export interface ServiceOutcome {
  key: string;
  measured: number;
  available: number;
  availabilityBp?: number;
  creditBp: number;
  fullRefund: boolean;
}

export interface SettlementRecord {
  settledAt: number;
  settledBy: string;
  usedSeconds: number;
  charge: string;
  creditBp: number;
  fullRefund: boolean;
  credit: string;
  refund: string;
  payouts: Array<{ mspId: string; account: string; amount: string }>;
  services: ServiceOutcome[];
}

export interface AgreementRecord {
  agreementId: string;
  offerId: string;
  consumerOrg: string;
  consumerAccount: string;
  providers: AgreementProvider[];
  price: PriceRecord;
  deposit: string;
  services: AgreementService[];
  constraints: Constraints;
  maxSessions?: number;
  settlementGraceSeconds: number;
  acceptedAt: number;
  lockUntil: number;
  stoppedAt?: number;
  status: 'active' | 'stopped' | 'settled';
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

/** What an agreement keeps of a service's SLA when it is accepted. */
export function agreementServiceOf(service: {
  key: string;
  monitors: readonly MonitorSpec[];
  conflictRule: ConflictRule;
  sla: SlaTerms;
}): AgreementService {
  return {
    key: service.key,
    periodSeconds: service.sla.periodSeconds,
    measuredFrom: service.sla.measuredFrom,
    creditTiers: service.sla.creditTiers,
    ...(service.sla.fullRefundBelowBp === undefined
      ? {}
      : { fullRefundBelowBp: service.sla.fullRefundBelowBp }),
    settleLagSeconds: service.sla.settleLagSeconds,
    unmeasured: unmeasuredVerdict(service.monitors, service.conflictRule),
  };
}

/** Sessions may start and the consumer may stop: not stopped, not settled, before the lock time. */
export function isRunning(
  agreement: Pick<AgreementRecord, 'status' | 'lockUntil'>,
  now: number,
): boolean {
  return agreement.status === 'active' && now < agreement.lockUntil;
}

/** Where an agreement stands: running, ended by a stop or by its lock time, or settled. */
export const PHASES = ['running', 'stopped', 'expired', 'settled'] as const;
export type Phase = (typeof PHASES)[number];

export function phaseOf(
  agreement: Pick<AgreementRecord, 'status' | 'lockUntil'>,
  now: number,
): Phase {
  if (agreement.status === 'settled') return 'settled';
  if (agreement.status === 'stopped') return 'stopped';
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

export function parties(agreement: Pick<AgreementRecord, 'consumerOrg' | 'providers'>): string[] {
  return [agreement.consumerOrg, ...agreement.providers.map((provider) => provider.mspId)];
}

/** Seconds of the sessions up to `until`; a session still open counts until then. */
export function sessionSeconds(sessions: readonly SessionRecord[], until: number): number {
  return sessions.reduce((total, session) => {
    const stop = Math.min(session.stoppedAt ?? until, until);
    return total + Math.max(0, stop - session.startedAt);
  }, 0);
}

export function usedSeconds(
  agreement: AgreementRecord,
  sessions: readonly SessionRecord[],
): number {
  const end = agreementEnd(agreement);
  return agreement.price.model === 'prepaid-minutes'
    ? sessionSeconds(sessions, end)
    : Math.max(0, end - agreement.acceptedAt);
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

/**
 * Counts one service's periods over the agreement from its measurement
 * windows; periods not yet measured count by the missing-data rule, which
 * settlement only allows once the grace period has passed.
 */
export function countAgreementPeriods(
  service: AgreementService,
  range: { first: number; until: number },
  windows: ReadonlyArray<{ start: number; verdicts: string }>,
  measuredUntil: number,
): VerdictCounts {
  let verdicts = '';
  for (const window of windows) {
    for (let index = 0; index < window.verdicts.length; index += 1) {
      const start = window.start + index * service.periodSeconds;
      if (start >= range.first && start < range.until && start < measuredUntil) {
        verdicts += window.verdicts[index];
      }
    }
  }
  const unmeasuredFrom = Math.max(range.first, measuredUntil);
  if (unmeasuredFrom < range.until) {
    verdicts += service.unmeasured.repeat((range.until - unmeasuredFrom) / service.periodSeconds);
  }
  return countVerdicts(verdicts);
}
