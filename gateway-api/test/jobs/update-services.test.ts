import { Registry } from 'prom-client';
import { LedgerUnavailable, type LedgerPort } from '../../src';
import {
  HOUR,
  LAG,
  MINUTE,
  RecordedLog,
  T0,
  jobNetwork,
  type JobNetwork,
} from '../support/job-network';
import { coverageOf } from '../support/measured-windows';
import { ReadingsOracle } from '../support/readings-oracle';

/** The end of the last window anyone may measure at `now` (one-minute periods). */
function measurable(now: number, lag = LAG): number {
  return Math.floor((now - lag) / MINUTE) * MINUTE;
}

/** Submissions pass through; after `limit` of them, `onLimit` runs (a kill in the middle of a run). */
function countingSubmits(
  ledger: LedgerPort,
  limit: number,
  onLimit: () => void,
): LedgerPort & { submits: number } {
  const counting = {
    ...ledger,
    channels: ledger.channels,
    identities: () => ledger.identities(),
    submits: 0,
    submit: async (...args: Parameters<LedgerPort['submit']>) => {
      counting.submits += 1;
      const submitted = await ledger.submit(...args);
      if (counting.submits === limit) onLimit();
      return submitted;
    },
  };
  return counting;
}

describe('the update-services job', () => {
  let net: JobNetwork;
  afterEach(async () => {
    await net?.close();
  });

  it('catches up after downtime in several rounds, up to the settle lag before now', async () => {
    net = await jobNetwork();
    for (const key of ['svc-a', 'svc-b', 'svc-c']) await net.register(key);
    net.clock.set(T0 + 9 * HOUR);

    const report = await net.jobs().updateServices();

    const until = measurable(T0 + 9 * HOUR);
    const periods = (until - T0) / MINUTE;
    expect(report).toMatchObject({
      outcome: 'success',
      services: 3,
      rounds: Math.ceil(periods / 200),
      windowsMeasured: 3 * Math.ceil(periods / 200),
      periodsMeasured: 3 * periods,
      failures: [],
      behind: [],
    });
    expect(report.transactions).toBe(Math.ceil(periods / 200));
    for (const key of ['svc-a', 'svc-b', 'svc-c']) {
      await expect(coverageOf(net.aws, key)).resolves.toEqual({ from: T0, until, periods });
    }

    net.clock.advance(5 * MINUTE);
    const next = await net.jobs().updateServices();
    expect(next).toMatchObject({ windowsMeasured: 3, periodsMeasured: 15, rounds: 1 });
    await expect(net.jobs().updateServices()).resolves.toMatchObject({
      windowsMeasured: 0,
      transactions: 0,
    });
  });

  it('measures services at different points of their catch-up in one transaction', async () => {
    net = await jobNetwork();
    const keys = ['s1', 's2', 's3', 's4', 's5'];
    for (const [index, key] of keys.entries()) {
      await net.register(key);
      net.clock.set(T0 + 4 * HOUR + index * 10 * MINUTE);
      await net.jobs({ settings: { maxRounds: 1 } }).updateServices();
    }
    net.clock.set(T0 + 15 * HOUR);

    const report = await net.jobs().updateServices();

    expect(report).toMatchObject({ outcome: 'success', transactions: report.rounds });
    for (const key of keys) {
      await expect(coverageOf(net.aws, key)).resolves.toMatchObject({
        until: measurable(T0 + 15 * HOUR),
      });
    }
  });

  it('leaves no duplicate and no gap when two runs go at once', async () => {
    net = await jobNetwork();
    const keys = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    for (const key of keys) await net.register(key);
    net.clock.set(T0 + 7 * HOUR);

    const [first, second] = await Promise.all([
      net.jobs({ settings: { batchSize: 2 } }).updateServices(),
      net.jobs({ settings: { batchSize: 3 } }).updateServices(),
    ]);

    const until = measurable(T0 + 7 * HOUR);
    for (const key of keys) {
      await expect(coverageOf(net.aws, key)).resolves.toEqual({
        from: T0,
        until,
        periods: (until - T0) / MINUTE,
      });
    }
    const windows = await Promise.all(keys.map((key) => net.aws.getService(key)));
    expect(first!.windowsMeasured + second!.windowsMeasured).toBe(
      windows.reduce((sum, service) => sum + service.meter.windows, 0),
    );
    expect([...first!.failures, ...second!.failures]).toEqual([]);
  });

  it('leaves no duplicate and no gap when a run is killed halfway, once the next run is done', async () => {
    net = await jobNetwork();
    const keys = ['k1', 'k2', 'k3', 'k4'];
    for (const key of keys) await net.register(key);
    net.clock.set(T0 + 8 * HOUR);

    const stop = new AbortController();
    const killed = countingSubmits(net.ledger, 3, () => stop.abort());
    const halfway = await net
      .jobs({ ledger: killed, settings: { batchSize: 2, concurrency: 1 } })
      .updateServices(stop.signal);
    expect(halfway.outcome).toBe('aborted');
    expect(killed.submits).toBe(3);

    // a kill after a transaction was submitted but before its answer arrived
    const lost = countingSubmits(net.ledger, 1, () => {
      throw new LedgerUnavailable('the gateway process was killed');
    });
    await net
      .jobs({ ledger: lost, settings: { batchSize: 2, concurrency: 1, maxRounds: 1 } })
      .updateServices();

    const rest = await net.jobs().updateServices();
    expect(rest.outcome).toBe('success');
    const until = measurable(T0 + 8 * HOUR);
    for (const key of keys) {
      await expect(coverageOf(net.aws, key)).resolves.toEqual({
        from: T0,
        until,
        periods: (until - T0) / MINUTE,
      });
    }
  });

  it("lets the consumer's gateway measure only what its provider left unmeasured twice the settle lag", async () => {
    net = await jobNetwork();
    await net.register('jitsi');
    const provider = net.jobs({ identities: ['aws-ops'] });
    const consumer = net.jobs({ identities: ['consumer-alice'], log: new RecordedLog() });

    net.clock.set(T0 + 2 * HOUR);
    await expect(provider.updateServices()).resolves.toMatchObject({ steppedIn: 0 });
    await expect(consumer.updateServices()).resolves.toMatchObject({
      windowsMeasured: 0,
      transactions: 0,
    });

    // the provider's gateway is down for an hour
    net.clock.advance(HOUR);
    const log = new RecordedLog();
    const stepping = await net.jobs({ identities: ['consumer-alice'], log }).updateServices();
    expect(stepping).toMatchObject({ windowsMeasured: 1, steppedIn: 1, alreadyMeasured: 0 });
    await expect(net.alice.getService('jitsi')).resolves.toMatchObject({
      meter: { measuredUntil: measurable(T0 + 3 * HOUR, 2 * LAG) },
    });
    expect(log.at('warn')).toEqual([
      'measured 1 service(s) on channel-aws in place of their provider AwsOrgMSP, which left them unmeasured twice the settle lag',
    ]);

    const back = await provider.updateServices();
    expect(back).toMatchObject({ windowsMeasured: 1, alreadyMeasured: 0, failures: [] });
    await expect(coverageOf(net.aws, 'jitsi')).resolves.toMatchObject({
      until: measurable(T0 + 3 * HOUR),
    });
  });

  it('measures a service once when the gateway holds both its parties', async () => {
    net = await jobNetwork();
    await net.register('both');
    net.clock.set(T0 + HOUR);
    const report = await net.jobs({ identities: ['consumer-alice', 'aws-ops'] }).updateServices();
    expect(report).toMatchObject({
      services: 1,
      windowsMeasured: 1,
      steppedIn: 0,
      transactions: 1,
    });
  });

  it('names the organisation whose monitor read failed, in the report, the metrics and an alert', async () => {
    const consumerOracle = new ReadingsOracle().failWith(
      new Error('ConsumerOrgMSP has no monitoring credentials named "aws-monitoring"'),
    );
    net = await jobNetwork((mspId) =>
      mspId === 'ConsumerOrgMSP' ? consumerOracle : new ReadingsOracle(),
    );
    await net.register('late');
    net.clock.set(T0 + 2 * HOUR);
    const registry = new Registry();
    const log = new RecordedLog();

    const report = await net.jobs({ registry, log }).updateServices();

    expect(report.outcome).toBe('partial');
    expect(report.failures).toEqual([
      expect.objectContaining({
        channel: 'channel-aws',
        subjects: ['late'],
        reason: 'ORACLE_UNAVAILABLE',
        organisations: ['ConsumerOrgMSP'],
      }),
    ]);
    expect(report.behind).toEqual([
      expect.objectContaining({
        serviceKey: 'late',
        measuredUntil: T0,
        behindSeconds: measurable(T0 + 2 * HOUR) - T0,
        monitors: ['cloudwatch eu-west-1 (aws-monitoring)'],
        failure: expect.objectContaining({ organisations: ['ConsumerOrgMSP'] }),
      }),
    ]);
    expect(log.at('error')).toEqual([
      `service late on channel-aws is measured ${measurable(T0 + 2 * HOUR) - T0} s behind: ORACLE_UNAVAILABLE at ConsumerOrgMSP`,
    ]);
    const metrics = await registry.metrics();
    expect(metrics).toContain(
      'sla_job_endorsement_failures_total{job="update-services",channel="channel-aws",organisation="ConsumerOrgMSP",reason="ORACLE_UNAVAILABLE"} 1',
    );
    expect(metrics).toContain(
      `sla_service_measurement_behind_seconds{channel="channel-aws",service="late"} ${measurable(T0 + 2 * HOUR) - T0}`,
    );
    expect(metrics).toContain('sla_services_behind{channel="channel-aws"} 1');
    expect(metrics).toContain('sla_job_runs_total{job="update-services",outcome="partial"} 1');

    consumerOracle.failWith(undefined);
    const recovered = await net.jobs({ registry, log }).updateServices();
    expect(recovered).toMatchObject({ outcome: 'success', behind: [] });
    const after = await registry.metrics();
    expect(after).not.toContain('sla_service_measurement_behind_seconds{');
    expect(after).toContain('sla_services_behind{channel="channel-aws"} 0');
    expect(after).toMatch(/sla_job_last_success_timestamp_seconds\{job="update-services"\} \d+/);
  });

  it('splits a refused batch to measure every other service and name the one at fault', async () => {
    const oracle = (): ReadingsOracle => new ReadingsOracle().answerMalformed('i-bad');
    net = await jobNetwork(oracle);
    for (const key of ['ok-1', 'ok-2', 'bad', 'ok-3']) await net.register(key, `i-${key}`);
    net.clock.set(T0 + HOUR);

    const report = await net.jobs().updateServices();

    expect(report.windowsMeasured).toBe(3);
    expect(report.failures).toEqual([
      expect.objectContaining({
        subjects: ['bad'],
        reason: 'ORACLE_UNAVAILABLE',
        organisations: ['AwsOrgMSP'],
      }),
    ]);
    await expect(net.aws.getService('ok-3')).resolves.toMatchObject({
      meter: { measuredUntil: measurable(T0 + HOUR) },
    });
  });

  it('does not split a batch whose monitors cannot be read at all', async () => {
    const down = new ReadingsOracle().failWith(
      new Error('CloudWatch in eu-west-1: connection refused'),
    );
    net = await jobNetwork(() => down);
    for (const key of ['d1', 'd2', 'd3', 'd4']) await net.register(key);
    net.clock.set(T0 + HOUR);
    down.reads.length = 0;

    const report = await net.jobs().updateServices();

    expect(report).toMatchObject({ windowsMeasured: 0, transactions: 3 });
    expect(report.failures.flatMap((failure) => failure.subjects).sort()).toEqual([
      'd1',
      'd2',
      'd3',
      'd4',
    ]);
  });
});
