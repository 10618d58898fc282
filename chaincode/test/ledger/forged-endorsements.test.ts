import { cloudWatchService } from '../fixtures/services';
import type { Identity } from '@sla-ledger/embedded-network';
import { EndorsementMismatchError } from '@sla-ledger/embedded-network';
import { accept, fund, monitorOf, registerService, worldState } from '../support/scenario';
import {
  AWS,
  AZURE,
  CONSUMER,
  T0,
  accountOf,
  slaNetwork,
  type People,
  type SlaNetwork,
} from '../support/sla-network';

/**
 * channel-market (ConsumerOrg, AwsOrg, AzureOrg) runs on a majority policy,
 * so two organisations satisfy it. Each record is guarded by its own
 * parties: a transaction endorsed by a majority that leaves out one of them
 * is ordered, and invalidated at commit.
 */

const MINUTE = 60;
const HOUR = 3600;
const service = cloudWatchService();
const placement = JSON.stringify({ cluster: 'eu-1', region: 'eu-west-1' });

async function market(): Promise<SlaNetwork> {
  const net = await slaNetwork({
    orgs: [CONSUMER, AWS, AZURE],
    policy: 'majority',
    channelId: 'channel-market',
  });
  const { aws, azure, alice } = net.people;
  await registerService(net, aws, service);
  await registerService(net, aws, cloudWatchService({ key: 'spare' }));
  // ConsumerOrg's monitor sees the instance fail 10:05–10:17; the others' see nothing wrong.
  for (const [org, oracle] of net.oracles) {
    oracle.fill(monitorOf(service), T0, T0 + 6 * HOUR, MINUTE, (t) =>
      org === CONSUMER && t >= T0 + 5 * MINUTE && t < T0 + 17 * MINUTE ? 1 : 0,
    );
  }
  await fund(net, alice, 10_000n);
  await net.submit(net.people.issuer, 'tokens:Mint', accountOf(alice), '5');
  const base = { model: 'fixed', price: '100', maxPeriodSeconds: HOUR };
  await net.submit(
    aws,
    'offers:Create',
    JSON.stringify({ ...base, offerId: 'solo', services: [service.key] }),
  );
  await net.submit(
    aws,
    'offers:Create',
    JSON.stringify({
      ...base,
      offerId: 'fed',
      providers: [
        { mspId: AWS, shareBp: 5000 },
        { mspId: AZURE, shareBp: 5000 },
      ],
    }),
  );
  await net.submit(azure, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 5000 }));
  await accept(net, alice, 'solo', 'a-1');
  await accept(net, alice, 'fed', 'a-fed');
  await net.submit(aws, 'agreements:StartSession', 'a-1', 's-1', placement);
  await net.submit(
    aws,
    'governance:Propose',
    JSON.stringify({ proposalId: 'p', offerId: 'fed', change: { type: 'withdraw' } }),
  );
  await net.submit(aws, 'governance:Vote', 'p', 'true');
  net.setTime(T0 + 2 * HOUR);
  return net;
}

interface Forgery {
  fn: string;
  who: (people: People) => Identity;
  args: string[];
  /** A majority of the channel that leaves out a party of what the transaction writes. */
  endorsers: string[];
  /** Runs (honestly) before the forgery. */
  setup?: (net: SlaNetwork) => Promise<void>;
}

