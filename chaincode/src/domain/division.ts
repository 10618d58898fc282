import { BASIS_POINTS } from './money';

/**
 * Division of income by shares in basis points with the largest-remainder
 * method: everyone gets the rounded-down part, the units left over go to the
 * largest remainders, and equal remainders go to the lower id (by its bytes).
 */

export interface Share {
  id: string;
  shareBp: number;
}

export function divideByShares(total: bigint, shares: readonly Share[]): Map<string, bigint> {
  const sumBp = shares.reduce((sum, share) => sum + share.shareBp, 0);
  if (sumBp !== Number(BASIS_POINTS)) {
    throw new RangeError(`shares add up to ${sumBp} bp instead of 10000`);
  }
  const parts = shares.map((share) => {
    const exact = total * BigInt(share.shareBp);
    return { id: share.id, amount: exact / BASIS_POINTS, remainder: exact % BASIS_POINTS };
  });
  let leftover = total - parts.reduce((sum, part) => sum + part.amount, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? compareBytes(a.id, b.id) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (leftover === 0n) break;
    part.amount += 1n;
    leftover -= 1n;
  }
  return new Map(parts.map((part) => [part.id, part.amount]));
}

export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
