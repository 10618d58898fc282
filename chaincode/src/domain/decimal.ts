/**
 * Exact decimal numbers for metric readings and thresholds, so that whether a
 * period counts as available never depends on floating-point rounding.
 */

export interface Decimal {
  /** value = coefficient × 10^exponent */
  coefficient: bigint;
  exponent: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;

export function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL.exec(text);
  if (!match) {
    return undefined;
  }
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const coefficient = BigInt(`${sign}${whole}${fraction}`);
  return { coefficient, exponent: Number(exponent) - fraction.length };
}

export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const exponent = Math.min(a.exponent, b.exponent);
  const left = a.coefficient * 10n ** BigInt(a.exponent - exponent);
  const right = b.coefficient * 10n ** BigInt(b.exponent - exponent);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The canonical text of a reading: the shortest decimal that round-trips the
 * IEEE-754 double (ECMAScript's Number::toString, the same on every peer).
 */
export function canonicalReading(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`reading ${value} is not a finite number`);
  }
  return Object.is(value, -0) ? '0' : String(value);
}
