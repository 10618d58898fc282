import { agreementEnd, agreementPeriods, type AgreementRecord } from '../domain/agreement';
import { formatAmount } from '../domain/money';
import {
  assessSettlement,
  windowSearchRange,
  type MeasuredWindow,
} from '../domain/settlement-assessment';
import { INDEX } from '../state/keys';
import { credit } from '../state/balances';
import { deleteDueEntries, loadSessions, saveAgreement } from './agreement-records';
import type { LedgerContext } from './ledger-context';
import { measurementsBetween } from './service-records';

export type SettleOutcome = { settled: AgreementRecord } | { waiting: string };

/**
 * Settles an agreement that has ended, once every linked service is measured
 * up to the end or unmeasured periods may be counted: pays the providers and
 * refunds the consumer, exactly once. It reads measurement windows, not the
 * services' meters, so that measuring later windows never conflicts with it.
 */
export async function settleAgreement(
  ctx: LedgerContext,
  agreement: AgreementRecord,
): Promise<SettleOutcome> {
  const end = agreementEnd(agreement);
  const windows = new Map<string, MeasuredWindow[]>();
  for (const service of agreement.services) {
    const search = windowSearchRange(service, agreementPeriods(service, agreement.acceptedAt, end));
    windows.set(
      service.key,
      await measurementsBetween(ctx, service.key, search.from, search.until),
    );
  }
  const assessment = assessSettlement(
    agreement,
    windows,
    await loadSessions(ctx, agreement.agreementId),
    ctx.now,
  );
  if ('waiting' in assessment) {
    return assessment;
  }
  const payouts = agreement.providers.map((provider) => ({
    mspId: provider.mspId,
    account: provider.payoutAccount,
    amount: formatAmount(assessment.result.payouts.get(provider.mspId) ?? 0n),
  }));
  for (const payout of payouts) {
    await credit(ctx, payout.account, BigInt(payout.amount));
  }
  await credit(ctx, agreement.consumerAccount, assessment.result.refund);

  const settled: AgreementRecord = {
    ...agreement,
    status: 'settled',
    settlement: {
      settledAt: ctx.now,
      settledBy: ctx.caller.mspId,
      usedSeconds: assessment.usedSeconds,
      charge: formatAmount(assessment.result.charge),
      creditBp: assessment.creditBp,
      fullRefund: assessment.fullRefund,
      credit: formatAmount(assessment.result.credit),
      refund: formatAmount(assessment.result.refund),
      payouts,
      services: assessment.services,
    },
  };
  await saveAgreement(ctx, settled);
  await deleteDueEntries(ctx, agreement, end);
  for (const service of agreement.services) {
    await ctx.state.delete(
      ctx.state.key(INDEX.openAgreementsByService, [service.key, agreement.agreementId]),
    );
  }
  return { settled };
}
