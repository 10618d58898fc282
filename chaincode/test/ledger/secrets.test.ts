import { cloudWatchService } from '../fixtures/services';
import { AWS, CONSUMER, T0, accountOf, slaNetwork } from '../support/sla-network';
import { CredentialedOracle, type Credentials } from '../support/credentialed-oracle';
import { InMemoryOracle } from '../support/in-memory-oracle';
import { parseMonitor } from '../../src/domain/monitor';

const MINUTE = 60;
const HOUR = 3600;

/** Each organisation's own monitoring credentials, as its credentials store holds them. */
const stores: Record<string, Map<string, Credentials>> = {
  [CONSUMER]: new Map([
    [
      'aws-monitoring',
      {
        accessKeyId: 'AKIACONSUMERORG00001',
        secretAccessKey: 'consumer/Secret+Key/9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e',
      },
    ],
  ]),
  [AWS]: new Map([
    [
      'aws-monitoring',
      {
        accessKeyId: 'AKIAAWSORGMONITOR002',
        secretAccessKey: 'aws/Secret+Key/0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b',
      },
    ],
  ]),
};

function secretsIn(store: Map<string, Credentials>): string[] {
  return [...store.values()].flatMap((credentials) => [
    credentials.accessKeyId,
    credentials.secretAccessKey,
  ]);
}

/** A secret in any of the encodings a careless write could use. */
function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    secret,
    bytes.toString('base64'),
    bytes.toString('hex'),
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
  ];
}

describe('secrets never reach the ledger', () => {
  it('after full flows that use credentials and try to hand them in', async () => {
    const readings = new InMemoryOracle();
    const oracles = new Map(
      Object.entries(stores).map(([org, store]) => [
        org,
        new CredentialedOracle(org, store, readings),
      ]),
    );
    const net = await slaNetwork({
      init: false,
      oracleFor: (org) => oracles.get(org) as CredentialedOracle,
    });
    const { consumerAdmin: admin, issuer, alice, aws } = net.people;
    const channel = net.channel;
    const submit = (who: typeof alice, fn: string, ...args: string[]): Promise<unknown> =>
      channel.submit(who, fn, args);

    const service = cloudWatchService();
    readings.fill(parseMonitor('m', service.monitor), T0, T0 + 3 * HOUR, MINUTE, (t) =>
      t === T0 + 42 * MINUTE ? 1 : 0,
    );
    await submit(admin, 'tokens:Init', JSON.stringify({ issuerMsps: [CONSUMER] }));
    await submit(aws, 'services:Register', JSON.stringify(service));

    // Handing credentials to the ledger is refused, in every shape tried.
    const [awsKey, awsSecret] = secretsIn(stores[AWS] as Map<string, Credentials>) as [
      string,
      string,
    ];
    const attempts = [
      { ...(service.monitor as object), secretAccessKey: awsSecret },
      { ...(service.monitor as object), accessKeyId: awsKey },
      {
        ...(service.monitor as object),
        credentials: { accessKeyId: awsKey, secretAccessKey: awsSecret },
      },
      { ...(service.monitor as object), namespace: awsKey },
    ];
    for (const [index, monitor] of attempts.entries()) {
      await expect(
        submit(
          aws,
          'services:Register',
          JSON.stringify({ ...service, key: `leaky-${index}`, monitor }),
        ),
      ).rejects.toThrow('INVALID_ARGUMENT');
    }

    await submit(issuer, 'tokens:Mint', accountOf(alice), '50000');
    await submit(alice, 'tokens:Collect');
    await submit(
      aws,
      'offers:Create',
      JSON.stringify({
        offerId: 'o',
        model: 'fixed',
        price: '10000',
        maxPeriodSeconds: 2 * HOUR,
        services: ['jitsi-eu-1'],
      }),
    );
    await submit(alice, 'agreements:Accept', 'o', '1', 'a-1');
    net.setTime(T0 + 5 * MINUTE);
    await submit(
      aws,
      'agreements:StartSession',
      'a-1',
      's-1',
      JSON.stringify({ cluster: 'eu-1', region: 'eu-west-1' }),
    );
    net.setTime(T0 + HOUR);
    await submit(aws, 'agreements:StopSession', 'a-1', 's-1');
    await submit(alice, 'services:Update', 'jitsi-eu-1', String(T0), String(T0 + 40 * MINUTE));
    net.setTime(T0 + 2 * HOUR + 15 * MINUTE);
    await submit(
      aws,
      'services:UpdateMany',
      JSON.stringify([
        { serviceKey: 'jitsi-eu-1', windowStart: T0 + 40 * MINUTE, windowEnd: T0 + 2 * HOUR },
      ]),
    );
    await submit(aws, 'agreements:SettleDue', '10');

    // The credentials were used: each organisation signed with its own secret.
    expect(oracles.get(CONSUMER)?.signatures.length).toBeGreaterThan(0);
    expect(oracles.get(AWS)?.signatures.length).toBeGreaterThan(0);
    const settled = JSON.parse(
      (await channel.evaluate(alice, 'agreements:Get', ['a-1'])).toString(),
    ) as { status: string };
    expect(settled.status).toBe('settled');

    const ledger = channel.ledger;
    const haystacks: Array<[string, string]> = [];
    for (const entry of await ledger.entries()) {
      haystacks.push(
        [`state key`, entry.key],
        [`state ${JSON.stringify(entry.key)}`, entry.value.toString('latin1')],
      );
      for (const version of await ledger.history(entry.key)) {
        haystacks.push([
          `history of ${JSON.stringify(entry.key)}`,
          version.value.toString('latin1'),
        ]);
      }
    }
    for (const event of await ledger.events()) {
      haystacks.push([`event ${event.name}`, event.payload.toString('latin1')]);
    }
    for (const tx of await ledger.transactions()) {
      haystacks.push(
        [`arguments of ${tx.functionName}`, tx.args.join('\n')],
        [`response of ${tx.functionName}`, tx.response.payload.toString('latin1')],
        [`block envelope of ${tx.functionName}`, tx.envelope.toString('latin1')],
      );
    }
    expect((await ledger.transactions()).length).toBeGreaterThanOrEqual(10);

    const needles = Object.values(stores).flatMap(secretsIn).flatMap(encodings);
    const leaks = (places: Array<[string, string]>): string[] =>
      places.flatMap(([where, text]) =>
        needles.filter((needle) => text.includes(needle)).map(() => where),
      );
    expect(leaks([['control', `{"k":"${Buffer.from(awsSecret).toString('base64')}"}`]])).toEqual([
      'control',
    ]);
    expect(leaks(haystacks)).toEqual([]);
  });
});
