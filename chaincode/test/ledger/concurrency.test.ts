import { shardOrder } from '../../src/domain/acceptance-shards';
import { cloudWatchService } from '../fixtures/services';
import {
  accept,
  balance,
  feedMinutes,
  fund,
  measureUntil,
  monitorOf,
  registerService,
} from '../support/scenario';
import { createIdentity } from '@sla-ledger/embedded-network';
import type { PreparedTransaction } from '@sla-ledger/embedded-network';
import {
  AWS,
  AZURE,
  CONSUMER,
  T0,
  accountOf,
  slaNetwork,
  type SlaNetwork,
} from '../support/sla-network';

const MINUTE = 60;
const HOUR = 3600;
const placement = JSON.stringify({ cluster: 'c', region: 'eu-west-1' });

/** Orders the transactions into one block and returns each one's validation code. */
async function oneBlock(net: SlaNetwork, ...txs: PreparedTransaction[]): Promise<string[]> {
  return (await net.channel.commit(...txs)).map((record) => record.validationCode);
}

async function withOffer(offer: Record<string, unknown> = {}): Promise<SlaNetwork> {
  const net = await slaNetwork();
  await fund(net, net.people.alice, 10_000n);
  await fund(net, net.people.bob, 10_000n);
  await net.submit(
    net.people.aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'o',
      model: 'fixed',
      price: '100',
      maxPeriodSeconds: HOUR,
      ...offer,
    }),
  );
  return net;
}

describe('no hot keys', () => {
  it('commits unrelated transactions of one block all as valid, measuring included', async () => {
    const net = await slaNetwork();
    const service = cloudWatchService();
    await registerService(net, net.people.aws, service);
    feedMinutes(net, monitorOf(service), T0, T0 + 6 * HOUR, () => 0);
    await fund(net, net.people.alice, 10_000n);
    await fund(net, net.people.bob, 10_000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({
        offerId: 'o',
        model: 'fixed',
        price: '100',
        maxPeriodSeconds: HOUR,
        services: [service.key],
      }),
    );
    await accept(net, net.people.alice, 'o', 'a-1');
    net.setTime(T0 + HOUR + 15 * MINUTE);
    await measureUntil(net, net.people.aws, service.key as string, T0 + HOUR);

    const carol = createIdentity({ mspId: CONSUMER, commonName: 'carol' });
    const block = [
      await net.channel.prepare(net.people.alice, 'tokens:Transfer', [
        accountOf(net.people.aws),
        '5',
      ]),
      await net.channel.prepare(net.people.bob, 'agreements:Accept', ['o', '1', 'a-2']),
      await net.channel.prepare(net.people.aws, 'services:Update', [
        service.key as string,
        String(T0 + HOUR),
        String(T0 + HOUR + 5 * MINUTE),
      ]),
      await net.channel.prepare(net.people.aws, 'agreements:Settle', ['a-1']),
      await net.channel.prepare(net.people.issuer, 'tokens:Mint', [accountOf(carol), '7']),
      await net.channel.prepare(net.people.aws, 'services:Register', [
        JSON.stringify(cloudWatchService({ key: 'other' })),
      ]),
    ];
    expect(await oneBlock(net, ...block)).toEqual(block.map(() => 'VALID'));
    expect(await net.evaluate(net.people.alice, 'agreements:Get', 'a-1')).toMatchObject({
      status: 'settled',
    });
  });

  it('lets a refund and a debit of the same account commit in one block', async () => {
    const net = await withOffer();
    await accept(net, net.people.alice, 'o', 'a-1');
    net.setTime(T0 + 10 * MINUTE);
    await net.submit(net.people.alice, 'agreements:Stop', 'a-1');
    net.setTime(T0 + 2 * HOUR);
    // The settlement pays alice's refund while alice spends: neither reads what the other writes.
    const refund = await net.channel.prepare(net.people.aws, 'agreements:Settle', ['a-1']);
    const spend = await net.channel.prepare(net.people.alice, 'tokens:Transfer', [
      accountOf(net.people.bob),
      '9000',
    ]);
    expect(await oneBlock(net, refund, spend)).toEqual(['VALID', 'VALID']);
    expect(await balance(net, net.people.alice)).toBe(10_000n - 100n - 9000n);
  });

  it('lets payouts into a provider account commit beside the provider spending from it', async () => {
    const net = await withOffer();
    await fund(net, net.people.aws, 1000n);
    await accept(net, net.people.alice, 'o', 'a-1');
    await accept(net, net.people.bob, 'o', 'a-2');
    net.setTime(T0 + 2 * HOUR);
    const payouts = [
      await net.channel.prepare(net.people.aws, 'agreements:Settle', ['a-1']),
      await net.channel.prepare(net.people.alice, 'agreements:Settle', ['a-2']),
    ];
    const spend = await net.channel.prepare(net.people.aws, 'tokens:Transfer', [
      accountOf(net.people.alice),
      '1000',
    ]);
    expect(await oneBlock(net, ...payouts, spend)).toEqual(['VALID', 'VALID', 'VALID']);
    expect(await balance(net, net.people.aws)).toBe(200n);
  });

  it('lets two consumers accept one offer in one block', async () => {
    const net = await withOffer();
    const first = await net.channel.prepare(net.people.alice, 'agreements:Accept', [
      'o',
      '1',
      'a-1',
    ]);
    const second = await net.channel.prepare(net.people.bob, 'agreements:Accept', [
      'o',
      '1',
      'a-2',
    ]);
    expect(await oneBlock(net, first, second)).toEqual(['VALID', 'VALID']);
  });

  it('counts acceptances of a limited offer in shards that concurrent acceptances do not share', async () => {
    const net = await withOffer({ maxAcceptances: 10 });
    const ids = Array.from({ length: 40 }, (_, index) => `a-${index}`);
    const [one, other] = [
      ids[0] as string,
      ids.find((id) => shardOrder(id, 10)[0] !== shardOrder(ids[0] as string, 10)[0]) as string,
    ];
    const first = await net.channel.prepare(net.people.alice, 'agreements:Accept', ['o', '1', one]);
    const second = await net.channel.prepare(net.people.bob, 'agreements:Accept', [
      'o',
      '1',
      other,
    ]);
    expect(await oneBlock(net, first, second)).toEqual(['VALID', 'VALID']);
  });

  it('never lets concurrent acceptances pass the limit', async () => {
    const net = await withOffer({ maxAcceptances: 1 });
    const first = await net.channel.prepare(net.people.alice, 'agreements:Accept', [
      'o',
      '1',
      'a-1',
    ]);
    const second = await net.channel.prepare(net.people.bob, 'agreements:Accept', [
      'o',
      '1',
      'a-2',
    ]);
    // The first acceptance created the one shard's counter and its policy; Fabric refuses a later
    // write of the same block to a key whose validation parameter changed before checking versions.
    expect(await oneBlock(net, first, second)).toEqual(['VALID', 'ENDORSEMENT_POLICY_FAILURE']);
    await expect(accept(net, net.people.bob, 'o', 'a-3')).rejects.toThrow(
      'offer o was accepted 1 times, its limit',
    );
    expect(await balance(net, net.people.bob)).toBe(10_000n);
  });

  it('lets the providers of an offer vote in one block', async () => {
    const net = await slaNetwork({
      orgs: [CONSUMER, AWS, AZURE],
      policy: 'majority',
      channelId: 'channel-market',
    });
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({
        offerId: 'fed',
        model: 'fixed',
        price: '10',
        maxPeriodSeconds: HOUR,
        providers: [
          { mspId: AWS, shareBp: 5000 },
          { mspId: AZURE, shareBp: 5000 },
        ],
      }),
    );
    await net.submit(
      net.people.aws,
      'governance:Propose',
      JSON.stringify({ proposalId: 'p', offerId: 'fed', change: { type: 'withdraw' } }),
    );
    const votes = [
      await net.channel.prepare(net.people.aws, 'governance:Vote', ['p', 'true']),
      await net.channel.prepare(net.people.azure, 'governance:Vote', ['p', 'true']),
    ];
    expect(await oneBlock(net, ...votes)).toEqual(['VALID', 'VALID']);
    await expect(net.submit(net.people.azure, 'governance:Decide', 'p')).resolves.toMatchObject({
      status: 'passed',
    });
  });

  it('lets sessions of an agreement without limits start in one block', async () => {
    const net = await withOffer();
    await accept(net, net.people.alice, 'o', 'a-1');
    const starts = [
      await net.channel.prepare(net.people.aws, 'agreements:StartSession', [
        'a-1',
        's-1',
        placement,
      ]),
      await net.channel.prepare(net.people.aws, 'agreements:StartSession', [
        'a-1',
        's-2',
        placement,
      ]),
    ];
    expect(await oneBlock(net, ...starts)).toEqual(['VALID', 'VALID']);
  });
});

