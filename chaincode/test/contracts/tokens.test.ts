import { createIdentity } from '@sla-ledger/embedded-network';
import { balance, fund } from '../support/scenario';
import { expectRejected } from '../support/expectations';
import { AWS, CONSUMER, accountOf, slaNetwork, type SlaNetwork } from '../support/sla-network';

describe('tokens:Init', () => {
  it('is for an organisation administrator, once', async () => {
    const net = await slaNetwork({ init: false });
    const config = JSON.stringify({ issuers: [accountOf(net.people.bob)], issuerMsps: [CONSUMER] });
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'tokens:Init', config),
      'FORBIDDEN: only an administrator of ConsumerOrgMSP may initialise the tokens',
    );
    await expect(
      net.submit(net.people.consumerAdmin, 'tokens:Init', config),
    ).resolves.toMatchObject({
      issuers: [accountOf(net.people.bob)],
      issuerMsps: [CONSUMER],
    });
    await expectRejected(
      net,
      () => net.submit(net.people.consumerAdmin, 'tokens:Init', config),
      'ALREADY_EXISTS',
    );
  });

  it("is for the issuing organisation that every endorser's settings name", async () => {
    const net = await slaNetwork({ init: false });
    const awsAdmin = createIdentity({ mspId: AWS, commonName: 'admin', nodeOu: 'admin' });
    await expectRejected(
      net,
      () => net.submit(awsAdmin, 'tokens:Init', JSON.stringify({ issuerMsps: [AWS] })),
      "FORBIDDEN: AwsOrgMSP may not initialise the tokens of channel channel-aws: this organisation's settings name ConsumerOrgMSP as their issuer",
    );
    // AwsOrg's own settings name AwsOrg: its peer refuses the consumer's Init, so the channel policy is not met.
    const split = await slaNetwork({
      init: false,
      settingsFor: (org, defaults) =>
        org === AWS
          ? {
              ...defaults,
              channels: new Map(
                [...defaults.channels].map(([name, channel]) => [
                  name,
                  { ...channel, tokenIssuer: AWS },
                ]),
              ),
            }
          : defaults,
    });
    await expectRejected(
      split,
      () =>
        split.submit(
          split.people.consumerAdmin,
          'tokens:Init',
          JSON.stringify({ issuerMsps: [CONSUMER] }),
        ),
      'settings name AwsOrgMSP as their issuer',
    );
  });

  it('names issuers of the issuing organisation only', async () => {
    const net = await slaNetwork({ init: false });
    await expectRejected(
      net,
      () =>
        net.submit(net.people.consumerAdmin, 'tokens:Init', JSON.stringify({ issuerMsps: [AWS] })),
      'INVALID_ARGUMENT: config may name issuers of ConsumerOrgMSP, the issuing organisation, only (not AwsOrgMSP)',
    );
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.consumerAdmin,
          'tokens:Init',
          JSON.stringify({ issuers: [accountOf(net.people.aws)] }),
        ),
      'only (not AwsOrgMSP)',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.consumerAdmin, 'tokens:Init', '{}'),
      'config must name issuer accounts',
    );
  });

  it('names the malformed field', async () => {
    const net = await slaNetwork({ init: false });
    await expectRejected(
      net,
      () => net.submit(net.people.consumerAdmin, 'tokens:Init', '{"issuers":["bob"]}'),
      'INVALID_ARGUMENT: config.issuers[0] must be an account id',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.consumerAdmin, 'tokens:Init', '{"mint":true}'),
      'config.mint is not a known field',
    );
  });
});

