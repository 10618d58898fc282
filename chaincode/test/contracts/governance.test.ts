import { fund } from '../support/scenario';
import { expectRejected } from '../support/expectations';
import { AWS, AZURE, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';
import { createIdentity } from '../support/identities';

const GCP = 'GcpOrgMSP';
const DAY = 86_400;

async function federated(): Promise<SlaNetwork> {
  const net = await slaNetwork({
    orgs: [CONSUMER, AWS, AZURE, GCP],
    policy: 'majority',
    channelId: 'channel-market',
  });
  await net.submit(
    net.people.aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'fed',
      model: 'fixed',
      price: '1000',
      maxPeriodSeconds: DAY,
      providers: [
        { mspId: AWS, shareBp: 5000 },
        { mspId: AZURE, shareBp: 5000 },
      ],
    }),
  );
  await net.submit(net.people.azure, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 5000 }));
  return net;
}

const propose = (
  net: SlaNetwork,
  proposal: Record<string, unknown>,
): Promise<Record<string, unknown>> =>
  net.submit(net.people.aws, 'governance:Propose', JSON.stringify({ offerId: 'fed', ...proposal }));

describe('governance:Propose', () => {
  it('lets a provider of the offer propose, with its providers as voters by default', async () => {
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
      votes: {},
    });
  });

  it('refuses anyone else, and changes that do not fit the offer', async () => {
    const net = await federated();
    const change = {
      type: 'change-shares',
      shares: [
        { mspId: AWS, shareBp: 7000 },
        { mspId: AZURE, shareBp: 3000 },
      ],
    };
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
      () =>
        propose(net, {
          proposalId: 'p',
          change: { type: 'change-shares', shares: [{ mspId: AWS, shareBp: 10000 }] },
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

describe('governance:Vote', () => {
  it('applies a change in the vote that reaches the threshold, for later acceptances only', async () => {
    const net = await federated();
    await fund(net, net.people.alice, 5000n);
    await net.submit(net.people.alice, 'agreements:Accept', 'fed', 'before');
    await propose(net, {
      proposalId: 'p-1',
      change: {
        type: 'change-price',
        price: { model: 'fixed', price: '1200', maxPeriodSeconds: DAY },
      },
    });
    await expect(
      net.submit(net.people.aws, 'governance:Vote', 'p-1', 'true'),
    ).resolves.toMatchObject({ status: 'open' });
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      price: { price: '1000' },
    });
    await expect(
      net.submit(net.people.azure, 'governance:Vote', 'p-1', 'true'),
    ).resolves.toMatchObject({ status: 'passed', decidedAt: T0 });
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      price: { price: '1200' },
    });
    await expect(
      net.submit(net.people.alice, 'agreements:Accept', 'fed', 'after'),
    ).resolves.toMatchObject({ deposit: '1200' });
    await expect(net.evaluate(net.people.alice, 'agreements:Get', 'before')).resolves.toMatchObject(
      { deposit: '1000' },
    );
  });

  it('admits a provider, who must then approve before the offer is acceptable again', async () => {
    const net = await federated();
    const gcp = createIdentity({ mspId: GCP, commonName: 'gcp-ops' });
    const shares = [
      { mspId: AWS, shareBp: 4000 },
      { mspId: AZURE, shareBp: 4000 },
      { mspId: GCP, shareBp: 2000 },
    ];
    await propose(net, {
      proposalId: 'admit',
      change: { type: 'admit-provider', provider: GCP, shares },
      threshold: 'unanimity',
    });
    await net.submit(net.people.aws, 'governance:Vote', 'admit', 'true');
    await net.submit(net.people.azure, 'governance:Vote', 'admit', 'true');
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      acceptable: false,
      awaitingApproval: [GCP],
    });
    await net.submit(gcp, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 2000 }));
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      acceptable: true,
    });
  });

  it('rejects as soon as the threshold cannot be reached and ignores later votes', async () => {
    const net = await federated();
    await propose(net, { proposalId: 'w', change: { type: 'withdraw' }, threshold: 'unanimity' });
    await expect(
      net.submit(net.people.azure, 'governance:Vote', 'w', 'false'),
    ).resolves.toMatchObject({ status: 'rejected' });
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
    await propose(net, {
      proposalId: 'w',
      change: { type: 'withdraw' },
      voters: [AWS, AZURE, GCP],
    });
    await net.submit(net.people.aws, 'governance:Vote', 'w', 'true');
    const gcp = createIdentity({ mspId: GCP, commonName: 'gcp-ops' });
    await expect(net.submit(gcp, 'governance:Vote', 'w', 'true')).resolves.toMatchObject({
      status: 'passed',
    });
    expect(await net.evaluate(net.people.alice, 'offers:Get', 'fed')).toMatchObject({
      status: 'withdrawn',
    });
  });

  it('gives each named voter one vote and nobody else any', async () => {
    const net = await federated();
    await propose(net, {
      proposalId: 'p',
      change: { type: 'withdraw' },
      voters: [AWS, AZURE, GCP],
    });
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'governance:Vote', 'p', 'true'),
      'FORBIDDEN: ConsumerOrgMSP may not vote on proposal p',
    );
    await net.submit(net.people.aws, 'governance:Vote', 'p', 'false');
    const colleague = createIdentity({ mspId: AWS, commonName: 'another-aws-user' });
    await expectRejected(
      net,
      () => net.submit(colleague, 'governance:Vote', 'p', 'true'),
      'AwsOrgMSP has already voted on proposal p',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.azure, 'governance:Vote', 'p', 'maybe'),
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
    await expect(net.evaluate(net.people.alice, 'governance:Get', 'p')).rejects.toThrow(
      'FORBIDDEN: ConsumerOrgMSP may not read proposal p',
    );
  });

  it('fails a passed proposal that no longer fits the offer instead of applying it', async () => {
    const net = await federated();
    const shares = (aws: number): object => ({
      type: 'change-shares',
      shares: [
        { mspId: AWS, shareBp: aws },
        { mspId: AZURE, shareBp: 10000 - aws },
      ],
    });
    await propose(net, { proposalId: 'shares', change: shares(6000) });
    await propose(net, {
      proposalId: 'admit',
      change: {
        type: 'admit-provider',
        provider: GCP,
        shares: [
          { mspId: AWS, shareBp: 3000 },
          { mspId: AZURE, shareBp: 3000 },
          { mspId: GCP, shareBp: 4000 },
        ],
      },
    });
    await net.submit(net.people.aws, 'governance:Vote', 'admit', 'true');
    await net.submit(net.people.azure, 'governance:Vote', 'admit', 'true');
    await net.submit(net.people.aws, 'governance:Vote', 'shares', 'true');
    await expect(
      net.submit(net.people.azure, 'governance:Vote', 'shares', 'true'),
    ).resolves.toMatchObject({
      status: 'failed',
      failure: 'the shares must name exactly the providers AwsOrgMSP, AzureOrgMSP, GcpOrgMSP',
    });
  });
});
