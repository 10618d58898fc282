import { cloudWatchService } from '../fixtures/services';
import { createIdentity, type Identity } from '@sla-ledger/embedded-network';
import { fund, registerService, accept } from '../support/scenario';
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
 * Every transaction, with a caller who may and one who may not. The world:
 * channel with ConsumerOrg, AwsOrg and AzureOrg; AzureOrg takes no part in
 * the bilateral service, offer and agreements, and shares the offer "fed".
 */

const HOUR = 3600;
const peerNode = createIdentity({ mspId: CONSUMER, commonName: 'peer0', nodeOu: 'peer' });
const placement = JSON.stringify({ cluster: 'eu-1', region: 'eu-west-1' });

async function world(): Promise<SlaNetwork> {
  const net = await slaNetwork({ orgs: [CONSUMER, AWS, AZURE], channelId: 'channel-market' });
  const { aws, alice, bob } = net.people;
  await registerService(net, aws);
  await registerService(net, aws, cloudWatchService({ key: 'idle' }));
  await fund(net, alice, 10_000n);
  await fund(net, bob, 10_000n);
  await net.submit(
    aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'offer',
      model: 'fixed',
      price: '100',
      maxPeriodSeconds: 2 * HOUR,
      services: ['jitsi-eu-1'],
    }),
  );
  await net.submit(
    aws,
    'offers:Create',
    JSON.stringify({ offerId: 'plain', model: 'fixed', price: '100', maxPeriodSeconds: 2 * HOUR }),
  );
  await net.submit(
    aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'fed',
      model: 'fixed',
      price: '100',
      maxPeriodSeconds: 2 * HOUR,
      providers: [
        { mspId: AWS, shareBp: 5000 },
        { mspId: AZURE, shareBp: 5000 },
      ],
    }),
  );
  await accept(net, alice, 'offer', 'a-1');
  await accept(net, alice, 'plain', 'a-plain');
  await net.submit(alice, 'agreements:Stop', 'a-plain');
  await net.submit(net.people.issuer, 'tokens:Mint', accountOf(alice), '1');
  await net.submit(aws, 'agreements:StartSession', 'a-1', 's-1', placement);
  await net.submit(
    aws,
    'governance:Propose',
    JSON.stringify({ proposalId: 'p-1', offerId: 'fed', change: { type: 'withdraw' } }),
  );
  net.setTime(T0 + HOUR);
  return net;
}

interface Case {
  fn: string;
  args: (net: SlaNetwork) => string[];
  may: (people: People) => Identity;
  mayNot: (people: People) => Identity;
  refusal: string;
  /** Runs on a ledger without tokens:Init. */
  uninitialised?: boolean;
  /** Brings the world to where the call makes sense. */
  setup?: (net: SlaNetwork) => Promise<void>;
  /** A world of its own instead of the shared one. */
  network?: () => Promise<SlaNetwork>;
}

const azureAdmin = createIdentity({ mspId: AZURE, commonName: 'admin', nodeOu: 'admin' });

const peerRefusal = 'FORBIDDEN: peer identities may not call sla-ledger transactions';
const window = [String(T0), String(T0 + 10 * 60)];

