import { divideByShares, type Share } from './division';
import { BASIS_POINTS, mulDiv } from './money';

/**
 * Settlement: the credit comes out of the charge, the providers share the
 * rest, and the consumer gets back everything that was not charged plus the
 * credit. Payouts plus refund always equal the deposit.
 */

export interface SettlementInput {
  deposit: bigint;
  charge: bigint;
  creditBp: number;
  fullRefund: boolean;
  shares: readonly Share[];
}

export interface SettlementResult {
  charge: bigint;
  credit: bigint;
  payouts: Map<string, bigint>;
  refund: bigint;
}

export function settle(input: SettlementInput): SettlementResult {
  if (input.charge > input.deposit) {
    throw new RangeError(`charge ${input.charge} exceeds deposit ${input.deposit}`);
  }
  const credit = input.fullRefund
    ? input.charge
    : mulDiv(input.charge, BigInt(input.creditBp), BASIS_POINTS);
  const payouts = divideByShares(input.charge - credit, input.shares);
  return { charge: input.charge, credit, payouts, refund: input.deposit - input.charge + credit };
}
