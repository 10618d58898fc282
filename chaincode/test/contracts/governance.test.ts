import { cloudWatchService } from '../fixtures/services';
import { fund, accept } from '../support/scenario';
import { expectRejected } from '../support/expectations';
import { createIdentity } from '@sla-ledger/embedded-network';
import { AWS, AZURE, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';

const GCP = 'GcpOrgMSP';
const DAY = 86_400;
const gcp = createIdentity({ mspId: GCP, commonName: 'gcp-ops' });

/** channel-market with offer "fed" of AwsOrg and AzureOrg (5000 bp each), both approved. */
async function federated(): Promise<SlaNetwork> {
  const net = await slaNetwork({
    orgs: [CONSUMER, AWS, AZURE, GCP],
    policy: 'majority',
    channelId: 'channel-market',
  });
  const providers = [
    { mspId: AWS, shareBp: 5000 },
    { mspId: AZURE, shareBp: 5000 },
  ];
  await net.submit(
    net.people.aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'fed',
      model: 'fixed',
      price: '1000',
      maxPeriodSeconds: DAY,
      providers,
    }),
  );
  await net.submit(net.people.azure, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 5000 }));
  return net;
}

/** Adds offer "trio" of AwsOrg 4000, AzureOrg 3000 and GcpOrg 3000, all approved. */
async function withTrio(net: SlaNetwork): Promise<void> {
  const providers = [
    { mspId: AWS, shareBp: 4000 },
    { mspId: AZURE, shareBp: 3000 },
    { mspId: GCP, shareBp: 3000 },
  ];
  await net.submit(
    net.people.aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'trio',
      model: 'fixed',
      price: '900',
      maxPeriodSeconds: DAY,
      providers,
    }),
  );
  await net.submit(net.people.azure, 'offers:Approve', 'trio', JSON.stringify({ shareBp: 3000 }));
  await net.submit(gcp, 'offers:Approve', 'trio', JSON.stringify({ shareBp: 3000 }));
}

const propose = (
  net: SlaNetwork,
  proposal: Record<string, unknown>,
  offerId = 'fed',
): Promise<Record<string, unknown>> =>
  net.submit(net.people.aws, 'governance:Propose', JSON.stringify({ offerId, ...proposal }));

const shares = (...entries: Array<[string, number]>): Array<{ mspId: string; shareBp: number }> =>
  entries.map(([mspId, shareBp]) => ({ mspId, shareBp }));

describe('governance:Propose', () => {
  it('lets a provider of the offer propose, with a ballot for each of its providers', async () => {
    const net = await federated();
    const proposal = await propose(net, {
      proposalId: 'p-1',
      change: {
        type: 'change-price',
        price: { model: 'fixed', price: '1200', maxPeriodSeconds: DAY },
      },
    });
    expect(proposal).toMatchObject({
      voters: [AWS, AZURE],
      threshold: 'majority',
      status: 'open',
      deadline: T0 + 7 * DAY,
      offerVersion: 2,
    });
    await expect(net.evaluate(net.people.azure, 'governance:Get', 'p-1')).resolves.toMatchObject({
      ballots: [
        { proposalId: 'p-1', voter: AWS },
        { proposalId: 'p-1', voter: AZURE },
      ],
    });
  });

  it('refuses anyone else, voters who are not providers, and changes that do not fit the offer', async () => {
    const net = await federated();
    const change = { type: 'change-shares', shares: shares([AWS, 7000], [AZURE, 3000]) };
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.alice,
          'governance:Propose',
          JSON.stringify({ proposalId: 'p', offerId: 'fed', change }),
        ),
      'FORBIDDEN: ConsumerOrgMSP may not propose changes to offer fed',
    );
    await expectRejected(
      net,
      () => propose(net, { proposalId: 'p', change, voters: [AWS] }),
      'INVALID_ARGUMENT: proposal.voters is not a known field',
    );
    await expectRejected(
      net,
      () =>
        propose(net, {
          proposalId: 'p',
          change: { type: 'change-shares', shares: shares([AWS, 10000]) },
        }),
      'the shares must name exactly the providers AwsOrgMSP, AzureOrgMSP',
    );
    await expectRejected(
      net,
      () =>
        propose(net, {
          proposalId: 'p',
          change: {
            type: 'change-price',
            price: { model: 'dynamic', price: '1', maxPeriodSeconds: DAY },
          },
        }),
      'cannot change to dynamic',
    );
    await expectRejected(
      net,
      () =>
        propose(net, {
          proposalId: 'p',
          change: { type: 'withdraw' },
          deadline: '2026-11-25T09:00:00Z',
        }),
      'proposal.deadline must lie in the future',
    );
    await expectRejected(
      net,
      () => propose(net, { proposalId: 'p', change: { type: 'sell' } }),
      'proposal.change.type must be one of',
    );
  });
});

