import { parseProposalInput } from '../../src/domain/proposal';

const base = { proposalId: 'p-1', offerId: 'o-1' };

describe('proposal input', () => {
  it('fills in the threshold and reads the deadline as epoch seconds', () => {
    expect(parseProposalInput({ ...base, change: { type: 'withdraw' } })).toEqual({
      ...base,
      change: { type: 'withdraw' },
      threshold: 'majority',
    });
    expect(
      parseProposalInput({
        ...base,
        change: { type: 'withdraw' },
        threshold: 'unanimity',
        deadline: '2026-12-02T10:00:00Z',
      }),
    ).toMatchObject({ threshold: 'unanimity', deadline: 1796205600 });
  });

  it('sorts shares by MSP id and requires them to add up to 10000 bp', () => {
    const change = parseProposalInput({
      ...base,
      change: {
        type: 'change-shares',
        shares: [
          { mspId: 'B', shareBp: 3000 },
          { mspId: 'A', shareBp: 7000 },
        ],
      },
    }).change;
    expect(change).toEqual({
      type: 'change-shares',
      shares: [
        { mspId: 'A', shareBp: 7000 },
        { mspId: 'B', shareBp: 3000 },
      ],
    });
    expect(() =>
      parseProposalInput({
        ...base,
        change: { type: 'change-shares', shares: [{ mspId: 'A', shareBp: 9000 }] },
      }),
    ).toThrow(
      'INVALID_ARGUMENT: proposal.change.shares shares must add up to 10000 bp, they add up to 9000',
    );
  });

  it('asks a price change for the fields of its model only', () => {
    expect(
      parseProposalInput({
        ...base,
        change: {
          type: 'change-price',
          price: { model: 'fixed', price: '20', maxPeriodSeconds: 600 },
        },
      }).change,
    ).toEqual({
      type: 'change-price',
      price: { model: 'fixed', price: '20', maxPeriodSeconds: 600 },
    });
    expect(() =>
      parseProposalInput({
        ...base,
        change: { type: 'change-price', price: { model: 'fixed', maxPeriodSeconds: 600 } },
      }),
    ).toThrow(
      'INVALID_ARGUMENT: proposal.change.price.price is required by the fixed pricing model',
    );
    expect(() =>
      parseProposalInput({
        ...base,
        change: {
          type: 'change-price',
          price: { model: 'fixed', price: '1', minutes: 5, maxPeriodSeconds: 600 },
        },
      }),
    ).toThrow(
      'INVALID_ARGUMENT: proposal.change.price.minutes does not apply to the fixed pricing model',
    );
    expect(() =>
      parseProposalInput({
        ...base,
        change: {
          type: 'change-price',
          price: { model: 'fixed', price: '1', maxPeriodSeconds: 600, offerId: 'x' },
        },
      }),
    ).toThrow('INVALID_ARGUMENT: proposal.change.price.offerId is not a known field');
  });

  it('names the field at fault', () => {
    expect(() => parseProposalInput({ ...base, change: { type: 'merge' } })).toThrow(
      'INVALID_ARGUMENT: proposal.change.type must be one of admit-provider, change-price, change-shares, withdraw',
    );
    expect(() => parseProposalInput({ ...base, change: {} })).toThrow(
      'INVALID_ARGUMENT: proposal.change.type must be one of admit-provider, change-price, change-shares, withdraw, got nothing',
    );
    expect(() => parseProposalInput({ ...base, change: { type: 'withdraw', shares: [] } })).toThrow(
      'INVALID_ARGUMENT: proposal.change.shares is not a known field (known: type)',
    );
    expect(() =>
      parseProposalInput({ ...base, change: { type: 'withdraw' }, voters: ['A'] }),
    ).toThrow(
      'INVALID_ARGUMENT: proposal.voters is not a known field (known: change, deadline, offerId, proposalId, threshold)',
    );
    expect(() =>
      parseProposalInput({ ...base, change: { type: 'withdraw' }, threshold: 'all' }),
    ).toThrow('INVALID_ARGUMENT: proposal.threshold must be one of majority, unanimity');
    expect(() =>
      parseProposalInput({
        ...base,
        change: { type: 'admit-provider', provider: 'has space', shares: [] },
      }),
    ).toThrow('INVALID_ARGUMENT: proposal.change.provider must be an MSP id such as "AwsOrgMSP"');
  });
});
