import { chargeFor, depositFor, type PriceTerms } from '../../src/domain/pricing';

const DAY = 86_400;

describe('fixed price', () => {
  const terms: PriceTerms = { model: 'fixed', price: 1000n, maxPeriodSeconds: DAY };

  it('escrows the price and charges it whatever was used', () => {
    expect(depositFor(terms)).toBe(1000n);
    expect(chargeFor(terms, 0)).toBe(1000n);
    expect(chargeFor(terms, 60)).toBe(1000n);
    expect(chargeFor(terms, DAY)).toBe(1000n);
  });
});

describe('dynamic price', () => {
  const terms: PriceTerms = { model: 'dynamic', price: 8640n, maxPeriodSeconds: DAY };

  it('escrows the price of the maximum period', () => {
    expect(depositFor(terms)).toBe(8640n);
  });

  it('charges the deposit in proportion to the seconds used', () => {
    expect(chargeFor(terms, 3600)).toBe(360n);
    expect(chargeFor(terms, DAY / 2)).toBe(4320n);
  });

  it('rounds the proportional charge down', () => {
    const thirds: PriceTerms = { model: 'dynamic', price: 1000n, maxPeriodSeconds: 3 };
    expect(chargeFor(thirds, 1)).toBe(333n);
    expect(chargeFor(thirds, 2)).toBe(666n);
  });

  it('charges nothing for no use and never more than the deposit', () => {
    expect(chargeFor(terms, 0)).toBe(0n);
    expect(chargeFor(terms, DAY * 3)).toBe(8640n);
  });
});

describe('prepaid minutes', () => {
  const terms: PriceTerms = {
    model: 'prepaid-minutes',
    pricePerMinute: 10n,
    minutes: 60,
    maxPeriodSeconds: DAY,
  };

  it('escrows minutes times the price per minute', () => {
    expect(depositFor(terms)).toBe(600n);
  });

  it('charges used seconds at the price per minute, rounded down', () => {
    expect(chargeFor(terms, 90)).toBe(15n);
    expect(chargeFor(terms, 59)).toBe(9n);
    expect(chargeFor(terms, 1)).toBe(0n);
  });

  it('never charges more than the deposit', () => {
    expect(chargeFor(terms, 3600)).toBe(600n);
    expect(chargeFor(terms, 4000)).toBe(600n);
  });
});

describe('flexible period', () => {
  const terms: PriceTerms = {
    model: 'flexible-period',
    price: 1000n,
    minimumCharge: 300n,
    maxPeriodSeconds: 1000,
  };

  it('escrows the price of the maximum period', () => {
    expect(depositFor(terms)).toBe(1000n);
  });

  it('charges at least the minimum', () => {
    expect(chargeFor(terms, 0)).toBe(300n);
    expect(chargeFor(terms, 100)).toBe(300n);
    expect(chargeFor(terms, 300)).toBe(300n);
  });

  it('charges like the dynamic model above the minimum', () => {
    expect(chargeFor(terms, 301)).toBe(301n);
    expect(chargeFor(terms, 500)).toBe(500n);
    expect(chargeFor(terms, 5000)).toBe(1000n);
  });
});
