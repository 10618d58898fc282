import {
  agreementEnd,
  agreementPeriods,
  countAgreementPeriods,
  usedSeconds,
  type AgreementRecord,
  type ServiceOutcome,
} from '../domain/agreement';
import { combineCredits, serviceCredit } from '../domain/credits';
import { formatAmount } from '../domain/money';
import { toPriceTerms } from '../domain/offer';
import { chargeFor } from '../domain/pricing';
import { settle } from '../domain/settlement';
import { formatInstant } from '../domain/time';
import { MAX_WINDOW_PERIODS } from '../domain/windows';
import { INDEX } from '../state/keys';
import { credit } from '../state/balances';
import { deleteDueEntries, loadSessions, saveAgreement } from './agreement-records';
import type { LedgerContext } from './ledger-context';
import { loadMeter, measurementsBetween } from './service-records';

export type SettleOutcome = { settled: AgreementRecord } | { waiting: string };

/**
 * Settles an agreement that has ended, once every linked service is measured
 * up to the end or the grace period has passed: computes availability,
 * credit and charge, pays the providers and refunds the consumer, exactly once.
 */
export async function settleAgreement(
  ctx: LedgerContext,
  agreement: AgreementRecord,
): Promise<SettleOutcome> {
  const end = agreementEnd(agreement);
  const graceOver = ctx.now >= end + agreement.settlementGraceSeconds;
  const outcomes: ServiceOutcome[] = [];
  for (const service of agreement.services) {
    const meter = await loadMeter(ctx, service.key);
    const range = agreementPeriods(service, agreement.acceptedAt, end);
    if (meter.measuredUntil < range.until && !graceOver) {
      return {
        waiting: `service ${service.key} is measured up to ${formatInstant(meter.measuredUntil)} and agreement ${agreement.agreementId} needs ${formatInstant(range.until)}; settlement waits for it or for the grace period to end at ${formatInstant(end + agreement.settlementGraceSeconds)}`,
      };
    }
    const earliestOverlapping = Math.max(
      0,
      range.first - (MAX_WINDOW_PERIODS - 1) * service.periodSeconds,
    );
    const windows = await measurementsBetween(ctx, service.key, earliestOverlapping, range.until);
    const counts = countAgreementPeriods(service, range, windows, meter.measuredUntil);
    const decision = serviceCredit(service, counts);
    outcomes.push({
      key: service.key,
      measured: counts.measured,
      available: counts.available,
      ...(decision.availabilityBp === undefined ? {} : { availabilityBp: decision.availabilityBp }),
      creditBp: decision.creditBp,
      fullRefund: decision.fullRefund,
    });
  }

  const used = usedSeconds(agreement, await loadSessions(ctx, agreement.agreementId));
  const charge = chargeFor(toPriceTerms(agreement.price), used);
  const { creditBp, fullRefund } = combineCredits(outcomes);
  const settlement = settle({
    deposit: BigInt(agreement.deposit),
    charge,
    creditBp,
    fullRefund,
    shares: agreement.providers.map((provider) => ({
      id: provider.mspId,
      shareBp: provider.shareBp,
    })),
  });

  const payouts = agreement.providers.map((provider) => ({
    mspId: provider.mspId,
    account: provider.payoutAccount,
    amount: formatAmount(settlement.payouts.get(provider.mspId) ?? 0n),
  }));
  for (const payout of payouts) {
    await credit(ctx, payout.account, BigInt(payout.amount));
  }
  await credit(ctx, agreement.consumerAccount, settlement.refund);

  const settled: AgreementRecord = {
    ...agreement,
    status: 'settled',
    settlement: {
      settledAt: ctx.now,
      settledBy: ctx.caller.mspId,
      usedSeconds: used,
      charge: formatAmount(settlement.charge),
      creditBp,
      fullRefund,
      credit: formatAmount(settlement.credit),
      refund: formatAmount(settlement.refund),
      payouts,
      services: outcomes,
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
