import { parseOfferInput } from '../../src/domain/offer';

const base = { offerId: 'jitsi-day', model: 'fixed', price: '1000', maxPeriodSeconds: 86400 };

describe('offer input', () => {
  it('makes the creator the sole provider by default', () => {
    const offer = parseOfferInput(base, 'AwsOrgMSP');
    expect(offer.providers).toEqual([{ mspId: 'AwsOrgMSP', shareBp: 10000 }]);
    expect(offer.price).toEqual({ model: 'fixed', price: '1000', maxPeriodSeconds: 86400 });
    expect(offer.settlementGraceSeconds).toBe(3600);
  });

  it('asks each model for its own price fields and refuses the others', () => {
    expect(() => parseOfferInput({ ...base, model: 'prepaid-minutes' }, 'A')).toThrow(
      'offer.price does not apply to the prepaid-minutes pricing model',
    );
    expect(() =>
      parseOfferInput({ ...base, price: undefined, model: 'prepaid-minutes', minutes: 60 }, 'A'),
    ).toThrow('offer.pricePerMinute is required by the prepaid-minutes pricing model');
    expect(() => parseOfferInput({ ...base, model: 'flexible-period' }, 'A')).toThrow(
      'offer.minimumCharge is required by the flexible-period pricing model',
    );
  });

  it('rejects a flexible-period minimum charge above the deposit', () => {
    expect(() =>
      parseOfferInput({ ...base, model: 'flexible-period', minimumCharge: '1001' }, 'A'),
    ).toThrow('offer.minimumCharge (1001) must not exceed the deposit');
    expect(
      parseOfferInput({ ...base, model: 'flexible-period', minimumCharge: '1000' }, 'A').price
        .minimumCharge,
    ).toBe('1000');
  });

  it('rejects money that is not a whole number of minor units', () => {
    for (const price of ['10.5', '-1', '01', 1000, '1e3', '']) {
      expect(() => parseOfferInput({ ...base, price }, 'A')).toThrow(
        'offer.price must be a whole number of minor units',
      );
    }
    expect(() => parseOfferInput({ ...base, price: '0' }, 'A')).toThrow(
      'offer.price must be greater than zero',
    );
  });

  it('requires shares that add up to 10000 bp, each provider once', () => {
    expect(() =>
      parseOfferInput(
        {
          ...base,
          providers: [
            { mspId: 'A', shareBp: 5000 },
            { mspId: 'B', shareBp: 4000 },
          ],
        },
        'A',
      ),
    ).toThrow('offer.providers shares must add up to 10000 bp, they add up to 9000');
    expect(() =>
      parseOfferInput(
        {
          ...base,
          providers: [
            { mspId: 'A', shareBp: 5000 },
            { mspId: 'A', shareBp: 5000 },
          ],
        },
        'A',
      ),
    ).toThrow('offer.providers lists "A" more than once');
  });

  it('normalises constraints and services into a stable order', () => {
    const offer = parseOfferInput(
      {
        ...base,
        services: ['s2', 's1'],
        constraints: { regions: ['eu-west-1', 'eu-central-1'], jurisdictions: ['EU'] },
      },
      'A',
    );
    expect(offer.services).toEqual(['s1', 's2']);
    expect(offer.constraints).toEqual({
      regions: ['eu-central-1', 'eu-west-1'],
      jurisdictions: ['EU'],
    });
  });

  it('fills in the terms an offer leaves out', () => {
    expect(parseOfferInput(base, 'AwsOrgMSP')).toEqual({
      offerId: 'jitsi-day',
      price: { model: 'fixed', price: '1000', maxPeriodSeconds: 86400 },
      providers: [{ mspId: 'AwsOrgMSP', shareBp: 10000 }],
      services: [],
      constraints: {},
      settlementGraceSeconds: 3600,
      minCoverageBp: 9000,
      disputeSeconds: 30 * 86400,
    });
  });

  it('refuses unknown fields, naming the known ones', () => {
    expect(() => parseOfferInput({ ...base, voters: ['A'] }, 'A')).toThrow(
      'INVALID_ARGUMENT: offer.voters is not a known field (known: arbiter, constraints, consumers, disputeSeconds, maxAcceptances, maxPeriodSeconds, maxSessions, minCoverageBp, minimumCharge, minutes, model, offerId, payoutAccount, price, pricePerMinute, providers, services, settlementGraceSeconds, title)',
    );
    expect(() => parseOfferInput({ ...base, constraints: { zones: ['a'] } }, 'A')).toThrow(
      'INVALID_ARGUMENT: offer.constraints.zones is not a known field (known: jurisdictions, regions)',
    );
  });

  it('names the list entry at fault', () => {
    expect(() => parseOfferInput({ ...base, services: ['s1', 's1'] }, 'A')).toThrow(
      'INVALID_ARGUMENT: offer.services lists "s1" more than once',
    );
    expect(() => parseOfferInput({ ...base, consumers: ['B', 'not an msp'] }, 'A')).toThrow(
      'INVALID_ARGUMENT: offer.consumers[1] must be an MSP id such as "AwsOrgMSP"',
    );
    expect(() =>
      parseOfferInput({ ...base, providers: [{ mspId: 'A', shareBp: 10000, payout: 'x' }] }, 'A'),
    ).toThrow(
      'INVALID_ARGUMENT: offer.providers[0].payout is not a known field (known: mspId, shareBp)',
    );
    expect(() => parseOfferInput({ ...base, payoutAccount: 'alice' }, 'A')).toThrow(
      'INVALID_ARGUMENT: offer.payoutAccount must be an account id "<MSP id>::<certificate subject>"',
    );
  });
});
