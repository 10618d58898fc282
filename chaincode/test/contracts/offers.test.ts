import { azureService, cloudWatchService } from '../fixtures/services';
import { registerService } from '../support/scenario';
import { expectRejected } from '../support/expectations';
import {
  AWS,
  AZURE,
  CONSUMER,
  accountOf,
  slaNetwork,
  type SlaNetwork,
} from '../support/sla-network';

const fixed = {
  offerId: 'jitsi-day',
  title: 'Jitsi for a day',
  model: 'fixed',
  price: '1000',
  maxPeriodSeconds: 86400,
};
const shared = {
  ...fixed,
  offerId: 'jitsi-federated',
  providers: [
    { mspId: AWS, shareBp: 6000 },
    { mspId: AZURE, shareBp: 4000 },
  ],
};

async function market(): Promise<SlaNetwork> {
  return slaNetwork({
    orgs: [CONSUMER, AWS, AZURE],
    policy: 'majority',
    channelId: 'channel-market',
  });
}

describe('offers:Create', () => {
  it('creates an offer its creator has approved', async () => {
    const net = await slaNetwork();
    const offer = await net.submit(net.people.aws, 'offers:Create', JSON.stringify(fixed));
    expect(offer).toMatchObject({
      offerId: 'jitsi-day',
      providers: [{ mspId: AWS, shareBp: 10000, payoutAccount: accountOf(net.people.aws) }],
      status: 'open',
      acceptable: true,
      awaitingApproval: [],
    });
  });

  it('refuses a caller that is not among the providers', async () => {
    const net = await slaNetwork();
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.alice,
          'offers:Create',
          JSON.stringify({ ...fixed, providers: [{ mspId: AWS, shareBp: 10000 }] }),
        ),
      'FORBIDDEN: ConsumerOrgMSP may not create offer jitsi-day',
    );
  });

  it('refuses a payout account of another organisation', async () => {
    const net = await slaNetwork();
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'offers:Create',
          JSON.stringify({ ...fixed, payoutAccount: accountOf(net.people.alice) }),
        ),
      'offer.payoutAccount must be an account of AwsOrgMSP',
    );
  });

  it('refuses a duplicate id', async () => {
    const net = await slaNetwork();
    await net.submit(net.people.aws, 'offers:Create', JSON.stringify(fixed));
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'offers:Create', JSON.stringify(fixed)),
      'ALREADY_EXISTS: offer jitsi-day',
    );
  });

  it('addresses an offer backed by services to their consumer', async () => {
    const net = await market();
    await registerService(net, net.people.aws);
    const offer = await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ ...fixed, services: ['jitsi-eu-1'] }),
    );
    expect(offer.consumers).toEqual([CONSUMER]);
  });

  it('refuses services of another provider, unknown services and services of different consumers', async () => {
    const net = await market();
    await registerService(net, net.people.azure, azureService());
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'offers:Create',
          JSON.stringify({ ...fixed, services: ['jitsi-we-1'] }),
        ),
      'offer.services[0] names service jitsi-we-1 of AzureOrgMSP',
    );
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'offers:Create',
          JSON.stringify({ ...fixed, services: ['ghost'] }),
        ),
      'NOT_FOUND: service ghost',
    );
    await registerService(net, net.people.aws, cloudWatchService({ key: 'a' }));
    await registerService(net, net.people.aws, cloudWatchService({ key: 'b', consumerOrg: AZURE }));
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'offers:Create',
          JSON.stringify({ ...fixed, services: ['a', 'b'] }),
        ),
      'serve different consumers',
    );
  });
});

describe('offers with several providers', () => {
  let net: SlaNetwork;
  beforeEach(async () => {
    net = await market();
    await net.submit(net.people.aws, 'offers:Create', JSON.stringify(shared));
  });

  it('is acceptable only once every provider approved with its share', async () => {
    let offer = await net.evaluate(net.people.alice, 'offers:Get', 'jitsi-federated');
    expect(offer).toMatchObject({ acceptable: false, awaitingApproval: [AZURE] });
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.azure,
          'offers:Approve',
          'jitsi-federated',
          JSON.stringify({ shareBp: 5000 }),
        ),
      'approval.shareBp 5000 does not match the share of AzureOrgMSP',
    );
    await net.submit(
      net.people.azure,
      'offers:Approve',
      'jitsi-federated',
      JSON.stringify({ shareBp: 4000 }),
    );
    offer = await net.evaluate(net.people.alice, 'offers:Get', 'jitsi-federated');
    expect(offer).toMatchObject({ acceptable: true, awaitingApproval: [] });
    expect((offer.providers as Array<{ payoutAccount: string }>)[1]?.payoutAccount).toBe(
      accountOf(net.people.azure),
    );
  });

  it('lets only named providers approve', async () => {
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.alice,
          'offers:Approve',
          'jitsi-federated',
          JSON.stringify({ shareBp: 4000 }),
        ),
      'FORBIDDEN: ConsumerOrgMSP may not approve offer jitsi-federated',
    );
  });

  it('is withdrawn by proposal, not directly', async () => {
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'offers:Withdraw', 'jitsi-federated'),
      'has 2 providers: withdraw it by proposal',
    );
  });
});

describe('offers:Withdraw', () => {
  it('lets the sole provider withdraw, once, and nobody else', async () => {
    const net = await market();
    await net.submit(net.people.aws, 'offers:Create', JSON.stringify(fixed));
    await expectRejected(
      net,
      () => net.submit(net.people.azure, 'offers:Withdraw', 'jitsi-day'),
      'FORBIDDEN: AzureOrgMSP may not withdraw offer jitsi-day',
    );
    await expect(net.submit(net.people.aws, 'offers:Withdraw', 'jitsi-day')).resolves.toMatchObject(
      { status: 'withdrawn', acceptable: false },
    );
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'offers:Withdraw', 'jitsi-day'),
      'is already withdrawn',
    );
  });
});

describe('reading offers', () => {
  it('shows public offers to everyone and addressed offers to their audience and providers', async () => {
    const net = await market();
    await net.submit(net.people.aws, 'offers:Create', JSON.stringify(fixed));
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ ...fixed, offerId: 'private', consumers: [CONSUMER] }),
    );
    const listed = async (who: typeof net.people.alice): Promise<string[]> =>
      (
        await net.evaluate<{ offers: Array<{ offerId: string }> }>(who, 'offers:List', '50', '')
      ).offers.map((o) => o.offerId);
    expect(await listed(net.people.alice)).toEqual(['jitsi-day', 'private']);
    expect(await listed(net.people.aws)).toEqual(['jitsi-day', 'private']);
    expect(await listed(net.people.azure)).toEqual(['jitsi-day']);
    await expect(net.evaluate(net.people.azure, 'offers:Get', 'private')).rejects.toThrow(
      'FORBIDDEN: offer private is not open to AzureOrgMSP',
    );
  });
});