const cases: Case[] = [
  {
    fn: 'services:Register',
    args: () => [JSON.stringify(cloudWatchService({ key: 'new' }))],
    may: (p) => p.alice,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not register service new',
  },
  {
    fn: 'services:Get',
    args: () => ['jitsi-eu-1'],
    may: (p) => p.alice,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not read service',
  },
  {
    fn: 'services:List',
    args: () => ['10', ''],
    may: (p) => p.azure,
    mayNot: () => peerNode,
    refusal: peerRefusal,
  },
  {
    fn: 'services:Measurements',
    args: () => ['jitsi-eu-1', '10', ''],
    may: (p) => p.aws,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not read service',
  },
  {
    fn: 'services:Update',
    args: () => ['jitsi-eu-1', ...window],
    may: (p) => p.aws,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not measure service',
  },
  {
    fn: 'services:UpdateMany',
    args: () => [
      JSON.stringify([{ serviceKey: 'jitsi-eu-1', windowStart: window[0], windowEnd: window[1] }]),
    ],
    may: (p) => p.alice,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not measure service',
  },
  {
    fn: 'services:Deactivate',
    args: () => ['idle'],
    may: (p) => p.aws,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not deactivate service idle',
  },
  {
    fn: 'tokens:Init',
    args: () => [JSON.stringify({ issuerMsps: [CONSUMER] })],
    may: (p) => p.consumerAdmin,
    mayNot: (p) => p.alice,
    refusal: 'FORBIDDEN: only an administrator of ConsumerOrgMSP may initialise the tokens',
    uninitialised: true,
  },
  {
    fn: 'tokens:Mint',
    args: (net) => [accountOf(net.people.bob), '5'],
    may: (p) => p.issuer,
    mayNot: (p) => p.alice,
    refusal: 'is not an issuer',
  },
  {
    fn: 'tokens:Transfer',
    args: (net) => [accountOf(net.people.bob), '5'],
    may: (p) => p.alice,
    mayNot: () => peerNode,
    refusal: peerRefusal,
  },
  {
    fn: 'tokens:Collect',
    args: () => [],
    may: (p) => p.alice,
    mayNot: () => peerNode,
    refusal: peerRefusal,
  },
  {
    fn: 'tokens:Balance',
    args: (net) => [accountOf(net.people.alice)],
    may: (p) => p.bob,
    mayNot: (p) => p.aws,
    refusal: 'FORBIDDEN: AwsOrgMSP may not read the balance',
  },
  {
    fn: 'tokens:MyAccount',
    args: () => [],
    may: (p) => p.aws,
    mayNot: () => peerNode,
    refusal: peerRefusal,
  },
  {
    fn: 'offers:Create',
    args: () => [
      JSON.stringify({
        offerId: 'new',
        model: 'fixed',
        price: '1',
        maxPeriodSeconds: HOUR,
        providers: [{ mspId: AWS, shareBp: 10000 }],
      }),
    ],
    may: (p) => p.aws,
    mayNot: (p) => p.alice,
    refusal: 'FORBIDDEN: ConsumerOrgMSP may not create offer new',
  },
  {
    fn: 'offers:Approve',
    args: () => ['fed', JSON.stringify({ shareBp: 5000 })],
    may: (p) => p.azure,
    mayNot: (p) => p.alice,
    refusal: 'FORBIDDEN: ConsumerOrgMSP may not approve offer fed',
  },
  {
    fn: 'offers:Withdraw',
    args: () => ['plain'],
    may: (p) => p.aws,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not withdraw offer plain',
  },
  {
    fn: 'offers:Get',
    args: () => ['offer'],
    may: (p) => p.alice,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: offer offer is not open to AzureOrgMSP',
  },
  {
    fn: 'offers:List',
    args: () => ['10', ''],
    may: (p) => p.azure,
    mayNot: () => peerNode,
    refusal: peerRefusal,
  },
  {
    fn: 'agreements:Accept',
    args: () => ['offer', '1', 'a-new'],
    may: (p) => p.bob,
    mayNot: (p) => p.aws,
    refusal: 'FORBIDDEN: AwsOrgMSP provides offer offer and cannot accept it',
  },
  {
    fn: 'agreements:StartSession',
    args: () => ['a-1', 's-2', placement],
    may: (p) => p.alice,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not start a session of agreement a-1',
  },
  {
    fn: 'agreements:StopSession',
    args: () => ['a-1', 's-1'],
    may: (p) => p.alice,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not stop a session of agreement a-1',
  },
  {
    fn: 'agreements:Stop',
    args: () => ['a-1'],
    may: (p) => p.alice,
    mayNot: (p) => p.bob,
    refusal:
      'FORBIDDEN: only the identity that accepted agreement a-1 or an administrator of ConsumerOrgMSP may stop it',
  },
  {
    fn: 'agreements:Sessions',
    args: () => ['a-1', '10', ''],
    may: (p) => p.aws,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not read agreement a-1',
  },
  {
    fn: 'agreements:Settle',
    args: () => ['a-plain'],
    may: (p) => p.aws,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not settle agreement a-plain',
  },
  {
    fn: 'agreements:Resolve',
    args: () => ['a-1', '0'],
    may: (p) => p.alice,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not resolve agreement a-1; only its parties may',
    setup: async (net) => {
      net.setTime(T0 + 4 * HOUR); // a-1 was never measured: settling it opens a dispute
      await net.submit(net.people.alice, 'agreements:Settle', 'a-1');
    },
  },
  {
    fn: 'agreements:SettleDue',
    args: () => ['10'],
    may: (p) => p.aws,
    mayNot: () => peerNode,
    refusal: peerRefusal,
  },
  {
    fn: 'agreements:Get',
    args: () => ['a-1'],
    may: (p) => p.aws,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: AzureOrgMSP may not read agreement a-1',
  },
  {
    fn: 'agreements:List',
    args: () => ['{}', '10', ''],
    may: (p) => p.alice,
    mayNot: () => peerNode,
    refusal: peerRefusal,
  },
  {
    fn: 'governance:Propose',
    args: () => [
      JSON.stringify({ proposalId: 'p-2', offerId: 'fed', change: { type: 'withdraw' } }),
    ],
    may: (p) => p.azure,
    mayNot: (p) => p.alice,
    refusal: 'FORBIDDEN: ConsumerOrgMSP may not propose changes to offer fed',
  },
  {
    fn: 'governance:Vote',
    args: () => ['p-1', 'true'],
    may: (p) => p.azure,
    mayNot: (p) => p.alice,
    refusal: 'FORBIDDEN: ConsumerOrgMSP may not vote on proposal p-1',
  },
  {
    fn: 'governance:Decide',
    args: () => ['p-1'],
    may: (p) => p.azure,
    mayNot: (p) => p.alice,
    refusal: 'FORBIDDEN: ConsumerOrgMSP may not decide proposal p-1',
    setup: async (net) => {
      await net.submit(net.people.aws, 'governance:Vote', 'p-1', 'true');
      await net.submit(net.people.azure, 'governance:Vote', 'p-1', 'true');
    },
  },
  {
    fn: 'governance:Join',
    args: () => [],
    may: () => azureAdmin,
    mayNot: (p) => p.azure,
    refusal: 'FORBIDDEN: only an administrator of AzureOrgMSP may make it join the ledger',
    network: async () => {
      const net = await slaNetwork({ orgs: [CONSUMER, AWS, AZURE], lateMembers: [AZURE] });
      net.admit(AZURE);
      return net;
    },
  },
  {
    fn: 'governance:Get',
    args: () => ['p-1'],
    may: (p) => p.azure,
    mayNot: (p) => p.alice,
    refusal: 'FORBIDDEN: ConsumerOrgMSP may not read proposal p-1',
  },
];

