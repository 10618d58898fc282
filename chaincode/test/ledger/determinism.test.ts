import { cloudWatchService, serviceWatching } from '../fixtures/services';
import { fund, monitorOf, registerService } from '../support/scenario';
import { EndorsementMismatchError, type PreparedTransaction } from '@sla-ledger/embedded-network';
import { AWS, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';

const MINUTE = 60;
const HOUR = 3600;
const keys = ['svc-a', 'svc-b', 'svc-c'];
const outage = (index: number, t: number): number =>
  index === 1 && t >= T0 + 7 * MINUTE && t < T0 + 19 * MINUTE ? 1 : 0;

/**
 * Each organisation's chaincode reads its own oracle. Here they hold the same
 * readings, recorded in opposite orders, as two monitoring API calls may
 * answer the same data in a different order.
 */
async function twoOrganisations(): Promise<SlaNetwork> {
  const net = await slaNetwork();
  for (const [index, key] of keys.entries()) {
    const service = serviceWatching(`i-${index}`, key);
    await registerService(net, net.people.aws, service);
    const monitor = monitorOf(service);
    const minutes = Array.from({ length: 120 }, (_, m) => T0 + m * MINUTE);
    for (const t of minutes) net.oracles.get(CONSUMER)?.record(monitor, t, outage(index, t));
    for (const t of [...minutes].reverse())
      net.oracles.get(AWS)?.record(monitor, t, outage(index, t));
  }
  net.setTime(T0 + 2 * HOUR);
  return net;
}

function expectIdenticalEndorsements(prepared: PreparedTransaction): void {
  const [consumer, provider] = prepared.simulations;
  expect(consumer?.mspId).not.toBe(provider?.mspId);
  expect(consumer?.writes.length).toBeGreaterThan(0);
  expect(provider?.rwset.equals(consumer?.rwset ?? Buffer.alloc(0))).toBe(true);
  expect(provider?.writes).toEqual(consumer?.writes);
  expect(
    provider?.proposalResponsePayload.equals(consumer?.proposalResponsePayload ?? Buffer.alloc(0)),
  ).toBe(true);
}

describe('two endorsing organisations write the same bytes', () => {
  it('for one service measured from readings in a different order', async () => {
    const net = await twoOrganisations();
    const prepared = await net.channel.prepare(net.people.aws, 'services:Update', [
      'svc-b',
      String(T0),
      String(T0 + HOUR),
    ]);
    expectIdenticalEndorsements(prepared);
    expect(JSON.parse(prepared.payload.toString())).toMatchObject({
      available: 48,
      unavailable: 12,
    });
  });

  it('for a batch of services', async () => {
    const net = await twoOrganisations();
    const requests = keys.map((serviceKey) => ({
      serviceKey,
      windowStart: T0,
      windowEnd: T0 + HOUR,
    }));
    expectIdenticalEndorsements(
      await net.channel.prepare(net.people.aws, 'services:UpdateMany', [JSON.stringify(requests)]),
    );
  });

  it('for acceptance, sessions, stop and settlement', async () => {
    const net = await twoOrganisations();
    net.setTime(T0);
    await fund(net, net.people.alice, 10_000n);
    const offer = {
      offerId: 'o',
      model: 'dynamic',
      price: '7200',
      maxPeriodSeconds: 2 * HOUR,
      services: keys,
    };
    expectIdenticalEndorsements(
      await net.channel.prepare(net.people.aws, 'offers:Create', [JSON.stringify(offer)]),
    );
    await net.submit(net.people.aws, 'offers:Create', JSON.stringify(offer));
    const steps: Array<[typeof net.people.alice, string, string[], number]> = [
      [net.people.alice, 'agreements:Accept', ['o', '1', 'a-1'], T0],
      [
        net.people.aws,
        'agreements:StartSession',
        ['a-1', 's-1', JSON.stringify({ cluster: 'c', region: 'eu-west-1' })],
        T0 + MINUTE,
      ],
      [net.people.alice, 'agreements:Stop', ['a-1'], T0 + HOUR],
      [
        net.people.aws,
        'services:UpdateMany',
        [
          JSON.stringify(
            keys.map((serviceKey) => ({ serviceKey, windowStart: T0, windowEnd: T0 + HOUR })),
          ),
        ],
        T0 + 2 * HOUR,
      ],
      [net.people.aws, 'agreements:Settle', ['a-1'], T0 + 2 * HOUR],
    ];
    for (const [who, fn, args, time] of steps) {
      net.setTime(time);
      const prepared = await net.channel.prepare(who, fn, args);
      expectIdenticalEndorsements(prepared);
      const [record] = await net.channel.commit(prepared);
      expect(record?.validationCode).toBe('VALID');
    }
    const settled = await net.evaluate<{ settlement: { creditBp: number } }>(
      net.people.alice,
      'agreements:Get',
      'a-1',
    );
    expect(settled.settlement.creditBp).toBe(10000); // svc-b: 48 of 60 minutes, below 95 %
  });

  it('when their readings differ but agree on every verdict', async () => {
    const net = await slaNetwork();
    const service = cloudWatchService({
      monitor: {
        ...(cloudWatchService().monitor as object),
        metricName: 'CPUUtilization',
        statistic: 'Average',
        availableWhen: { comparison: 'present' },
      },
    });
    await registerService(net, net.people.aws, service);
    const monitor = monitorOf(service);
    // A datapoint revised between the two reads: different values, the same verdicts.
    net.oracles.get(CONSUMER)?.fill(monitor, T0, T0 + HOUR, MINUTE, (t) => 10 + (t % 7));
    net.oracles.get(AWS)?.fill(monitor, T0, T0 + HOUR, MINUTE, (t) => 10.25 + (t % 5));
    net.setTime(T0 + 2 * HOUR);
    const prepared = await net.channel.prepare(net.people.aws, 'services:Update', [
      'jitsi-eu-1',
      String(T0),
      String(T0 + HOUR),
    ]);
    expectIdenticalEndorsements(prepared);
  });

  it('and a batch fails, naming the service whose verdicts differ, when their oracles disagree', async () => {
    const net = await slaNetwork();
    for (const [index, key] of keys.entries()) {
      const service = serviceWatching(`i-${index}`, key);
      await registerService(net, net.people.aws, service);
      net.oracles.get(CONSUMER)?.fill(monitorOf(service), T0, T0 + HOUR, MINUTE, () => 0);
      // AwsOrg's monitor reports svc-c down at 10:30; ConsumerOrg's reports it fine.
      net.oracles
        .get(AWS)
        ?.fill(monitorOf(service), T0, T0 + HOUR, MINUTE, (t) =>
          key === 'svc-c' && t === T0 + 30 * MINUTE ? 1 : 0,
        );
    }
    net.setTime(T0 + 2 * HOUR);
    const requests = keys.map((serviceKey) => ({
      serviceKey,
      windowStart: T0,
      windowEnd: T0 + HOUR,
    }));
    const failure = await net.channel
      .prepare(net.people.aws, 'services:UpdateMany', [JSON.stringify(requests)])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EndorsementMismatchError);
    const details = (failure as EndorsementMismatchError).details.join('\n');
    expect(details).toContain('meter\u0000svc-c\u0000');
    expect(details).not.toContain('svc-a');
    expect(details).not.toContain('svc-b');
  });

  it('and a transaction fails when their oracles disagree', async () => {
    const net = await slaNetwork();
    const service = cloudWatchService();
    await registerService(net, net.people.aws, service);
    const monitor = monitorOf(service);
    // AwsOrg's monitor reports a failed status check at 10:30 that ConsumerOrg's reports as fine.
    net.oracles.get(CONSUMER)?.fill(monitor, T0, T0 + HOUR, MINUTE, () => 0);
    net.oracles
      .get(AWS)
      ?.fill(monitor, T0, T0 + HOUR, MINUTE, (t) => (t === T0 + 30 * MINUTE ? 1 : 0));
    net.setTime(T0 + 2 * HOUR);
    await expect(
      net.channel.prepare(net.people.aws, 'services:Update', [
        'jitsi-eu-1',
        String(T0),
        String(T0 + HOUR),
      ]),
    ).rejects.toThrow(EndorsementMismatchError);
  });
});