const decide = (net: SlaNetwork, proposalId: string): Promise<Record<string, unknown>> =>
  net.submit(net.people.aws, 'governance:Decide', proposalId);

describe('governance:Vote and governance:Decide', () => {
  it('applies a change once the ballots reach the threshold, for later acceptances only', async () => {
    const net = await federated();
    await fund(net, net.people.alice, 5000n);
    await accept(net, net.people.alice, 'fed', 'before');
    await propose(net, {
      proposalId: 'p-1',
      change: {
        type: 'change-price',
        price: { model: 'fixed', price: '1200', maxPeriodSeconds: DAY },
      },
    });
    await expect(
      net.submit(net.people.aws, 'governance:Vote', 'p-1', 'true'),
    ).resolves.toMatchObject({ voter: AWS, approve: true, votedAt: T0 });
    await expectRejected(
      net,
      () => decide(net, 'p-1'),
      'proposal p-1 is still open: 1 of 2 voters approve, 2 needed',
    );
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      price: { price: '1000' },
    });
    await net.submit(net.people.azure, 'governance:Vote', 'p-1', 'true');
    await expect(decide(net, 'p-1')).resolves.toMatchObject({
      status: 'passed',
      decidedAt: T0,
      ballots: [
        { voter: AWS, approve: true },
        { voter: AZURE, approve: true },
      ],
    });
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      price: { price: '1200' },
      acceptable: true,
    });
    await expect(accept(net, net.people.alice, 'fed', 'after')).resolves.toMatchObject({
      deposit: '1200',
    });
    await expect(net.evaluate(net.people.alice, 'agreements:Get', 'before')).resolves.toMatchObject(
      { deposit: '1000' },
    );
  });

  it('admits a provider; whoever gets a new share approves again before the offer is acceptable', async () => {
    const net = await federated();
    const next = shares([AWS, 4000], [AZURE, 4000], [GCP, 2000]);
    await propose(net, {
      proposalId: 'admit',
      change: { type: 'admit-provider', provider: GCP, shares: next },
      threshold: 'unanimity',
    });
    await net.submit(net.people.aws, 'governance:Vote', 'admit', 'true');
    await net.submit(net.people.azure, 'governance:Vote', 'admit', 'true');
    await decide(net, 'admit');
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      acceptable: false,
      awaitingApproval: [AWS, AZURE, GCP],
    });
    await net.submit(gcp, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 2000 }));
    await net.submit(net.people.aws, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 4000 }));
    await net.submit(net.people.azure, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 4000 }));
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      acceptable: true,
    });
  });

  it('keeps the approval of a provider whose share does not change', async () => {
    const net = await federated();
    await withTrio(net);
    await propose(
      net,
      {
        proposalId: 's',
        change: { type: 'change-shares', shares: shares([AWS, 3000], [AZURE, 4000], [GCP, 3000]) },
      },
      'trio',
    );
    await net.submit(net.people.aws, 'governance:Vote', 's', 'true');
    await net.submit(gcp, 'governance:Vote', 's', 'true');
    await decide(net, 's');
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'trio')).toMatchObject({
      awaitingApproval: [AWS, AZURE],
    });
  });

  it('rejects as soon as the threshold cannot be reached and ignores later votes', async () => {
    const net = await federated();
    await propose(net, { proposalId: 'w', change: { type: 'withdraw' }, threshold: 'unanimity' });
    await net.submit(net.people.azure, 'governance:Vote', 'w', 'false');
    await expect(decide(net, 'w')).resolves.toMatchObject({ status: 'rejected' });
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'governance:Vote', 'w', 'true'),
      'proposal w is already decided: rejected',
    );
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      status: 'open',
    });
  });

  it('withdraws a shared offer by majority', async () => {
    const net = await federated();
    await withTrio(net);
    await propose(net, { proposalId: 'w', change: { type: 'withdraw' } }, 'trio');
    await net.submit(net.people.aws, 'governance:Vote', 'w', 'true');
    await net.submit(gcp, 'governance:Vote', 'w', 'true');
    await expect(decide(net, 'w')).resolves.toMatchObject({ status: 'passed' });
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'trio')).toMatchObject({
      status: 'withdrawn',
    });
  });

  it('gives each provider one vote and nobody else any', async () => {
    const net = await federated();
    await withTrio(net);
    await propose(net, { proposalId: 'p', change: { type: 'withdraw' } }, 'trio');
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'governance:Vote', 'p', 'true'),
      'FORBIDDEN: ConsumerOrgMSP may not vote on proposal p',
    );
    await net.submit(net.people.aws, 'governance:Vote', 'p', 'true');
    const colleague = createIdentity({ mspId: AWS, commonName: 'another-aws-user' });
    await expectRejected(
      net,
      () => net.submit(colleague, 'governance:Vote', 'p', 'false'),
      'AwsOrgMSP has already voted on proposal p',
    );
    await expectRejected(
      net,
      () => net.submit(gcp, 'governance:Vote', 'p', 'maybe'),
      'INVALID_ARGUMENT: approve must be "true" or "false"',
    );
  });

  it('closes voting at the deadline; the proposal then reads as expired', async () => {
    const net = await federated();
    await propose(net, {
      proposalId: 'p',
      change: { type: 'withdraw' },
      deadline: '2026-11-26T10:00:00Z',
    });
    net.setTime(T0 + DAY);
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'governance:Vote', 'p', 'true'),
      'voting on proposal p closed at 2026-11-26T10:00:00Z',
    );
    await expect(net.evaluate(net.people.azure, 'governance:Get', 'p')).resolves.toMatchObject({
      status: 'expired',
    });
    await expect(decide(net, 'p')).resolves.toMatchObject({
      status: 'expired',
      decidedAt: T0 + DAY,
    });
    await expect(net.evaluate(net.people.alice, 'governance:Get', 'p')).rejects.toThrow(
      'FORBIDDEN: ConsumerOrgMSP may not read proposal p',
    );
  });

  it('fails a passed proposal made on an offer version that has since changed', async () => {
    const net = await federated();
    await propose(net, {
      proposalId: 'shares',
      change: { type: 'change-shares', shares: shares([AWS, 6000], [AZURE, 4000]) },
    });
    await propose(net, {
      proposalId: 'admit',
      change: {
        type: 'admit-provider',
        provider: GCP,
        shares: shares([AWS, 3000], [AZURE, 3000], [GCP, 4000]),
      },
    });
    await net.submit(net.people.aws, 'governance:Vote', 'admit', 'true');
    await net.submit(net.people.azure, 'governance:Vote', 'admit', 'true');
    await decide(net, 'admit');
    await net.submit(net.people.aws, 'governance:Vote', 'shares', 'true');
    await net.submit(net.people.azure, 'governance:Vote', 'shares', 'true');
    await expect(decide(net, 'shares')).resolves.toMatchObject({
      status: 'failed',
      failure: 'offer fed changed since the proposal (version 2, now 3)',
    });
  });

  it('counts organisations named like properties of plain objects as ordinary voters', async () => {
    const odd = ['constructor', 'toString'];
    const net = await slaNetwork({
      orgs: [CONSUMER, ...odd],
      policy: 'majority',
      channelId: 'channel-market',
    });
    const [first, second] = odd.map((mspId) => createIdentity({ mspId, commonName: 'ops' }));
    await net.submit(
      first!,
      'offers:Create',
      JSON.stringify({
        offerId: 'odd',
        model: 'fixed',
        price: '10',
        maxPeriodSeconds: DAY,
        providers: shares(['constructor', 5000], ['toString', 5000]),
      }),
    );
    await net.submit(second!, 'offers:Approve', 'odd', JSON.stringify({ shareBp: 5000 }));
    await net.submit(
      first!,
      'governance:Propose',
      JSON.stringify({ proposalId: 'w', offerId: 'odd', change: { type: 'withdraw' } }),
    );
    await net.submit(first!, 'governance:Vote', 'w', 'true');
    await expect(net.submit(second!, 'governance:Decide', 'w')).rejects.toThrow(
      'still open: 1 of 2 voters approve',
    );
    await net.submit(second!, 'governance:Vote', 'w', 'true');
    await expect(net.submit(second!, 'governance:Decide', 'w')).resolves.toMatchObject({
      status: 'passed',
    });
  });
});

