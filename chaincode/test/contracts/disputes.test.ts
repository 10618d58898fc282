import { cloudWatchService } from '../fixtures/services';
import { expectRejected } from '../support/expectations';
import { createIdentity } from '@sla-ledger/embedded-network';
import {
  accept,
  balance,
  feedMinutes,
  fund,
  measureUntil,
  monitorOf,
  registerService,
  HOUR,
  DAY,
} from '../support/scenario';
import { AWS, AZURE, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';

/**
 * On channel-market a ConsumerOrg service of AwsOrg backs an offer that
 * AzureOrg arbitrates. The consumer's peer stopped endorsing measurements
 * after the first hour, so settlement finds half of the periods unmeasured.
 */

const service = cloudWatchService();

interface Agreement {
  status: string;
  dispute?: { resolutions: Array<{ mspId: string; creditBp: number }>; deadline: number };
  settlement?: { decidedBy: string; creditBp: number; credit: string; refund: string };
}

async function disputed(offerTerms: Record<string, unknown> = {}): Promise<SlaNetwork> {
  const net = await slaNetwork({
    orgs: [CONSUMER, AWS, AZURE],
    policy: 'majority',
    channelId: 'channel-market',
  });
  await registerService(net, net.people.aws, service);
  feedMinutes(net, monitorOf(service), T0, T0 + 6 * HOUR, () => 0);
  await fund(net, net.people.alice, 10_000n);
  await net.submit(
    net.people.aws,
    'offers:Create',
    JSON.stringify({
      offerId: 'offer',
      model: 'fixed',
      price: '1000',
      maxPeriodSeconds: 2 * HOUR,
      services: [service.key],
      arbiter: AZURE,
      disputeSeconds: DAY,
      ...offerTerms,
    }),
  );
  await accept(net, net.people.alice, 'offer', 'a-1');
  net.setTime(T0 + 4 * HOUR);
  await measureUntil(net, net.people.aws, service.key as string, T0 + HOUR);
  await expect(net.submit(net.people.aws, 'agreements:Settle', 'a-1')).resolves.toMatchObject({
    status: 'disputed',
  });
  return net;
}

describe('agreements:Resolve', () => {
  it('settles once the consumer and every provider named the same credit', async () => {
    const net = await disputed();
    await expect(
      net.submit<Agreement>(net.people.alice, 'agreements:Resolve', 'a-1', '2000'),
    ).resolves.toMatchObject({
      status: 'disputed',
      dispute: { resolutions: [{ mspId: CONSUMER, creditBp: 2000 }] },
    });
    await expect(
      net.submit<Agreement>(net.people.aws, 'agreements:Resolve', 'a-1', '1000'),
    ).resolves.toMatchObject({ status: 'disputed' });
    // The consumer comes round to the provider's figure; that is agreement.
    const settled = await net.submit<Agreement>(
      net.people.alice,
      'agreements:Resolve',
      'a-1',
      '1000',
    );
    expect(settled).toMatchObject({
      status: 'settled',
      settlement: { decidedBy: 'parties', creditBp: 1000, credit: '100', refund: '100' },
    });
    expect(await balance(net, net.people.alice)).toBe(10_000n - 1000n + 100n);
    expect(await balance(net, net.people.aws)).toBe(900n);
  });

  it('lets the arbiter decide alone after the dispute deadline, and not before', async () => {
    const net = await disputed();
    const arbiter = createIdentity({ mspId: AZURE, commonName: 'admin', nodeOu: 'admin' });
    await expectRejected(
      net,
      () => net.submit(arbiter, 'agreements:Resolve', 'a-1', '5000'),
      'the parties have until 2026-11-26T14:00:00Z to resolve agreement a-1',
    );
    net.advance(DAY);
    await expectRejected(
      net,
      () => net.submit(net.people.azure, 'agreements:Resolve', 'a-1', '5000'),
      'FORBIDDEN: only an administrator of AzureOrgMSP may arbitrate',
    );
    await expect(
      net.submit<Agreement>(arbiter, 'agreements:Resolve', 'a-1', '5000'),
    ).resolves.toMatchObject({
      status: 'settled',
      settlement: { decidedBy: 'arbiter', creditBp: 5000, credit: '500' },
    });
  });

  it('is for the parties and the arbiter, on disputed agreements only, for identities that speak for them', async () => {
    const net = await disputed({ arbiter: undefined });
    const arbiter = createIdentity({ mspId: AZURE, commonName: 'admin', nodeOu: 'admin' });
    net.advance(2 * DAY);
    await expectRejected(
      net,
      () => net.submit(arbiter, 'agreements:Resolve', 'a-1', '0'),
      'FORBIDDEN: AzureOrgMSP may not resolve agreement a-1; only its parties may',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.bob, 'agreements:Resolve', 'a-1', '0'),
      'FORBIDDEN: only an administrator of ConsumerOrgMSP or the identity that accepted agreement a-1 may resolve it',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:Resolve', 'a-1', '10001'),
      'INVALID_ARGUMENT: creditBp',
    );
    await net.submit(net.people.consumerAdmin, 'agreements:Resolve', 'a-1', '0');
    await net.submit(net.people.aws, 'agreements:Resolve', 'a-1', '0');
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'agreements:Resolve', 'a-1', '0'),
      'agreement a-1 is not disputed (it is settled)',
    );
  });
});

describe('reads for parties only', () => {
  it('refuses agreements:Settle to an organisation that is not a party, returning nothing of it', async () => {
    const net = await slaNetwork({ orgs: [CONSUMER, AWS, AZURE], policy: 'majority' });
    await fund(net, net.people.alice, 1000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ offerId: 'o', model: 'fixed', price: '10', maxPeriodSeconds: HOUR }),
    );
    await accept(net, net.people.alice, 'o', 'a-1');
    net.setTime(T0 + 2 * HOUR);
    const evaluated = net.evaluate(net.people.azure, 'agreements:Settle', 'a-1');
    await expect(evaluated).rejects.toThrow('FORBIDDEN: AzureOrgMSP may not settle agreement a-1');
    await expect(evaluated).rejects.not.toThrow(/deposit|payout|ConsumerOrgMSP::/);
  });
});

describe('offer versions', () => {
  it('refuses an acceptance of terms that changed since the consumer read them', async () => {
    const net = await slaNetwork({
      orgs: [CONSUMER, AWS, AZURE],
      policy: 'majority',
      channelId: 'channel-market',
    });
    await fund(net, net.people.alice, 10_000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ offerId: 'o', model: 'fixed', price: '100', maxPeriodSeconds: HOUR }),
    );
    const seen = await net.evaluate<{ version: number; price: { price: string } }>(
      net.people.alice,
      'offers:Get',
      'o',
    );
    expect(seen).toMatchObject({ version: 1, price: { price: '100' } });
    await net.submit(
      net.people.aws,
      'governance:Propose',
      JSON.stringify({
        proposalId: 'dearer',
        offerId: 'o',
        change: {
          type: 'change-price',
          price: { model: 'fixed', price: '900', maxPeriodSeconds: HOUR },
        },
      }),
    );
    await net.submit(net.people.aws, 'governance:Vote', 'dearer', 'true');
    await net.submit(net.people.aws, 'governance:Decide', 'dearer');
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:Accept', 'o', String(seen.version), 'a-1'),
      'FAILED_PRECONDITION: offer o is at version 2, not 1: its terms changed since they were read',
    );
    await expect(accept(net, net.people.alice, 'o', 'a-1')).resolves.toMatchObject({
      offerVersion: 2,
      deposit: '900',
    });
  });
});
