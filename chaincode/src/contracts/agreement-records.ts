import { parties, type AgreementRecord, type SessionUsage } from '../domain/agreement';
import { FailedPrecondition } from '../domain/errors';
import { KEY, paddedTime, stateKey } from '../state/keys';
import { requireOrg } from './access';
import { openAgreementKeyOf } from './service-records';
import type { TxContext } from './tx-context';

export const agreementKeyOf = (agreementId: string): string => stateKey(KEY.agreement, agreementId);
export const usageKeyOf = (agreementId: string): string => stateKey(KEY.usage, agreementId);
export const sessionKeyOf = (agreementId: string, sessionId: string): string =>
  stateKey(KEY.session, agreementId, sessionId);
export const sessionsPrefixOf = (agreementId: string): string => stateKey(KEY.session, agreementId);
export const agreementIndexKeyOf = (org: string, agreementId: string): string =>
  stateKey(KEY.agreementsOf, org, agreementId);
export const dueKeyOf = (org: string, end: number, agreementId: string): string =>
  stateKey(KEY.due, org, paddedTime(end), agreementId);

/** Due entries of one organisation for agreements that ended before `until`. */
export function dueRange(org: string, until: number): [string, string] {
  return [stateKey(KEY.due, org), stateKey(KEY.due, org, paddedTime(until))];
}

export async function loadAgreement(ctx: TxContext, agreementId: string): Promise<AgreementRecord> {
  return ctx.state.require<AgreementRecord>(agreementKeyOf(agreementId), 'agreement', agreementId);
}

/** The agreement, for its parties only: nothing of it is returned to anyone else. */
export async function loadAgreementAsParty(
  ctx: TxContext,
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

export async function loadUsage(
  ctx: TxContext,
  agreementId: string,
): Promise<SessionUsage | undefined> {
  return ctx.state.get<SessionUsage>(usageKeyOf(agreementId));
}

/** The agreement's keys all need every party's endorsement, as does the agreement itself. */
export async function createAgreementIndexes(
  ctx: TxContext,
  agreement: AgreementRecord,
): Promise<void> {
  const guardians = parties(agreement);
  for (const org of new Set(guardians)) {
    await ctx.state.createMarker(agreementIndexKeyOf(org, agreement.agreementId), guardians);
  }
  for (const service of agreement.services) {
    await ctx.state.createMarker(openAgreementKeyOf(service.key, agreement.agreementId), guardians);
  }
  await writeDueEntries(ctx, agreement, agreement.lockUntil);
}

export async function writeDueEntries(
  ctx: TxContext,
  agreement: AgreementRecord,
  end: number,
): Promise<void> {
  for (const org of new Set(parties(agreement))) {
    await ctx.state.createMarker(dueKeyOf(org, end, agreement.agreementId), parties(agreement));
  }
}

export async function deleteDueEntries(
  ctx: TxContext,
  agreement: AgreementRecord,
  end: number,
): Promise<void> {
  for (const org of new Set(parties(agreement))) {
    await ctx.state.delete(dueKeyOf(org, end, agreement.agreementId));
  }
}

export async function deleteOpenAgreementEntries(
  ctx: TxContext,
  agreement: AgreementRecord,
): Promise<void> {
  for (const service of agreement.services) {
    await ctx.state.delete(openAgreementKeyOf(service.key, agreement.agreementId));
  }
}
