import { accountOrg } from '../domain/accounts';
import { FailedPrecondition } from '../domain/errors';
import { formatAmount } from '../domain/money';
import { KEY, stateKey } from './keys';
import type { CreditRecord, SpendableRecord } from './records';
import type { StateStore } from './state-store';

/**
 * An account is what its owner may spend (one record) plus the credits that
 * arrived (one row each: mints, transfers, payouts, refunds), which the
 * owner collects into the spendable amount. Paying into an account never
 * reads it, and spending never reads the arrivals, so incoming money never
 * conflicts with the owner's spending. Both belong to the owner's
 * organisation: nobody else's endorsement can spend them.
 */

/** What moving money needs of the transaction. */
export interface MoneyScope {
  readonly state: StateStore;
  readonly txId: string;
  nextSequence(): string;
}

/** Arrivals folded into the spendable amount by one collection, at most. */
export const MAX_COLLECTED_CREDITS = 1000;

const spendableKey = (accountId: string): string => stateKey(KEY.account, accountId);
const creditPrefix = (accountId: string): string => stateKey(KEY.credit, accountId);

export async function spendableOf(ctx: MoneyScope, accountId: string): Promise<bigint> {
  const record = await ctx.state.get<SpendableRecord>(spendableKey(accountId));
  return record === undefined ? 0n : BigInt(record.amount);
}

/** Pays into an account: a row of its own, which no spending reads. */
export async function credit(
  ctx: MoneyScope,
  accountId: string,
  amount: bigint,
  source: CreditRecord['source'],
  ref: string,
): Promise<void> {
  if (amount === 0n) return;
  const row: CreditRecord = { accountId, amount: formatAmount(amount), source, ref };
  await ctx.state.create(stateKey(KEY.credit, accountId, ctx.txId, ctx.nextSequence()), row, [
    accountOrg(accountId),
  ]);
}

/** Takes `amount` from what the account may spend; fails, changing nothing, when that is less. */
export async function debit(
  ctx: MoneyScope,
  accountId: string,
  amount: bigint,
  purpose: string,
): Promise<void> {
  const key = spendableKey(accountId);
  const record = await ctx.state.get<SpendableRecord>(key);
  const spendable = record === undefined ? 0n : BigInt(record.amount);
  if (spendable < amount) {
    const arrived = await arrivedAtLeast(ctx, accountId);
    const hint =
      arrived > 0n
        ? `; ${arrived} more arrived and wait to be collected (tokens:Collect by the account's owner)`
        : '';
    throw new FailedPrecondition(
      `account ${accountId} may spend ${spendable}, less than the ${amount} needed for ${purpose}${hint}`,
    );
  }
  const rest: SpendableRecord = { accountId, amount: formatAmount(spendable - amount) };
  await ctx.state.update(key, rest);
}

/** Folds up to MAX_COLLECTED_CREDITS arrivals into the spendable amount. */
export async function collect(
  ctx: MoneyScope,
  accountId: string,
): Promise<{ collected: bigint; rows: number; more: boolean; spendable: bigint }> {
  const key = spendableKey(accountId);
  const record = await ctx.state.get<SpendableRecord>(key);
  let collected = 0n;
  let rows = 0;
  let more = false;
  for await (const row of ctx.state.scan<CreditRecord>(creditPrefix(accountId))) {
    if (rows === MAX_COLLECTED_CREDITS) {
      more = true;
      break;
    }
    collected += BigInt(row.value.amount);
    rows += 1;
    await ctx.state.delete(row.key);
  }
  const spendable = (record === undefined ? 0n : BigInt(record.amount)) + collected;
  if (rows > 0) {
    const next: SpendableRecord = { accountId, amount: formatAmount(spendable) };
    if (record === undefined) {
      await ctx.state.create(key, next, [accountOrg(accountId)]);
    } else {
      await ctx.state.update(key, next);
    }
  }
  return { collected, rows, more, spendable };
}

/**
 * The whole balance, arrivals included, for read-only transactions: the
 * arrivals are summed a page at a time, so the sum stays exact past the
 * peer's limit on the results of one query.
 */
export async function balanceOf(
  ctx: MoneyScope,
  accountId: string,
): Promise<{ spendable: bigint; arriving: bigint }> {
  const spendable = await spendableOf(ctx, accountId);
  let arriving = 0n;
  let bookmark = '';
  do {
    const page = await ctx.state.page<CreditRecord>(creditPrefix(accountId), 1000, bookmark);
    for (const row of page.records) arriving += BigInt(row.value.amount);
    bookmark = page.records.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
  return { spendable, arriving };
}

/** What arrived, summed over the first rows only: enough to say there is some. */
async function arrivedAtLeast(ctx: MoneyScope, accountId: string): Promise<bigint> {
  let sum = 0n;
  let rows = 0;
  for await (const row of ctx.state.scan<CreditRecord>(creditPrefix(accountId))) {
    sum += BigInt(row.value.amount);
    if (++rows === 100) break;
  }
  return sum;
}
