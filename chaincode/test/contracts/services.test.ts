import { azureService, cloudWatchService, serviceWatching } from '../fixtures/services';
import {
  feedMinutes,
  measureUntil,
  monitorOf,
  registerService,
  worldState,
  HOUR,
} from '../support/scenario';
import { expectRejected } from '../support/expectations';
import { AWS, CONSUMER, T0, slaNetwork, type SlaNetwork } from '../support/sla-network';

const MINUTE = 60;

describe('services:Register', () => {
  let net: SlaNetwork;
  beforeEach(async () => {
    net = await slaNetwork();
  });

  it('registers a service for its provider, starting its meter at measuredFrom', async () => {
    const service = await registerService(net, net.people.aws);
    expect(service).toMatchObject({
      key: 'jitsi-eu-1',
      providerOrg: AWS,
      consumerOrg: CONSUMER,
      status: 'active',
      registeredBy: AWS,
      meter: { measuredUntil: T0, available: 0, unavailable: 0, excluded: 0, windows: 0 },
    });
    expect((await net.channel.ledger.events()).at(-1)?.name).toBe('ServiceRegistered');
  });

  it('lets the consumer register it too', async () => {
    await expect(registerService(net, net.people.alice)).resolves.toMatchObject({
      registeredBy: CONSUMER,
    });
  });

  it('refuses an organisation the service does not name', async () => {
    await expectRejected(
      net,
      () => registerService(net, net.people.azure),
      'FORBIDDEN: AzureOrgMSP may not register service jitsi-eu-1',
    );
  });

  it('refuses a key that exists', async () => {
    await registerService(net, net.people.aws);
    await expectRejected(
      net,
      () => registerService(net, net.people.alice),
      'ALREADY_EXISTS: service jitsi-eu-1 already exists',
    );
  });

  it('refuses a monitor spec carrying a secret and writes nothing', async () => {
    const leaky = cloudWatchService();
    (leaky.monitor as Record<string, unknown>).secretAccessKey =
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    await expectRejected(
      net,
      () => registerService(net, net.people.aws, leaky),
      'service.monitor.secretAccessKey looks like a secret',
    );
  });

  it('refuses malformed JSON naming the argument', async () => {
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'services:Register', '{"key":'),
      'INVALID_ARGUMENT: serviceJson is not valid JSON',
    );
  });
});

describe('reading services', () => {
  let net: SlaNetwork;
  beforeEach(async () => {
    net = await slaNetwork({ orgs: [CONSUMER, AWS, 'AzureOrgMSP'] });
    await registerService(net, net.people.aws);
    await registerService(net, net.people.azure, azureService());
  });

  it('shows a service to its parties only', async () => {
    await expect(
      net.evaluate(net.people.alice, 'services:Get', 'jitsi-eu-1'),
    ).resolves.toMatchObject({ key: 'jitsi-eu-1' });
    await expect(net.evaluate(net.people.azure, 'services:Get', 'jitsi-eu-1')).rejects.toThrow(
      'FORBIDDEN: AzureOrgMSP may not read service jitsi-eu-1',
    );
    await expect(net.evaluate(net.people.alice, 'services:Get', 'nope')).rejects.toThrow(
      'NOT_FOUND: service nope does not exist',
    );
  });

  it('lists the services of the caller organisation, a page at a time', async () => {
    const consumer = await net.evaluate<{ services: Array<{ key: string }>; bookmark: string }>(
      net.people.alice,
      'services:List',
      '1',
      '',
    );
    expect(consumer.services.map((s) => s.key)).toEqual(['jitsi-eu-1']);
    const next = await net.evaluate<{ services: Array<{ key: string }> }>(
      net.people.alice,
      'services:List',
      '1',
      consumer.bookmark,
    );
    expect(next.services.map((s) => s.key)).toEqual(['jitsi-we-1']);
    const aws = await net.evaluate<{ services: Array<{ key: string }> }>(
      net.people.aws,
      'services:List',
      '10',
      '',
    );
    expect(aws.services.map((s) => s.key)).toEqual(['jitsi-eu-1']);
    const outsider = await net.evaluate<{ services: unknown[] }>(
      net.people.outsider,
      'services:List',
      '10',
      '',
    );
    expect(outsider.services).toEqual([]);
  });

  it('refuses a page size out of range', async () => {
    await expect(net.evaluate(net.people.alice, 'services:List', '0', '')).rejects.toThrow(
      'pageSize must be between 1 and 500',
    );
  });
});

