import { cloudWatchService } from '../fixtures/services';
import {
  feedMinutes,
  fund,
  measureUntil,
  monitorOf,
  registerService,
  accept,
} from '../support/scenario';
import { createIdentity } from '../support/identities';
import { AWS, CONSUMER, T0, accountOf, slaNetwork } from '../support/sla-network';

const MINUTE = 60;
const HOUR = 3600;

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
      await net.channel.prepare(net.people.bob, 'agreements:Accept', ['o', 'a-2']),
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
    const records = await net.channel.commit(...block);
    expect(records.map((record) => [record.functionName, record.validationCode])).toEqual(
      block.map((_, index) => [records[index]?.functionName, 'VALID']),
    );
    expect(await net.evaluate(net.people.alice, 'agreements:Get', 'a-1')).toMatchObject({
      status: 'settled',
    });
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
      'settlement waits for it, or until 2026-11-25T13:00:00Z when unmeasured periods count by the missing-data rule',
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
    await net.submit(
      net.people.aws,
      'agreements:StartSession',
      'a-1',
      's-1',
      JSON.stringify({ cluster: 'c', region: 'eu-west-1' }),
    );
    net.setTime(T0 + 2 * HOUR);
    await net.submit(net.people.aws, 'agreements:Settle', 'a-1');
    await expect(
      net.submit(net.people.aws, 'agreements:StopSession', 'a-1', 's-1'),
    ).resolves.toMatchObject({ stoppedAt: T0 + HOUR, stoppedBy: AWS });
  });
});
