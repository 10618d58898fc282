import { parties, type AgreementRecord, type SessionRecord } from '../domain/agreement';
import { FailedPrecondition } from '../domain/errors';
import { INDEX, RECORD, dueKeys } from '../state/keys';
import { requireOrg } from './access';
import type { LedgerContext } from './ledger-context';

export function agreementKeyOf(ctx: LedgerContext, agreementId: string): string {
  return ctx.state.key(RECORD.agreement, [agreementId]);
}

export function sessionKeyOf(ctx: LedgerContext, agreementId: string, sessionId: string): string {
  return ctx.state.key(RECORD.session, [agreementId, sessionId]);
}

export async function loadAgreement(
  ctx: LedgerContext,
  agreementId: string,
): Promise<AgreementRecord> {
  return ctx.state.require<AgreementRecord>(
    agreementKeyOf(ctx, agreementId),
    'agreement',
    agreementId,
  );
}

export async function loadAgreementAsParty(
  ctx: LedgerContext,
  agreementId: string,
  action: string,
): Promise<AgreementRecord> {
  const agreement = await loadAgreement(ctx, agreementId);
  requireOrg(ctx.caller, parties(agreement), `${action} agreement ${agreementId}`);
  return agreement;
}

export function requireUnsettled(agreement: AgreementRecord): void {
  if (agreement.status === 'settled') {
    throw new FailedPrecondition(`agreement ${agreement.agreementId} is already settled`);
  }
}

export async function loadSessions(
  ctx: LedgerContext,
  agreementId: string,
): Promise<SessionRecord[]> {
  const sessions: SessionRecord[] = [];
  for await (const entry of ctx.state.scan<SessionRecord>(RECORD.session, [agreementId])) {
    sessions.push(entry.value);
  }
  return sessions;
}

/** Writes the agreement; its key and its sessions' keys need every party's endorsement. */
export async function saveAgreement(ctx: LedgerContext, agreement: AgreementRecord): Promise<void> {
  await ctx.state.put(agreementKeyOf(ctx, agreement.agreementId), agreement);
}

export async function writeDueEntries(
  ctx: LedgerContext,
  agreement: AgreementRecord,
  end: number,
): Promise<void> {
  for (const org of parties(agreement)) {
    await ctx.state.putMarker(dueKeys.key(org, end, agreement.agreementId));
  }
}

export async function deleteDueEntries(
  ctx: LedgerContext,
  agreement: AgreementRecord,
  end: number,
): Promise<void> {
  for (const org of parties(agreement)) {
    await ctx.state.delete(dueKeys.key(org, end, agreement.agreementId));
  }
}

export async function writeAgreementIndexes(
  ctx: LedgerContext,
  agreement: AgreementRecord,
): Promise<void> {
  for (const org of new Set(parties(agreement))) {
    await ctx.state.putMarker(ctx.state.key(INDEX.agreementsByParty, [org, agreement.agreementId]));
  }
  await ctx.state.putMarker(
    ctx.state.key(INDEX.agreementsByOffer, [agreement.offerId, agreement.agreementId]),
  );
  for (const service of agreement.services) {
    await ctx.state.putMarker(
      ctx.state.key(INDEX.openAgreementsByService, [service.key, agreement.agreementId]),
    );
  }
}