describe('services:Update', () => {
  let net: SlaNetwork;
  const service = cloudWatchService();
  const monitor = monitorOf(service);

  beforeEach(async () => {
    net = await slaNetwork();
    await registerService(net, net.people.aws, service);
    // Instance i-0abc fails its status check 10:05–10:17.
    feedMinutes(net, monitor, T0, T0 + 2 * HOUR, (t) =>
      t >= T0 + 5 * MINUTE && t < T0 + 17 * MINUTE ? 1 : 0,
    );
    net.setTime(T0 + HOUR);
  });

  it('measures a closed window through the oracle and keeps its verdicts with running totals', async () => {
    const measurement = await net.submit(
      net.people.aws,
      'services:Update',
      'jitsi-eu-1',
      '2026-11-25T10:00:00Z',
      '2026-11-25T10:30:00Z',
    );
    const verdicts = 'AAAAA' + 'U'.repeat(12) + 'A'.repeat(13);
    expect(measurement).toEqual({
      serviceKey: 'jitsi-eu-1',
      start: T0,
      end: T0 + 30 * MINUTE,
      periodSeconds: 60,
      verdicts,
      available: 18,
      unavailable: 12,
      excluded: 0,
    });
    const got = await net.evaluate<{ meter: Record<string, number> }>(
      net.people.alice,
      'services:Get',
      'jitsi-eu-1',
    );
    expect(got.meter).toEqual({
      measuredUntil: T0 + 30 * MINUTE,
      available: 18,
      unavailable: 12,
      excluded: 0,
      windows: 1,
      availabilityBp: 6000,
    });
    await net.submit(
      net.people.aws,
      'services:Update',
      'jitsi-eu-1',
      '2026-11-25T10:30:00Z',
      '2026-11-25T10:40:00Z',
    );
    const page = await net.evaluate<{ measurements: unknown[] }>(
      net.people.alice,
      'services:Measurements',
      'jitsi-eu-1',
      '10',
      '',
    );
    expect(page.measurements).toEqual([
      {
        serviceKey: 'jitsi-eu-1',
        periodSeconds: 60,
        start: T0,
        verdicts,
        before: { available: 0, unavailable: 0, excluded: 0 },
      },
      {
        serviceKey: 'jitsi-eu-1',
        periodSeconds: 60,
        start: T0 + 30 * MINUTE,
        verdicts: 'A'.repeat(10),
        before: { available: 18, unavailable: 12, excluded: 0 },
      },
    ]);
  });

  it('continues where the last window ended and refuses replays, overlaps and gaps without writing', async () => {
    await net.submit(
      net.people.aws,
      'services:Update',
      'jitsi-eu-1',
      String(T0),
      String(T0 + 10 * MINUTE),
    );
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0),
          String(T0 + 10 * MINUTE),
        ),
      'was already measured',
    );
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0 + 5 * MINUTE),
          String(T0 + 15 * MINUTE),
        ),
      'overlaps periods',
    );
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0 + 11 * MINUTE),
          String(T0 + 15 * MINUTE),
        ),
      'would leave a gap',
    );
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0 + 10 * MINUTE),
          String(T0 + 10 * MINUTE + 30),
        ),
      'windowEnd',
    );
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0 + 10 * MINUTE),
          String(T0 + HOUR),
        ),
      'is too recent',
    );
    await net.submit(
      net.people.aws,
      'services:Update',
      'jitsi-eu-1',
      String(T0 + 10 * MINUTE),
      String(T0 + 20 * MINUTE),
    );
  });

  it('costs the same reads and writes however many windows came before', async () => {
    net.setTime(T0 + 2 * HOUR);
    const footprints: Array<[number, number]> = [];
    for (let window = 0; window < 8; window += 1) {
      const start = T0 + window * 10 * MINUTE;
      const simulation = await net.channel.simulate(net.people.aws, 'services:Update', [
        'jitsi-eu-1',
        String(start),
        String(start + 10 * MINUTE),
      ]);
      footprints.push([
        simulation.reads.length + simulation.rangeQueries.length,
        simulation.writes.length,
      ]);
      await net.submit(
        net.people.aws,
        'services:Update',
        'jitsi-eu-1',
        String(start),
        String(start + 10 * MINUTE),
      );
    }
    expect(new Set(footprints.map((f) => f.join('/'))).size).toBe(1);
  });

  it('lets only the service parties measure it', async () => {
    const outsiderNet = await slaNetwork({ orgs: [CONSUMER, AWS, 'AzureOrgMSP'] });
    await registerService(outsiderNet, outsiderNet.people.aws, service);
    outsiderNet.setTime(T0 + HOUR);
    await expectRejected(
      outsiderNet,
      () =>
        outsiderNet.submit(
          outsiderNet.people.azure,
          'services:Update',
          'jitsi-eu-1',
          String(T0),
          String(T0 + 10 * MINUTE),
        ),
      'FORBIDDEN: AzureOrgMSP may not measure service jitsi-eu-1',
    );
  });

  it('fails the transaction, naming the service, when the monitor cannot be read', async () => {
    net.record((oracle) => oracle.failWith(new Error('ThrottlingException: Rate exceeded')));
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0),
          String(T0 + 10 * MINUTE),
        ),
      'ORACLE_UNAVAILABLE: reading the monitors of service jitsi-eu-1 failed: ThrottlingException: Rate exceeded',
    );
  });

  it('refuses to measure a deactivated service', async () => {
    await net.submit(net.people.aws, 'services:Deactivate', 'jitsi-eu-1');
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:Update',
          'jitsi-eu-1',
          String(T0),
          String(T0 + 10 * MINUTE),
        ),
      'is deactivated',
    );
  });
});