const forgeries: Forgery[] = [
  {
    fn: 'services:Register',
    who: (p) => p.aws,
    args: [JSON.stringify(cloudWatchService({ key: 'new' }))],
    endorsers: [AWS, AZURE],
  },
  {
    fn: 'services:Update',
    who: (p) => p.aws,
    args: [service.key as string, String(T0), String(T0 + HOUR)],
    endorsers: [AWS, AZURE],
  },
  {
    fn: 'services:UpdateMany',
    who: (p) => p.aws,
    args: [JSON.stringify([{ serviceKey: service.key, windowStart: T0, windowEnd: T0 + HOUR }])],
    endorsers: [AWS, AZURE],
  },
  { fn: 'services:Deactivate', who: (p) => p.aws, args: ['spare'], endorsers: [AWS, AZURE] },
  {
    fn: 'tokens:Mint',
    who: (p) => p.issuer,
    args: [`${AWS}::/C=US/O=awsorg.example.com/OU=client/CN=aws-ops`, '1000000'],
    endorsers: [CONSUMER, AZURE],
  },
  {
    fn: 'tokens:Transfer',
    who: (p) => p.alice,
    args: [`${AZURE}::/C=US/O=azureorg.example.com/OU=client/CN=azure-ops`, '10'],
    endorsers: [AWS, AZURE],
  },
  { fn: 'tokens:Collect', who: (p) => p.alice, args: [], endorsers: [AWS, AZURE] },
  {
    fn: 'offers:Create',
    who: (p) => p.aws,
    args: [JSON.stringify({ offerId: 'new', model: 'fixed', price: '1', maxPeriodSeconds: HOUR })],
    endorsers: [CONSUMER, AZURE],
  },
  {
    fn: 'offers:Approve',
    who: (p) => p.azure,
    args: ['fed', JSON.stringify({ shareBp: 5000 })],
    endorsers: [CONSUMER, AZURE],
  },
  { fn: 'offers:Withdraw', who: (p) => p.aws, args: ['solo'], endorsers: [CONSUMER, AZURE] },
  {
    fn: 'agreements:Accept',
    who: (p) => p.alice,
    args: ['solo', '1', 'a-new'],
    endorsers: [CONSUMER, AZURE],
  },
  {
    fn: 'agreements:StartSession',
    who: (p) => p.aws,
    args: ['a-fed', 's-1', placement],
    endorsers: [CONSUMER, AWS],
    setup: async (net) => net.setTime(T0 + 30 * MINUTE),
  },
  {
    fn: 'agreements:StopSession',
    who: (p) => p.aws,
    args: ['a-1', 's-1'],
    endorsers: [AWS, AZURE],
  },
  {
    fn: 'agreements:Stop',
    who: (p) => p.alice,
    args: ['a-fed'],
    endorsers: [CONSUMER, AWS],
    setup: async (net) => net.setTime(T0 + 30 * MINUTE),
  },
  { fn: 'agreements:Settle', who: (p) => p.alice, args: ['a-fed'], endorsers: [CONSUMER, AWS] },
  { fn: 'agreements:SettleDue', who: (p) => p.alice, args: ['10'], endorsers: [CONSUMER, AWS] },
  {
    fn: 'agreements:Resolve',
    who: (p) => p.alice,
    args: ['a-1', '0'],
    endorsers: [CONSUMER, AZURE],
    setup: async (net) => {
      net.setTime(T0 + 4 * HOUR); // a-1 was never measured: settling it opens a dispute
      await net.submit(net.people.aws, 'agreements:Settle', 'a-1');
    },
  },
  {
    fn: 'governance:Propose',
    who: (p) => p.aws,
    args: [JSON.stringify({ proposalId: 'q', offerId: 'fed', change: { type: 'withdraw' } })],
    endorsers: [CONSUMER, AWS],
  },
  { fn: 'governance:Vote', who: (p) => p.azure, args: ['p', 'true'], endorsers: [CONSUMER, AZURE] },
  {
    fn: 'governance:Decide',
    who: (p) => p.azure,
    args: ['p'],
    endorsers: [CONSUMER, AZURE],
    setup: async (net) => {
      await net.submit(net.people.azure, 'governance:Vote', 'p', 'true');
    },
  },
];

/** Writes that create a channel's first records, under the channel's policy by design. */
const bootstrap = ['tokens:Init', 'governance:Join'];

describe('a majority that leaves out a party', () => {
  it('has a forgery attempt for every transaction that writes', async () => {
    const net = await slaNetwork({ init: false });
    const metadata = await net.evaluate<{
      contracts: Record<string, { transactions: Array<{ name: string; tag?: string[] }> }>;
    }>(net.people.alice, 'org.hyperledger.fabric:GetMetadata');
    const writes = Object.entries(metadata.contracts).flatMap(([contract, { transactions }]) =>
      transactions.filter((tx) => tx.tag?.includes('SUBMIT')).map((tx) => `${contract}:${tx.name}`),
    );
    expect([...new Set(forgeries.map((f) => f.fn)), ...bootstrap].sort()).toEqual(writes.sort());
  });

  it.each(forgeries)('cannot commit $fn: invalidated, nothing written', async (forgery) => {
    const net = await market();
    await forgery.setup?.(net);
    const before = await worldState(net);
    const prepared = await net.channel.prepare(forgery.who(net.people), forgery.fn, forgery.args, {
      endorsingOrgs: forgery.endorsers,
    });
    const [record] = await net.channel.commit(prepared);
    expect(record?.validationCode).toBe('ENDORSEMENT_POLICY_FAILURE');
    expect(await worldState(net)).toEqual(before);
  });

  it("cannot report a service fully available that its consumer's monitor sees down", async () => {
    const net = await market();
    const window = [service.key as string, String(T0), String(T0 + HOUR)];
    const forged = await net.channel.prepare(net.people.aws, 'services:Update', window, {
      endorsingOrgs: [AWS, AZURE],
    });
    expect(JSON.parse(forged.payload.toString())).toMatchObject({ available: 60 });
    expect((await net.channel.commit(forged))[0]?.validationCode).toBe(
      'ENDORSEMENT_POLICY_FAILURE',
    );
    // With the consumer's peer, the two readings disagree and nothing is endorsed at all.
    await expect(
      net.channel.prepare(net.people.aws, 'services:Update', window, {
        endorsingOrgs: [AWS, CONSUMER],
      }),
    ).rejects.toThrow(EndorsementMismatchError);
  });
});

describe('on a channel of two, a balance', () => {
  it("cannot be raised by its owner's peer alone", async () => {
    const net = await slaNetwork();
    await net.submit(net.people.issuer, 'tokens:Mint', accountOf(net.people.alice), '5');
    for (const [who, fn, args] of [
      [net.people.alice, 'tokens:Collect', []],
      [net.people.issuer, 'tokens:Mint', [accountOf(net.people.alice), '1000']],
    ] as const) {
      const prepared = await net.channel.prepare(who, fn, [...args], { endorsingOrgs: [CONSUMER] });
      expect((await net.channel.commit(prepared))[0]?.validationCode).toBe(
        'ENDORSEMENT_POLICY_FAILURE',
      );
    }
  });
});
