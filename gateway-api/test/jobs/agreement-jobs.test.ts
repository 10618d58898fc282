import { Registry } from 'prom-client';
import { HOUR, LAG, MINUTE, T0, jobNetwork, type JobNetwork } from '../support/job-network';
import { ReadingsOracle } from '../support/readings-oracle';

const PLACEMENT = { cluster: 'eks-eu-1', region: 'eu-west-1', jurisdiction: 'EU' };

/** channel-aws with services `jitsi` (readable) and `dark` (its monitor answers nothing usable), alice funded. */
async function withAgreements(): Promise<JobNetwork> {
  const net = await jobNetwork(() => new ReadingsOracle().answerMalformed('i-dark'));
  await net.register('jitsi');
  await net.register('dark');
  const alice = await net.alice.myAccount();
  await net.admin.as('consumer-treasury').mint(alice.accountId, '10000');
  await net.alice.collect();
  return net;
}

async function agree(
  net: JobNetwork,
  offerId: string,
  agreementId: string,
  services: string[],
): Promise<void> {
  const offer = await net.aws.createOffer({
    offerId,
    model: 'fixed',
    price: '1000',
    maxPeriodSeconds: HOUR,
    services,
    settlementGraceSeconds: 0,
  });
  await net.alice.accept(offerId, offer.version, agreementId);
}

describe('the settle-due job', () => {
  let net: JobNetwork;
  afterEach(async () => {
    await net?.close();
  });

  it('settles every ended agreement that is ready and disputes those measured too little', async () => {
    net = await withAgreements();
    net.clock.set(T0 + 5 * MINUTE);
    await agree(net, 'o-measured', 'a-measured', ['jitsi']);
    await agree(net, 'o-dark', 'a-dark', ['dark']);
    const registry = new Registry();
    const jobs = net.jobs({ registry });

    net.clock.set(T0 + 30 * MINUTE);
    await expect(jobs.settleDue()).resolves.toMatchObject({
      outcome: 'success',
      settled: 0,
      disputed: 0,
      transactions: 0,
    });

    net.clock.set(T0 + 5 * MINUTE + HOUR + LAG + 2 * MINUTE);
    await jobs.updateServices();
    const report = await jobs.settleDue();
    expect(report).toMatchObject({ outcome: 'success', settled: 1, disputed: 1, failures: [] });
    await expect(net.alice.getAgreement('a-measured')).resolves.toMatchObject({
      phase: 'settled',
    });
    await expect(net.alice.getAgreement('a-dark')).resolves.toMatchObject({ phase: 'disputed' });

    await expect(jobs.settleDue()).resolves.toMatchObject({
      settled: 0,
      disputed: 0,
      waiting: 0,
      transactions: 0,
    });
    const metrics = await registry.metrics();
    expect(metrics).toContain(
      'sla_agreements_settled_total{channel="channel-aws",outcome="settled"} 1',
    );
    expect(metrics).toContain(
      'sla_agreements_settled_total{channel="channel-aws",outcome="disputed"} 1',
    );
  });

  it('leaves an agreement whose measurements are still coming to a later run', async () => {
    net = await withAgreements();
    net.clock.set(T0 + 5 * MINUTE);
    await agree(net, 'o-1', 'a-1', ['jitsi']);
    net.clock.set(T0 + 5 * MINUTE + HOUR + MINUTE);
    await expect(net.jobs().settleDue()).resolves.toMatchObject({ settled: 0, waiting: 1 });
  });

  it('settles each agreement once when both organisations run it at once', async () => {
    net = await withAgreements();
    net.clock.set(T0 + 5 * MINUTE);
    for (const n of [1, 2, 3]) await agree(net, `o-${n}`, `a-${n}`, ['jitsi']);
    net.clock.set(T0 + 5 * MINUTE + HOUR + LAG + 2 * MINUTE);
    await net.jobs().updateServices();

    const reports = await Promise.all([
      net.jobs({ identities: ['aws-ops'], settings: { settleBatch: 1 } }).settleDue(),
      net.jobs({ identities: ['consumer-alice'], settings: { settleBatch: 1 } }).settleDue(),
    ]);

    expect(reports.reduce((sum, report) => sum + report.settled, 0)).toBe(3);
    for (const n of [1, 2, 3]) {
      await expect(net.alice.getAgreement(`a-${n}`)).resolves.toMatchObject({ phase: 'settled' });
    }
  });
});

describe('the stop-expired job', () => {
  let net: JobNetwork;
  afterEach(async () => {
    await net?.close();
  });

  it("stops sessions still open on ended agreements: the provider's gateway at once, the consumer's after a delay", async () => {
    net = await withAgreements();
    net.clock.set(T0 + 5 * MINUTE);
    await agree(net, 'o-1', 'a-1', ['jitsi']);
    await agree(net, 'o-2', 'a-2', ['jitsi']);
    net.clock.set(T0 + 10 * MINUTE);
    await net.aws.startSession('a-1', 's-open', PLACEMENT);
    await net.aws.startSession('a-1', 's-done', PLACEMENT);
    await net.aws.startSession('a-2', 's-open', PLACEMENT);
    net.clock.set(T0 + 20 * MINUTE);
    await net.aws.stopSession('a-1', 's-done');
    const provider = net.jobs({ identities: ['aws-ops'] });
    const consumer = net.jobs({ identities: ['consumer-alice'] });

    await expect(provider.stopExpired()).resolves.toMatchObject({
      agreements: 0,
      sessionsStopped: 0,
    });

    const end = T0 + 5 * MINUTE + HOUR;
    net.clock.set(end + MINUTE);
    await expect(consumer.stopExpired()).resolves.toMatchObject({ sessionsStopped: 0 });
    const stopped = await provider.stopExpired();
    expect(stopped).toMatchObject({ outcome: 'success', agreements: 2, sessionsStopped: 2 });
    const sessions = await net.alice.sessions('a-1');
    expect(sessions.items).toEqual([
      expect.objectContaining({ sessionId: 's-done', stoppedAt: T0 + 20 * MINUTE }),
      expect.objectContaining({ sessionId: 's-open', stoppedAt: end, stoppedBy: 'AwsOrgMSP' }),
    ]);
    await expect(provider.stopExpired()).resolves.toMatchObject({ agreements: 0 });
  });

  it("lets the consumer's gateway stop them once its provider's has not", async () => {
    net = await withAgreements();
    net.clock.set(T0 + 5 * MINUTE);
    await agree(net, 'o-1', 'a-1', ['jitsi']);
    await net.aws.startSession('a-1', 's-1', PLACEMENT);
    const end = T0 + 5 * MINUTE + HOUR;
    net.clock.set(end + 11 * MINUTE);

    const report = await net.jobs({ identities: ['consumer-alice'] }).stopExpired();

    expect(report).toMatchObject({ sessionsStopped: 1, alreadyStopped: 0 });
    await expect(net.alice.sessions('a-1')).resolves.toMatchObject({
      items: [expect.objectContaining({ stoppedAt: end, stoppedBy: 'ConsumerOrgMSP' })],
    });
  });
});
