import { divideByShares } from '../../src/domain/division';

function divide(total: bigint, shares: Array<[string, number]>): Record<string, bigint> {
  return Object.fromEntries(
    divideByShares(
      total,
      shares.map(([id, shareBp]) => ({ id, shareBp })),
    ),
  );
}

describe('division of income by largest remainder', () => {
  it('divides exactly when the shares allow it', () => {
    expect(
      divide(1000n, [
        ['AwsOrgMSP', 6000],
        ['AzureOrgMSP', 4000],
      ]),
    ).toEqual({ AwsOrgMSP: 600n, AzureOrgMSP: 400n });
  });

  it('gives the units left over to the largest remainders', () => {
    // 100 × 33.33 % = 33.33 and 100 × 33.34 % = 33.34: one unit is left, the 0.34 remainder takes it.
    expect(
      divide(100n, [
        ['A', 3333],
        ['B', 3333],
        ['C', 3334],
      ]),
    ).toEqual({ A: 33n, B: 33n, C: 34n });
    // 10 × 45 % = 4.5, 10 × 45 % = 4.5, 10 × 10 % = 1: one unit for the first of the tied halves.
    expect(
      divide(10n, [
        ['P1', 4500],
        ['P2', 4500],
        ['P3', 1000],
      ]),
    ).toEqual({ P1: 5n, P2: 4n, P3: 1n });
  });

  it('breaks ties by the MSP ids bytes, lowest first', () => {
    expect(
      divide(1n, [
        ['AzureOrgMSP', 5000],
        ['AwsOrgMSP', 5000],
      ]),
    ).toEqual({ AwsOrgMSP: 1n, AzureOrgMSP: 0n });
    // Byte order, not the locale's: "Zeta" (0x5A) sorts before "alpha" (0x61).
    expect(
      divide(1n, [
        ['alpha', 5000],
        ['Zeta', 5000],
      ]),
    ).toEqual({ alpha: 0n, Zeta: 1n });
  });

  it('always adds up to the total', () => {
    for (const total of [0n, 1n, 7n, 99n, 1_000_003n, 10n ** 30n + 7n]) {
      const parts = divide(total, [
        ['A', 1],
        ['B', 3333],
        ['C', 6666],
      ]);
      expect(parts.A! + parts.B! + parts.C!).toBe(total);
    }
  });

  it('refuses shares that do not add up to 10000 bp', () => {
    expect(() =>
      divide(10n, [
        ['A', 5000],
        ['B', 4999],
      ]),
    ).toThrow('shares add up to 9999 bp instead of 10000');
  });
});
