import { settle } from '../../src/domain/settlement';

const twoProviders = [
  { id: 'AwsOrgMSP', shareBp: 6000 },
  { id: 'AzureOrgMSP', shareBp: 4000 },
];

describe('settlement', () => {
  it('pays a fixed price with a 10 % credit', () => {
    const result = settle({
      deposit: 1000n,
      charge: 1000n,
      creditBp: 1000,
      fullRefund: false,
      shares: twoProviders,
    });
    expect(result.credit).toBe(100n);
    expect(Object.fromEntries(result.payouts)).toEqual({ AwsOrgMSP: 540n, AzureOrgMSP: 360n });
    expect(result.refund).toBe(100n);
  });

  it('refunds the unused deposit and the credit of a dynamic agreement', () => {
    // Deposit 8640 for a day, used one hour → charge 360; 30 % credit → 108.
    const result = settle({
      deposit: 8640n,
      charge: 360n,
      creditBp: 3000,
      fullRefund: false,
      shares: twoProviders,
    });
    expect(result.credit).toBe(108n);
    expect(Object.fromEntries(result.payouts)).toEqual({ AwsOrgMSP: 151n, AzureOrgMSP: 101n });
    expect(result.refund).toBe(8640n - 360n + 108n);
  });

  it('rounds the credit down', () => {
    // 999 × 10 % = 99.9 → 99.
    expect(
      settle({
        deposit: 999n,
        charge: 999n,
        creditBp: 1000,
        fullRefund: false,
        shares: twoProviders,
      }).credit,
    ).toBe(99n);
  });

  it('refunds the whole charge under the full-refund threshold', () => {
    const result = settle({
      deposit: 1000n,
      charge: 700n,
      creditBp: 3000,
      fullRefund: true,
      shares: twoProviders,
    });
    expect(result.credit).toBe(700n);
    expect(Object.fromEntries(result.payouts)).toEqual({ AwsOrgMSP: 0n, AzureOrgMSP: 0n });
    expect(result.refund).toBe(1000n);
  });

  it('always pays out exactly the deposit', () => {
    for (const [deposit, charge, creditBp] of [
      [1n, 1n, 0],
      [12345n, 9999n, 1000],
      [10n ** 20n, 10n ** 19n + 3n, 3333],
      [500n, 0n, 10000],
    ] as Array<[bigint, bigint, number]>) {
      const result = settle({ deposit, charge, creditBp, fullRefund: false, shares: twoProviders });
      const paid = [...result.payouts.values()].reduce((sum, amount) => sum + amount, 0n);
      expect(paid + result.refund).toBe(deposit);
    }
  });

  it('refuses a charge above the deposit', () => {
    expect(() =>
      settle({ deposit: 10n, charge: 11n, creditBp: 0, fullRefund: false, shares: twoProviders }),
    ).toThrow('charge 11 exceeds deposit 10');
  });
});