describe('tokens:Mint', () => {
  let net: SlaNetwork;
  beforeEach(async () => {
    net = await slaNetwork();
  });

  it('lets an identity with role=issuer of an issuer organisation mint', async () => {
    await net.submit(net.people.issuer, 'tokens:Mint', accountOf(net.people.alice), '1500');
    expect(await balance(net, net.people.alice)).toBe(1500n);
    const event = (await net.channel.ledger.events()).at(-1);
    expect(event?.name).toBe('TokensMinted');
    expect(JSON.parse(event?.payload.toString() ?? '{}')).toEqual({
      accountId: accountOf(net.people.alice),
      amount: '1500',
    });
  });

  it('refuses everyone else, including role=issuer from an organisation not configured', async () => {
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'tokens:Mint', accountOf(net.people.alice), '1'),
      'FORBIDDEN: the caller',
    );
    const foreignIssuer = createIdentity({
      mspId: AWS,
      commonName: 'aws-treasury',
      attributes: { role: 'issuer' },
    });
    await expectRejected(
      net,
      () => net.submit(foreignIssuer, 'tokens:Mint', accountOf(foreignIssuer), '1'),
      'is not an issuer',
    );
  });

  it('lets an account named at init mint without the attribute', async () => {
    const other = await slaNetwork({ init: false });
    await other.submit(
      other.people.consumerAdmin,
      'tokens:Init',
      JSON.stringify({ issuers: [accountOf(other.people.bob)] }),
    );
    await other.submit(other.people.bob, 'tokens:Mint', accountOf(other.people.alice), '7');
    expect(await balance(other, other.people.alice)).toBe(7n);
    // Without issuerMsps, role=issuer counts for nobody, even in the issuing organisation.
    await expectRejected(
      other,
      () => other.submit(other.people.issuer, 'tokens:Mint', accountOf(other.people.alice), '1'),
      'is not an issuer',
    );
  });

  it('lets nobody mint before the ledger is initialised, whatever their certificate says', async () => {
    const fresh = await slaNetwork({ init: false });
    const selfMadeIssuer = createIdentity({
      mspId: AWS,
      commonName: 'aws-treasury',
      attributes: { role: 'issuer' },
    });
    for (const who of [fresh.people.issuer, selfMadeIssuer]) {
      await expectRejected(
        fresh,
        () => fresh.submit(who, 'tokens:Mint', accountOf(who), '1000000'),
        'is not an issuer',
      );
    }
  });

  it.each([['-5'], ['1.5'], ['0'], ['abc'], ['007'], ['']])(
    'refuses the amount %j',
    async (amount) => {
      await expectRejected(
        net,
        () => net.submit(net.people.issuer, 'tokens:Mint', accountOf(net.people.alice), amount),
        'INVALID_ARGUMENT: amount',
      );
    },
  );

  it('refuses an account id that is not one', async () => {
    await expectRejected(
      net,
      () => net.submit(net.people.issuer, 'tokens:Mint', 'alice', '5'),
      'INVALID_ARGUMENT: accountId must be an account id',
    );
  });

  it('handles amounts far beyond floating point', async () => {
    const huge = (10n ** 30n + 1n).toString();
    await net.submit(net.people.issuer, 'tokens:Mint', accountOf(net.people.alice), huge);
    await net.submit(net.people.issuer, 'tokens:Mint', accountOf(net.people.alice), huge);
    expect(await balance(net, net.people.alice)).toBe(2n * (10n ** 30n + 1n));
  });
});