describe('settlement timing', () => {
  it('never counts periods as unmeasured before they could have been read, whatever the grace period', async () => {
    const net = await slaNetwork();
    const service = cloudWatchService();
    (service.sla as Record<string, unknown>).settleLagSeconds = 2 * HOUR;
    await registerService(net, net.people.aws, service);
    feedMinutes(net, monitorOf(service), T0, T0 + 6 * HOUR, () => 0);
    await fund(net, net.people.alice, 1000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({
        offerId: 'o',
        model: 'fixed',
        price: '100',
        maxPeriodSeconds: HOUR,
        services: [service.key],
        settlementGraceSeconds: 0,
      }),
    );
    await accept(net, net.people.alice, 'o', 'a-1');
    net.setTime(T0 + HOUR + 30 * MINUTE); // grace over, but the last period is readable only from 12:00
    await expect(net.submit(net.people.alice, 'agreements:Settle', 'a-1')).rejects.toThrow(
      'settlement waits for it until 2026-11-25T13:00:00Z, when periods still unmeasured are excluded',
    );
    net.setTime(T0 + 3 * HOUR);
    await measureUntil(net, net.people.aws, service.key as string, T0 + HOUR);
    const settled = await net.submit<{
      settlement: { services: Array<{ availabilityBp: number }>; credit: string };
    }>(net.people.alice, 'agreements:Settle', 'a-1');
    expect(settled.settlement).toMatchObject({
      credit: '0',
      services: [{ availabilityBp: 10000 }],
    });
  });

  it('lets the orchestrator record a session end after settlement', async () => {
    const net = await slaNetwork();
    await fund(net, net.people.alice, 1000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ offerId: 'o', model: 'fixed', price: '100', maxPeriodSeconds: HOUR }),
    );
    await accept(net, net.people.alice, 'o', 'a-1');
    await net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-1', placement);
    net.setTime(T0 + 2 * HOUR);
    await net.submit(net.people.aws, 'agreements:Settle', 'a-1');
    await expect(
      net.submit(net.people.aws, 'agreements:StopSession', 'a-1', 's-1'),
    ).resolves.toMatchObject({ stoppedAt: T0 + HOUR, stoppedBy: AWS });
  });
});
