import {
  agreementEnd,
  agreementPeriods,
  type AgreementRecord,
  type SettlementRecord,
} from '../domain/agreement';
import { formatAmount } from '../domain/money';
import {
  assessSettlement,
  type ServiceMeasurement,
  type Settlement,
} from '../domain/settlement-assessment';
import { credit } from '../state/balances';
import {
  agreementKeyOf,
  deleteDueEntries,
  deleteOpenAgreementEntries,
  loadUsage,
} from './agreement-records';
import { measurementOver } from './service-records';
import type { TxContext } from './tx-context';

export type SettleOutcome =
  { settled: AgreementRecord } | { disputed: AgreementRecord } | { waiting: string };

/**
 * Settles an agreement that has ended, once every linked service is measured
 * up to the end or the measurement deadline has passed: pays the providers
 * and refunds the consumer, exactly once; or, when a service is measured over
 * less than the minimum coverage, records a dispute and keeps the escrow.
 * It reads each service's totals at the agreement's boundaries, never the
 * whole history of its measurements.
 */
export async function settleAgreement(
  ctx: TxContext,
  agreement: AgreementRecord,
): Promise<SettleOutcome> {
  const measurements: ServiceMeasurement[] = [];
  for (const service of agreement.services) {
    const { first, until } = agreementPeriods(
      service,
      agreement.acceptedAt,
      agreementEnd(agreement),
    );
    const measured = await measurementOver(ctx, service, first, until);
    measurements.push({ key: service.key, first, until, ...measured });
  }
  const usage = await loadUsage(ctx, agreement.agreementId);
  const assessment = assessSettlement(agreement, measurements, usage, ctx.now);
  if (assessment.kind === 'waiting') {
    return { waiting: assessment.reason };
  }
  if (assessment.kind === 'disputed') {
    if (agreement.status === 'disputed') {
      return {
        waiting: `agreement ${agreement.agreementId} is disputed: ${assessment.shortfalls
          .map(
            (s) => `service ${s.key} is measured over ${s.measuredPeriods} of ${s.periods} periods`,
          )
          .join('; ')}; its parties resolve it with agreements:Resolve`,
      };
    }
    const disputed: AgreementRecord = {
      ...agreement,
      status: 'disputed',
      dispute: {
        since: ctx.now,
        deadline: ctx.now + agreement.disputeSeconds,
        services: assessment.services,
        shortfalls: assessment.shortfalls,
        resolutions: [],
      },
    };
    await ctx.state.update(agreementKeyOf(agreement.agreementId), disputed);
    await deleteDueEntries(ctx, agreement, agreementEnd(agreement));
    return { disputed };
  }
  return { settled: await payOut(ctx, agreement, assessment, 'measurement') };
}

/** Pays the providers their shares and the consumer its refund, and records the settlement. */
export async function payOut(
  ctx: TxContext,
  agreement: AgreementRecord,
  settlement: Settlement,
  decidedBy: SettlementRecord['decidedBy'],
): Promise<AgreementRecord> {
  const payouts = agreement.providers.map((provider) => ({
    mspId: provider.mspId,
    account: provider.payoutAccount,
    amount: formatAmount(settlement.result.payouts.get(provider.mspId) ?? 0n),
  }));
  for (const payout of payouts) {
    await credit(ctx, payout.account, BigInt(payout.amount), 'payout', agreement.agreementId);
  }
  await credit(
    ctx,
    agreement.consumerAccount,
    settlement.result.refund,
    'refund',
    agreement.agreementId,
  );
  const settled: AgreementRecord = {
    ...agreement,
    status: 'settled',
    settlement: {
      settledAt: ctx.now,
      settledBy: ctx.caller.mspId,
      decidedBy,
      usedSeconds: settlement.usedSeconds,
      charge: formatAmount(settlement.result.charge),
      creditBp: settlement.creditBp,
      fullRefund: settlement.fullRefund,
      credit: formatAmount(settlement.result.credit),
      refund: formatAmount(settlement.result.refund),
      payouts,
      services: settlement.services,
    },
  };
  await ctx.state.update(agreementKeyOf(agreement.agreementId), settled);
  if (agreement.status !== 'disputed') {
    await deleteDueEntries(ctx, agreement, agreementEnd(agreement));
  }
  await deleteOpenAgreementEntries(ctx, agreement);
  return settled;
}