describe('tokens:Transfer', () => {
  let net: SlaNetwork;
  beforeEach(async () => {
    net = await slaNetwork();
    await fund(net, net.people.alice, 100n);
  });

  it('moves tokens from the caller to another account', async () => {
    await net.submit(net.people.alice, 'tokens:Transfer', accountOf(net.people.aws), '30');
    expect(await balance(net, net.people.alice)).toBe(70n);
    expect(await balance(net, net.people.aws)).toBe(30n);
  });

  it('refuses an overdraft and leaves both balances unchanged', async () => {
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'tokens:Transfer', accountOf(net.people.aws), '101'),
      'FAILED_PRECONDITION: account',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.bob, 'tokens:Transfer', accountOf(net.people.aws), '1'),
      'may spend 0, less than the 1',
    );
  });

  it('refuses negative and malformed amounts', async () => {
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'tokens:Transfer', accountOf(net.people.aws), '-1'),
      'INVALID_ARGUMENT: amount',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'tokens:Transfer', accountOf(net.people.aws), '1e2'),
      'INVALID_ARGUMENT: amount',
    );
  });

  it('keeps a transfer to oneself neutral', async () => {
    await net.submit(net.people.alice, 'tokens:Transfer', accountOf(net.people.alice), '40');
    expect(await balance(net, net.people.alice)).toBe(100n);
  });

  it('keeps arrivals apart until the owner collects them; spending reads only what was collected', async () => {
    for (let i = 0; i < 5; i += 1) {
      await net.submit(net.people.issuer, 'tokens:Mint', accountOf(net.people.alice), '1');
    }
    const arrivals = async (): Promise<number> =>
      (await net.channel.ledger.entries()).filter((e) =>
        e.key.startsWith(`credit\u0000${accountOf(net.people.alice)}\u0000`),
      ).length;
    expect(await arrivals()).toBe(5);
    await expect(net.evaluate(net.people.alice, 'tokens:MyAccount')).resolves.toMatchObject({
      balance: '105',
      spendable: '100',
      arriving: '5',
    });
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'tokens:Transfer', accountOf(net.people.bob), '103'),
      'may spend 100, less than the 103 needed for this transfer; 5 more arrived and wait to be collected (tokens:Collect',
    );
    await expect(net.submit(net.people.alice, 'tokens:Collect')).resolves.toEqual({
      accountId: accountOf(net.people.alice),
      collected: '5',
      arrivals: 5,
      more: false,
      spendable: '105',
    });
    expect(await arrivals()).toBe(0);
    await net.submit(net.people.alice, 'tokens:Transfer', accountOf(net.people.bob), '103');
    expect(await balance(net, net.people.alice)).toBe(2n);
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'tokens:Collect'),
      'nothing arrived in account',
    );
  });

  it("keeps a balance exact past the peer's limit on the results of one query", async () => {
    const limited = await slaNetwork({ totalQueryLimit: 40 });
    for (let i = 0; i < 25; i += 1) {
      const batch = await Promise.all(
        [0, 1, 2, 3].map(() =>
          limited.channel.prepare(limited.people.issuer, 'tokens:Mint', [
            accountOf(limited.people.alice),
            '3',
          ]),
        ),
      );
      await limited.channel.commit(...batch);
    }
    await expect(limited.evaluate(limited.people.alice, 'tokens:MyAccount')).resolves.toMatchObject(
      {
        balance: '300',
        arriving: '300',
      },
    );
  });

  it('lets many payers credit one account without touching a shared key', async () => {
    await fund(net, net.people.bob, 100n);
    const fromAlice = await net.channel.prepare(net.people.alice, 'tokens:Transfer', [
      accountOf(net.people.aws),
      '10',
    ]);
    const fromBob = await net.channel.prepare(net.people.bob, 'tokens:Transfer', [
      accountOf(net.people.aws),
      '20',
    ]);
    const [a, b] = await net.channel.commit(fromAlice, fromBob);
    expect([a?.validationCode, b?.validationCode]).toEqual(['VALID', 'VALID']);
    expect(await balance(net, net.people.aws)).toBe(30n);
  });

  it('lets only one of two concurrent debits of one account commit', async () => {
    const first = await net.channel.prepare(net.people.alice, 'tokens:Transfer', [
      accountOf(net.people.aws),
      '80',
    ]);
    const second = await net.channel.prepare(net.people.alice, 'tokens:Transfer', [
      accountOf(net.people.bob),
      '80',
    ]);
    const [a, b] = await net.channel.commit(first, second);
    expect(a?.validationCode).toBe('VALID');
    expect(b?.validationCode).toMatch(/MVCC_READ_CONFLICT|PHANTOM_READ_CONFLICT/);
    expect(await balance(net, net.people.alice)).toBe(20n);
    expect(await balance(net, net.people.bob)).toBe(0n);
  });
});

describe('reading balances', () => {
  it('shows an account to its own organisation and to issuers only', async () => {
    const net = await slaNetwork();
    await fund(net, net.people.alice, 5n);
    await expect(
      net.evaluate(net.people.bob, 'tokens:Balance', accountOf(net.people.alice)),
    ).resolves.toEqual({
      accountId: accountOf(net.people.alice),
      balance: '5',
      spendable: '5',
      arriving: '0',
    });
    await expect(
      net.evaluate(net.people.issuer, 'tokens:Balance', accountOf(net.people.alice)),
    ).resolves.toMatchObject({ balance: '5' });
    await expect(
      net.evaluate(net.people.aws, 'tokens:Balance', accountOf(net.people.alice)),
    ).rejects.toThrow(
      'FORBIDDEN: AwsOrgMSP may not read the balance of an account of ConsumerOrgMSP',
    );
  });

  it('tells the caller its own account', async () => {
    const net = await slaNetwork();
    await expect(net.evaluate(net.people.issuer, 'tokens:MyAccount')).resolves.toEqual({
      accountId: accountOf(net.people.issuer),
      mspId: CONSUMER,
      balance: '0',
      spendable: '0',
      arriving: '0',
      issuer: true,
    });
  });
});