describe('authorization', () => {
  let shared: SlaNetwork;
  beforeAll(async () => {
    shared = await world();
  });

  it('covers every transaction the contracts expose', async () => {
    const metadata = await shared.evaluate<{
      contracts: Record<string, { transactions: Array<{ name: string }> }>;
    }>(shared.people.alice, 'org.hyperledger.fabric:GetMetadata');
    const exposed = Object.entries(metadata.contracts)
      .filter(([name]) => name !== 'org.hyperledger.fabric')
      .flatMap(([name, contract]) => contract.transactions.map((tx) => `${name}:${tx.name}`));
    expect(cases.map((c) => c.fn).sort()).toEqual(exposed.sort());
  });

  describe.each(cases)('$fn', (c) => {
    it('refuses a caller who may not, changing nothing', async () => {
      const net = c.network
        ? await c.network()
        : c.uninitialised
          ? await slaNetwork({ init: false })
          : shared;
      const before = (await net.channel.ledger.entries()).map((e) => [
        e.key,
        e.value.toString('base64'),
      ]);
      await expect(net.channel.submit(c.mayNot(net.people), c.fn, c.args(net))).rejects.toThrow(
        c.refusal,
      );
      expect(
        (await net.channel.ledger.entries()).map((e) => [e.key, e.value.toString('base64')]),
      ).toEqual(before);
    });

    it('accepts a caller who may', async () => {
      const net = c.network
        ? await c.network()
        : c.uninitialised
          ? await slaNetwork({ init: false })
          : await world();
      await c.setup?.(net);
      await expect(net.channel.submit(c.may(net.people), c.fn, c.args(net))).resolves.toMatchObject(
        { txId: expect.any(String) },
      );
    });
  });
});