describe('governance:Join', () => {
  it('makes a member added to the channel after Init a member of the ledger, by an administrator', async () => {
    const net = await slaNetwork({
      orgs: [CONSUMER, AWS, AZURE],
      policy: 'majority',
      channelId: 'channel-market',
      lateMembers: [AZURE],
    });
    const westEurope = cloudWatchService({ key: 'jitsi-we-1', providerOrg: AZURE });
    await expectRejected(
      net,
      () => net.submit(net.people.azure, 'services:Register', JSON.stringify(westEurope)),
      'INVALID_ARGUMENT: service.providerOrg names AzureOrgMSP, not a member of channel channel-market',
    );
    net.admit(AZURE);
    await expectRejected(
      net,
      () => net.submit(net.people.azure, 'services:Register', JSON.stringify(westEurope)),
      "FAILED_PRECONDITION: AzureOrgMSP has not joined this channel's ledger yet",
    );
    const admin = createIdentity({ mspId: AZURE, commonName: 'admin', nodeOu: 'admin' });
    await expect(net.submit(admin, 'governance:Join')).resolves.toMatchObject({
      mspId: AZURE,
      joinedAt: T0,
    });
    await expectRejected(
      net,
      () => net.submit(admin, 'governance:Join'),
      'ALREADY_EXISTS: member of the ledger AzureOrgMSP',
    );
    await expect(
      net.submit(net.people.azure, 'services:Register', JSON.stringify(westEurope)),
    ).resolves.toMatchObject({ key: 'jitsi-we-1' });
  });
});
