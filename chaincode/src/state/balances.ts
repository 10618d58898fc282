import { accountOrg } from '../domain/accounts';
import { FailedPrecondition } from '../domain/errors';
import { formatAmount } from '../domain/money';
import { RECORD } from './keys';
import type { LedgerState } from './ledger-state';
import type { BalanceDelta } from './records';

/** What moving money needs of the transaction. */
export interface BalanceScope {
  readonly state: LedgerState;
  readonly txId: string;
  nextSequence(): string;
}

/**
 * Balances are sums of delta rows, one row per credit, so that many
 * agreements can pay one account without touching a shared key. A debit
 * reads the account's rows (their range guards against a concurrent debit),
 * replaces them with one row holding the rest, and so keeps the count small.
 * Each row needs its account's organisation to endorse its removal, so that
 * no majority of other organisations can spend it.
 */

export async function balanceOf(ctx: BalanceScope, accountId: string): Promise<bigint> {
  let balance = 0n;
  for await (const row of ctx.state.scan<BalanceDelta>(RECORD.balance, [accountId])) {
    balance += BigInt(row.value.amount);
  }
  return balance;
}

export async function credit(ctx: BalanceScope, accountId: string, amount: bigint): Promise<void> {
  if (amount === 0n) return;
  await writeRow(ctx, accountId, amount);
}

/** Takes `amount` from the account; fails, changing nothing, when the balance is smaller. */
export async function debit(
  ctx: BalanceScope,
  accountId: string,
  amount: bigint,
  purpose: string,
): Promise<void> {
  let balance = 0n;
  const rows: string[] = [];
  for await (const row of ctx.state.scan<BalanceDelta>(RECORD.balance, [accountId])) {
    balance += BigInt(row.value.amount);
    rows.push(row.key);
  }
  if (balance < amount) {
    throw new FailedPrecondition(
      `account ${accountId} holds ${balance}, less than the ${amount} needed for ${purpose}`,
    );
  }
  for (const key of rows) {
    await ctx.state.delete(key);
  }
  if (balance > amount) {
    await writeRow(ctx, accountId, balance - amount);
  }
}

async function writeRow(ctx: BalanceScope, accountId: string, amount: bigint): Promise<void> {
  const key = ctx.state.key(RECORD.balance, [accountId, ctx.txId, ctx.nextSequence()]);
  const row: BalanceDelta = { accountId, amount: formatAmount(amount) };
  await ctx.state.put(key, row);
  await ctx.state.requireEndorsementBy(key, [accountOrg(accountId)]);
}
