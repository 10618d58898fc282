import { parseAccountId } from '../../src/domain/accounts';
import { parseAgreementFilter } from '../../src/domain/agreement-filter';
import { identifier, mspId, parseJson } from '../../src/domain/input';
import { parseApproval, parseOfferInput } from '../../src/domain/offer';
import { parseProposalInput } from '../../src/domain/proposal';
import { parseServiceDefinition } from '../../src/domain/service';
import { parseTokensConfig } from '../../src/domain/tokens-config';
import { parseUpdateRequests } from '../../src/domain/update-requests';
import { cloudWatchService } from '../fixtures/services';

/** Names an object inherits; as ids they must mean nothing special. */
const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('ids named like object properties', () => {
  it.each(NAMES)('%s is an ordinary service key and organisation', (name) => {
    const service = parseServiceDefinition(
      cloudWatchService({ key: name, providerOrg: name, consumerOrg: `${name}2` }),
    );
    expect([service.key, service.providerOrg, service.consumerOrg]).toEqual([
      name,
      name,
      `${name}2`,
    ]);
  });

  it.each(NAMES)('%s is an ordinary offer id, service, provider, consumer and arbiter', (name) => {
    const offer = parseOfferInput(
      {
        offerId: name,
        model: 'fixed',
        price: '10',
        maxPeriodSeconds: 600,
        services: [name, 'a'],
        providers: [
          { mspId: name, shareBp: 6000 },
          { mspId: 'Other', shareBp: 4000 },
        ],
        consumers: [name],
        arbiter: name,
        payoutAccount: `${name}::/CN=${name}`,
      },
      name,
    );
    expect(offer.offerId).toBe(name);
    expect(offer.services).toEqual(['a', name].sort());
    expect(offer.providers.map((share) => share.mspId)).toContain(name);
    expect(offer.consumers).toEqual([name]);
    expect(offer.arbiter).toBe(name);
    expect(offer.payoutAccount).toBe(`${name}::/CN=${name}`);
  });

  it.each(NAMES)('%s repeated is caught like any other id', (name) => {
    expect(() =>
      parseOfferInput(
        {
          offerId: 'o',
          model: 'fixed',
          price: '10',
          maxPeriodSeconds: 600,
          providers: [
            { mspId: name, shareBp: 5000 },
            { mspId: name, shareBp: 5000 },
          ],
        },
        'A',
      ),
    ).toThrow(`offer.providers lists "${name}" more than once`);
    expect(() =>
      parseUpdateRequests(
        JSON.stringify([
          { serviceKey: name, windowStart: 0, windowEnd: 60 },
          { serviceKey: name, windowStart: 0, windowEnd: 60 },
        ]),
      ),
    ).toThrow(`requests lists "${name}" more than once`);
  });

  it.each(NAMES)('%s is an ordinary proposal, offer and provider in a proposal', (name) => {
    const proposal = parseProposalInput({
      proposalId: name,
      offerId: name,
      change: {
        type: 'admit-provider',
        provider: name,
        shares: [
          { mspId: name, shareBp: 5000 },
          { mspId: 'A', shareBp: 5000 },
        ],
      },
    });
    expect([proposal.proposalId, proposal.offerId]).toEqual([name, name]);
    expect(proposal.change).toMatchObject({ provider: name });
  });

  it.each(NAMES)(
    '%s is an ordinary id in requests, token settings, approvals and filters',
    (name) => {
      expect(
        parseUpdateRequests(JSON.stringify([{ serviceKey: name, windowStart: 0, windowEnd: 60 }])),
      ).toEqual([{ serviceKey: name, start: 0, end: 60, field: 'requests[0].' }]);
      expect(
        parseTokensConfig(JSON.stringify({ issuers: [`${name}::/CN=a`], issuerMsps: [name] })),
      ).toEqual({ issuers: [`${name}::/CN=a`], issuerMsps: [name] });
      expect(
        parseApproval(JSON.stringify({ shareBp: 1, payoutAccount: `${name}::/CN=a` })),
      ).toEqual({
        shareBp: 1,
        payoutAccount: `${name}::/CN=a`,
      });
      expect(parseAgreementFilter(JSON.stringify({ offerId: name }))).toEqual({ offerId: name });
      expect([
        identifier('id', name),
        mspId('msp', name),
        parseAccountId('a', `${name}::/CN=x`),
      ]).toEqual([name, name, `${name}::/CN=x`]);
    },
  );

  it('refuses __proto__ as a field, without touching any prototype', () => {
    const text =
      '{"offerId":"o","model":"fixed","price":"1","maxPeriodSeconds":600,"__proto__":{"polluted":true}}';
    expect(() => parseOfferInput(parseJson('offerJson', text), 'A')).toThrow(
      'INVALID_ARGUMENT: offer.__proto__ is not a known field',
    );
    expect(() =>
      parseServiceDefinition(
        parseJson(
          'serviceJson',
          JSON.stringify(cloudWatchService()).replace('{', '{"__proto__":{"key":"x"},'),
        ),
      ),
    ).toThrow('INVALID_ARGUMENT: service.__proto__ is not a known field');
    expect(() => parseAgreementFilter('{"__proto__":{"phase":"running"}}')).toThrow(
      'INVALID_ARGUMENT: filter.__proto__ is not a known field',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses fields named like inherited properties as unknown fields', () => {
    for (const name of NAMES) {
      expect(() => parseApproval(JSON.stringify({ shareBp: 1, [name]: 1 }))).toThrow(
        `INVALID_ARGUMENT: approval.${name} is not a known field (known: payoutAccount, shareBp)`,
      );
    }
  });

  it('reads __proto__ as what the id grammar says of it, like any name starting with "_"', () => {
    for (const name of ['__proto__', '_private']) {
      expect(() => identifier('offerId', name)).toThrow(
        "INVALID_ARGUMENT: offerId must start with a letter or digit and hold only letters, digits, '.', '_' and '-'",
      );
    }
  });
});
