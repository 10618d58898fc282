import { combineCredits, creditForAvailability, serviceCredit } from '../../src/domain/credits';
import type { CreditTier } from '../../src/domain/sla';

// The public cloud style: below 99.99 % → 10 %, below 99.0 % → 30 %, below 95.0 % → 100 %.
const tiers: CreditTier[] = [
  { belowBp: 9999, creditBp: 1000 },
  { belowBp: 9900, creditBp: 3000 },
  { belowBp: 9500, creditBp: 10000 },
];

describe('credit tiers', () => {
  it.each([
    [10000, 0],
    [9999, 0],
    [9998, 1000],
    [9900, 1000],
    [9899, 3000],
    [9500, 3000],
    [9499, 10000],
    [0, 10000],
  ])('availability %i bp gives a credit of %i bp', (availability, credit) => {
    expect(creditForAvailability(tiers, availability)).toBe(credit);
  });

  it('gives no credit without tiers', () => {
    expect(creditForAvailability([], 0)).toBe(0);
  });
});

describe('a service credit over an agreement', () => {
  const sla = { creditTiers: tiers, fullRefundBelowBp: 7500 };

  it('is decided from available over measured periods, rounded down', () => {
    // 9899 / 10000 periods → 98.99 %: below 99.0 %.
    expect(serviceCredit(sla, { measured: 10000, available: 9899 })).toEqual({
      availabilityBp: 9899,
      creditBp: 3000,
      fullRefund: false,
    });
    // 2 of 3 → 6666.67 bp rounds down to 6666.
    expect(serviceCredit(sla, { measured: 3, available: 2 }).availabilityBp).toBe(6666);
  });

  it('refunds everything strictly below the threshold only', () => {
    expect(serviceCredit(sla, { measured: 4, available: 3 }).fullRefund).toBe(false); // exactly 75 %
    expect(serviceCredit(sla, { measured: 10000, available: 7499 }).fullRefund).toBe(true);
  });

  it('gives no credit when no period counted', () => {
    expect(serviceCredit(sla, { measured: 0, available: 0 })).toEqual({
      creditBp: 0,
      fullRefund: false,
    });
  });

  it('takes the weakest part of a composed service', () => {
    expect(
      combineCredits([
        { availabilityBp: 9998, creditBp: 1000, fullRefund: false },
        { availabilityBp: 9800, creditBp: 3000, fullRefund: false },
        { creditBp: 0, fullRefund: false },
      ]),
    ).toEqual({ creditBp: 3000, fullRefund: false });
    expect(
      combineCredits([
        { availabilityBp: 10000, creditBp: 0, fullRefund: false },
        { availabilityBp: 7000, creditBp: 10000, fullRefund: true },
      ]).fullRefund,
    ).toBe(true);
  });
});
