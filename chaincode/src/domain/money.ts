import { parseWith } from './input';
import { Amount, BasisPoints, PositiveAmount } from '../schemas/scalars';

/**
 * Money is an integer number of minor units: bigint in code, a decimal string
 * on the ledger and in JSON. Basis points express fractions (1 % = 100 bp).
 */

export const BASIS_POINTS = 10_000n;

export function parseAmount(
  field: string,
  value: unknown,
  options: { allowZero?: boolean } = {},
): bigint {
  return BigInt(parseWith(options.allowZero ? Amount : PositiveAmount, field, value));
}

export function formatAmount(amount: bigint): string {
  if (amount < 0n) {
    throw new RangeError(`negative amount ${amount} cannot be stored`);
  }
  return amount.toString();
}

/** value × numerator ÷ denominator, rounded down (all operands non-negative). */
export function mulDiv(value: bigint, numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) {
    throw new RangeError('denominator must be positive');
  }
  return (value * numerator) / denominator;
}

export function minAmount(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxAmount(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

export function basisPoints(field: string, value: unknown): number {
  return parseWith(BasisPoints, field, value);
}

/** numerator ÷ denominator in basis points, rounded down. */
export function ratioInBasisPoints(numerator: number, denominator: number): number {
  if (denominator <= 0) {
    throw new RangeError('denominator must be positive');
  }
  return Number((BigInt(numerator) * BASIS_POINTS) / BigInt(denominator));
}
