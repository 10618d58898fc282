import { InvalidArgument } from './errors';

/**
 * Money is an integer number of minor units: bigint in code, a decimal string
 * on the ledger and in JSON. Basis points express fractions (1 % = 100 bp).
 */

export const BASIS_POINTS = 10_000n;
const AMOUNT = /^(0|[1-9][0-9]{0,35})$/;

export function parseAmount(
  field: string,
  value: unknown,
  options: { allowZero?: boolean } = {},
): bigint {
  if (typeof value !== 'string' || !AMOUNT.test(value)) {
    throw new InvalidArgument(
      field,
      `must be a whole number of minor units written as a decimal string without sign or leading zeros, e.g. "1500" (got ${shown(value)})`,
    );
  }
  const amount = BigInt(value);
  if (amount === 0n && !options.allowZero) {
    throw new InvalidArgument(field, 'must be greater than zero');
  }
  return amount;
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
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10_000) {
    throw new InvalidArgument(
      field,
      `must be a whole number of basis points between 0 and 10000 (1 % = 100), got ${shown(value)}`,
    );
  }
  return value;
}

/** numerator ÷ denominator in basis points, rounded down. */
export function ratioInBasisPoints(numerator: number, denominator: number): number {
  if (denominator <= 0) {
    throw new RangeError('denominator must be positive');
  }
  return Number((BigInt(numerator) * BASIS_POINTS) / BigInt(denominator));
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
}