describe('services:UpdateMany', () => {
  let net: SlaNetwork;
  const keys = ['svc-a', 'svc-b', 'svc-c'];

  beforeEach(async () => {
    net = await slaNetwork();
    for (const [index, key] of keys.entries()) {
      const service = serviceWatching(`i-${index}`, key);
      await registerService(net, net.people.aws, service);
      feedMinutes(net, monitorOf(service), T0, T0 + HOUR, (t) => (index === 1 && t === T0 ? 1 : 0));
    }
    net.setTime(T0 + HOUR);
  });

  const request = (key: string, start = T0, end = T0 + 20 * MINUTE): Record<string, unknown> => ({
    serviceKey: key,
    windowStart: start,
    windowEnd: end,
  });

  it('measures many services in one transaction with one oracle read', async () => {
    const oracle = net.oracles.get(AWS);
    const callsBefore = oracle?.calls.length ?? 0;
    const result = await net.submit<{
      measurements: Array<{ serviceKey: string; available: number }>;
    }>(net.people.aws, 'services:UpdateMany', JSON.stringify(keys.map((key) => request(key))));
    expect(result.measurements.map((m) => [m.serviceKey, m.available])).toEqual([
      ['svc-a', 20],
      ['svc-b', 19],
      ['svc-c', 20],
    ]);
    expect((oracle?.calls.length ?? 0) - callsBefore).toBe(1);
    expect(oracle?.calls.at(-1)).toHaveLength(3);
    const event = (await net.channel.ledger.events()).at(-1);
    expect(event?.name).toBe('ServicesMeasured');
  });

  it('is all or nothing: one bad window fails the batch, naming the service', async () => {
    const before = await worldState(net);
    await expect(
      net.submit(
        net.people.aws,
        'services:UpdateMany',
        JSON.stringify([request('svc-a'), request('svc-b', T0 + MINUTE), request('svc-c')]),
      ),
    ).rejects.toThrow('would leave a gap: service svc-b is measured up to');
    expect(await worldState(net)).toEqual(before);
  });

  it('bounds the distinct windows of one batch, each being a call to every monitoring service', async () => {
    const many = Array.from({ length: 11 }, (_, index) =>
      request(`s-${index}`, T0, T0 + (index + 1) * MINUTE),
    );
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'services:UpdateMany', JSON.stringify(many)),
      'INVALID_ARGUMENT: requests[10] opens window 11: one transaction measures at most 10 distinct (windowStart, windowEnd) pairs',
    );
  });

  it('refuses the same service twice in one batch', async () => {
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:UpdateMany',
          JSON.stringify([request('svc-a'), request('svc-a', T0 + 20 * MINUTE, T0 + 30 * MINUTE)]),
        ),
      'requests lists "svc-a" more than once',
    );
  });

  it('names the malformed field of a request', async () => {
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'services:UpdateMany',
          JSON.stringify([
            request('svc-a'),
            { serviceKey: 'svc-b', windowStart: 'soon', windowEnd: T0 },
          ]),
        ),
      'INVALID_ARGUMENT: requests[1].windowStart must be an ISO-8601 time',
    );
  });
});

describe('services:Deactivate', () => {
  it('lets a party deactivate a service and refuses others', async () => {
    const net = await slaNetwork({ orgs: [CONSUMER, AWS, 'AzureOrgMSP'] });
    await registerService(net, net.people.aws);
    await expectRejected(
      net,
      () => net.submit(net.people.azure, 'services:Deactivate', 'jitsi-eu-1'),
      'FORBIDDEN',
    );
    await expect(
      net.submit(net.people.alice, 'services:Deactivate', 'jitsi-eu-1'),
    ).resolves.toMatchObject({ status: 'deactivated' });
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'services:Deactivate', 'jitsi-eu-1'),
      'is already deactivated',
    );
  });

  it('measures exactly the scripted outage over several windows', async () => {
    const net = await slaNetwork();
    const service = cloudWatchService();
    await registerService(net, net.people.aws, service);
    feedMinutes(net, monitorOf(service), T0, T0 + 3 * HOUR, (t) =>
      t >= T0 + 65 * MINUTE && t < T0 + 77 * MINUTE ? 1 : 0,
    );
    net.setTime(T0 + 4 * HOUR);
    await measureUntil(net, net.people.aws, 'jitsi-eu-1', T0 + 3 * HOUR);
    const got = await net.evaluate<{ meter: Record<string, number> }>(
      net.people.alice,
      'services:Get',
      'jitsi-eu-1',
    );
    expect(got.meter).toMatchObject({
      available: 168,
      unavailable: 12,
      windows: 1,
      availabilityBp: 9333,
    });
  });
});
