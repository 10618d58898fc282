/**
 * One agreement from minting to settlement, through real HTTP against the
 * consumer organisation's gateway on the embedded three-organisation ledger,
 * every peer reading the CloudWatch and Azure Monitor emulators through the
 * real SDKs with its own sealed credentials, and the gateway's scheduled jobs
 * (run by hand on the shared clock) measuring, stopping and settling.
 *
 * The offer lives on channel-market: an offer names services on its own
 * channel (DESIGN.md, "Who agrees to a monitor"), so each provider registers
 * the service it runs there, with the consumer as the service's consumer.
 *
 * Every expected number below is worked out from DESIGN.md's rules in the
 * comments, not by calling the chaincode's own functions.
 */
import { AWS, AZURE, CONSUMER } from '../../src/demo/demo-consortium';
import { ORGANISATIONS } from '../../src/demo/local-monitoring';
import { startFlowGateway, type FlowGateway, type Holder } from './flow-gateway';

const MINUTE = 60;
/** 2026-11-25T10:00:00Z; `hh(10, 20)` is 10:20:00 that day. */
const START = Date.parse('2026-11-25T10:00:00Z') / 1000;
const hh = (hours: number, minutes: number, seconds = 0): number =>
  START + (hours - 10) * 3600 + minutes * MINUTE + seconds;

const market = '/api/channels/channel-market';
const AWS_SERVICE = 'jitsi-ec2-flow';
const AZURE_SERVICE = 'jvb-azure-flow';
const INSTANCE = 'i-0flowaws';
const VM =
  '/subscriptions/0000-1111/resourceGroups/jitsi/providers/Microsoft.Compute/virtualMachines/jvb-flow';
const OFFER = 'federated-meetings';
const AGREEMENT = 'meetings-1';

// The scenario, in the monitors:
// - CloudWatch, AWS/EC2 StatusCheckFailed of the EC2 instance: 1 (failed) at 10:00, the period
//   before the agreement's first, and for 3 minutes 10:20–10:23; 0 otherwise.
// - Azure Monitor, "Percentage CPU" of the VM: no data for the minute 10:30; data otherwise.
const EC2_FAILED = [hh(10, 0), hh(10, 20), hh(10, 21), hh(10, 22)];
const VM_SILENT = [hh(10, 30)];

// The timeline (the ledger's transaction times).
const ACCEPTED = hh(10, 0, 30);
const SESSION_1 = { start: hh(10, 2, 10), stop: hh(10, 40, 37) };
const SESSION_2_START = hh(10, 15);
const STOPPED = hh(11, 0, 45);

// The terms: prepaid minutes, 90 minutes at 133 a minute; AwsOrg 6000 bp, AzureOrg 4000 bp.
const PRICE_PER_MINUTE = 133n;
const MINUTES = 90n;
const SHARES = { [AWS]: 6000n, [AZURE]: 4000n };
const MINTED = 20_000n;

const ec2Tiers = [
  { belowBp: 9999, creditBp: 1000 },
  { belowBp: 9900, creditBp: 3000 },
  { belowBp: 9500, creditBp: 10000 },
];
const vmTiers = [
  { belowBp: 9990, creditBp: 1000 },
  { belowBp: 9900, creditBp: 2500 },
];

/** The credit tier rule: the largest credit among the tiers whose "below" is strictly above the availability. */
function tierCredit(tiers: ReadonlyArray<{ belowBp: number; creditBp: number }>, bp: bigint) {
  return tiers.reduce(
    (credit, tier) =>
      bp < BigInt(tier.belowBp) && tier.creditBp > credit ? tier.creditBp : credit,
    0,
  );
}

let gateway: FlowGateway;
const call = (method: string, path: string, as: Holder, body?: unknown) =>
  gateway.request(method, path, as, body);
const accountIds: Partial<Record<Holder, string>> = {};
async function balanceOf(holder: Holder) {
  const account = encodeURIComponent(accountIds[holder] as string);
  const response = await call('GET', `${market}/accounts/${account}`, holder);
  expect(response.status).toBe(200);
  return response.body as { balance: string; spendable: string; arriving: string };
}

beforeAll(async () => {
  gateway = await startFlowGateway(START);
  const minutes = Array.from({ length: 4 * 60 }, (_, m) => hh(9, 0) + m * MINUTE); // 09:00–13:00
  gateway.monitoring.cloudWatch.putDatapoints(
    { namespace: 'AWS/EC2', metricName: 'StatusCheckFailed', dimensions: { InstanceId: INSTANCE } },
    minutes.map((t) => ({ timestamp: new Date(t * 1000), value: EC2_FAILED.includes(t) ? 1 : 0 })),
  );
  gateway.monitoring.azure.addSamples(
    VM,
    'Percentage CPU',
    minutes
      .filter((t) => !VM_SILENT.includes(t))
      .map((t) => ({ timeStamp: t * 1000, value: 20 + (t % 7) })),
  );
});
afterAll(() => gateway?.close());

describe('a two-provider agreement on channel-market, from mint to settlement', () => {
  it('mints tokens to the consumer, who collects them', async () => {
    for (const holder of ['consumer-alice', 'aws-ops', 'azure-ops'] as const) {
      const mine = await call('GET', `${market}/accounts/mine`, holder);
      expect(mine.status).toBe(200);
      accountIds[holder] = mine.body.accountId;
    }
    const alice = encodeURIComponent(accountIds['consumer-alice'] as string);
    const minted = await call('POST', `${market}/accounts/${alice}/mints`, 'consumer-treasury', {
      amount: MINTED.toString(),
    });
    expect(minted.status).toBe(201);
    expect(await balanceOf('consumer-alice')).toEqual({
      accountId: accountIds['consumer-alice'],
      balance: '20000',
      spendable: '0',
      arriving: '20000',
    });
    const collected = await call('POST', `${market}/accounts/mine/collections`, 'consumer-alice');
    expect(collected.status).toBe(201);
    expect(collected.body).toMatchObject({ collected: '20000', spendable: '20000' });
  });

  it('registers each provider’s monitored service on channel-market', async () => {
    const ec2 = await call('POST', `${market}/services`, 'aws-ops', {
      key: AWS_SERVICE,
      description: 'Jitsi Meet on EC2 in eu-west-1',
      providerOrg: AWS,
      consumerOrg: CONSUMER,
      monitor: {
        kind: 'cloudwatch',
        credentialsRef: 'aws-monitoring',
        region: 'eu-west-1',
        namespace: 'AWS/EC2',
        metricName: 'StatusCheckFailed',
        dimensions: [{ name: 'InstanceId', value: INSTANCE }],
        statistic: 'Maximum',
        availableWhen: { comparison: 'eq', threshold: '0' },
        missingData: 'unavailable',
      },
      sla: {
        periodSeconds: 60,
        promisedAvailabilityBp: 9999,
        creditTiers: ec2Tiers,
        fullRefundBelowBp: 7500,
        measuredFrom: START,
        settleLagSeconds: 600,
      },
    });
    expect(ec2.status).toBe(201);
    const vm = await call('POST', `${market}/services`, 'azure-ops', {
      key: AZURE_SERVICE,
      description: 'Jitsi video bridge on an Azure VM in westeurope',
      providerOrg: AZURE,
      consumerOrg: CONSUMER,
      monitor: {
        kind: 'azure-monitor',
        credentialsRef: 'azure-monitoring',
        region: 'westeurope',
        resourceId: VM,
        metricNamespace: 'Microsoft.Compute/virtualMachines',
        metricName: 'Percentage CPU',
        aggregation: 'Average',
        availableWhen: { comparison: 'present' },
        missingData: 'unavailable',
      },
      sla: {
        periodSeconds: 60,
        promisedAvailabilityBp: 9990,
        creditTiers: vmTiers,
        measuredFrom: START,
        settleLagSeconds: 600,
      },
    });
    expect(vm.status).toBe(201);
  });

  it('creates the offer with two providers; it is acceptable once AzureOrg approved its share', async () => {
    const created = await call('POST', `${market}/offers`, 'aws-ops', {
      offerId: OFFER,
      title: 'Jitsi Meet across AWS and Azure, prepaid minutes',
      model: 'prepaid-minutes',
      pricePerMinute: PRICE_PER_MINUTE.toString(),
      minutes: Number(MINUTES),
      maxPeriodSeconds: 2 * 3600,
      providers: [
        { mspId: AWS, shareBp: Number(SHARES[AWS]) },
        { mspId: AZURE, shareBp: Number(SHARES[AZURE]) },
      ],
      services: [AWS_SERVICE, AZURE_SERVICE],
      constraints: { regions: ['eu-west-1', 'westeurope'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      acceptable: false,
      awaitingApproval: [AZURE],
      consumers: [CONSUMER],
    });
    const approved = await call('POST', `${market}/offers/${OFFER}/approvals`, 'azure-ops', {
      shareBp: Number(SHARES[AZURE]),
    });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ acceptable: true, awaitingApproval: [] });
    expect(approved.body.providers).toEqual([
      expect.objectContaining({ mspId: AWS, shareBp: 6000, payoutAccount: accountIds['aws-ops'] }),
      expect.objectContaining({
        mspId: AZURE,
        shareBp: 4000,
        payoutAccount: accountIds['azure-ops'],
      }),
    ]);
  });

  it('the consumer accepts the version it read: the deposit goes into escrow', async () => {
    gateway.at(ACCEPTED);
    const offer = await call('GET', `${market}/offers/${OFFER}`, 'consumer-alice');
    expect(offer.status).toBe(200);
    const accepted = await call('POST', `${market}/agreements`, 'consumer-alice', {
      offerId: OFFER,
      offerVersion: offer.body.version,
      agreementId: AGREEMENT,
    });
    expect(accepted.status).toBe(201);
    // Prepaid minutes: deposit = minutes × price per minute = 90 × 133 = 11970.
    const deposit = MINUTES * PRICE_PER_MINUTE;
    expect(deposit).toBe(11_970n);
    expect(accepted.body).toMatchObject({
      phase: 'running',
      deposit: deposit.toString(),
      acceptedAt: ACCEPTED,
      lockUntil: ACCEPTED + 2 * 3600,
    });
    expect(await balanceOf('consumer-alice')).toMatchObject({
      balance: (MINTED - deposit).toString(), // 8030
      spendable: '8030',
      arriving: '0',
    });
  });

  it('records sessions placed by each provider', async () => {
    const sessions = `${market}/agreements/${AGREEMENT}/sessions`;
    gateway.at(SESSION_1.start);
    const first = await call('POST', sessions, 'aws-ops', {
      sessionId: 'call-1',
      placement: { cluster: 'eks-eu-1', region: 'eu-west-1' },
    });
    expect(first.status).toBe(201);
    expect(first.body.startedAt).toBe(SESSION_1.start);
    gateway.at(SESSION_2_START);
    const second = await call('POST', sessions, 'azure-ops', {
      sessionId: 'call-2',
      placement: { cluster: 'aks-we-1', region: 'westeurope' },
    });
    expect(second.status).toBe(201);
    const outside = await call('POST', sessions, 'aws-ops', {
      sessionId: 'call-us',
      placement: { cluster: 'eks-us-1', region: 'us-east-1' },
    });
    expect(outside.status).toBe(409);
  });

  it('update-services measures both services through the monitors while the agreement runs', async () => {
    gateway.at(hh(10, 35));
    const report = await gateway.jobs.updateServices();
    // Measured up to now − settle lag = 10:25, from measuredFrom 10:00: 25 periods of each service.
    expect(report).toMatchObject({
      outcome: 'success',
      failures: [],
      windowsMeasured: 2,
      periodsMeasured: 50,
      steppedIn: 0,
    });
    const running = await call('GET', `${market}/agreements/${AGREEMENT}`, 'consumer-alice');
    expect(running.status).toBe(200);
    // Periods so far: aligned starts t with accepted (10:00:30) ≤ t < 10:35, i.e. 10:01 … 10:34 = 34;
    // measured up to 10:25: 10:01 … 10:24 = 24; coverage ⌊24 × 10000 ÷ 34⌋ = 7058 bp.
    const soFar = { from: hh(10, 1), until: hh(10, 35), periods: 34, measuredUntil: hh(10, 25) };
    expect(running.body.phase).toBe('running');
    expect(running.body.coverage).toEqual([
      { serviceKey: AWS_SERVICE, ...soFar, measuredPeriods: 24, coverageBp: 7058 },
      { serviceKey: AZURE_SERVICE, ...soFar, measuredPeriods: 24, coverageBp: 7058 },
    ]);
  });

  it('stops a session, then the agreement; stop-expired ends the session left open at the agreement’s end', async () => {
    gateway.at(SESSION_1.stop);
    const stopped = await call(
      'POST',
      `${market}/agreements/${AGREEMENT}/sessions/call-1/stop`,
      'consumer-alice',
    );
    expect(stopped.status).toBe(200);
    expect(stopped.body.stoppedAt - stopped.body.startedAt).toBe(SESSION_1.stop - SESSION_1.start);

    gateway.at(STOPPED);
    const agreement = await call(
      'POST',
      `${market}/agreements/${AGREEMENT}/stop`,
      'consumer-alice',
    );
    expect(agreement.status).toBe(200);
    expect(agreement.body).toMatchObject({ phase: 'stopped', stoppedAt: STOPPED });

    gateway.at(hh(11, 2));
    const report = await gateway.jobs.stopExpired();
    expect(report).toMatchObject({ outcome: 'success', failures: [], sessionsStopped: 1 });
    const second = await call(
      'GET',
      `${market}/agreements/${AGREEMENT}/sessions/call-2`,
      'consumer-alice',
    );
    // A session still open when the agreement ended ends there, not when the job ran (11:02).
    expect(second.body).toMatchObject({ startedAt: SESSION_2_START, stoppedAt: STOPPED });
  });

  it('settlement waits until both services are measured to the agreement’s end', async () => {
    const due = await gateway.jobs.settleDue();
    expect(due).toMatchObject({ outcome: 'success', settled: 0, disputed: 0 });
    const early = await call(
      'POST',
      `${market}/agreements/${AGREEMENT}/settlement`,
      'consumer-alice',
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('measured up to');
  });

  it('measures the outage through CloudWatch and the missing minute through Azure Monitor', async () => {
    // The last period of the agreement starts at 11:00 (< the stop, 11:00:45) and ends at 11:01;
    // it is readable from 11:01 + the settle lag (600 s) = 11:11.
    gateway.at(hh(11, 11));
    const report = await gateway.jobs.updateServices();
    // 10:25 → 11:01: 36 periods of each service.
    expect(report).toMatchObject({
      outcome: 'success',
      failures: [],
      windowsMeasured: 2,
      periodsMeasured: 72,
    });

    const windows = async (key: string) => {
      const page = await call(
        'GET',
        `${market}/services/${key}/measurements?pageSize=50`,
        'consumer-alice',
      );
      expect(page.status).toBe(200);
      return page.body.items.map((w: { start: number; verdicts: string }) => [w.start, w.verdicts]);
    };
    // EC2: 10:00 failed; 10:01–10:19 up (19); 10:20–10:22 failed (3); 10:23–10:24 up (2); then all up.
    expect(await windows(AWS_SERVICE)).toEqual([
      [hh(10, 0), `U${'A'.repeat(19)}UUUAA`],
      [hh(10, 25), 'A'.repeat(36)],
    ]);
    // VM: up until 10:29 (5 periods from 10:25), nothing at 10:30 (unavailable), up 10:31–11:00 (30).
    expect(await windows(AZURE_SERVICE)).toEqual([
      [hh(10, 0), 'A'.repeat(25)],
      [hh(10, 25), `${'A'.repeat(5)}U${'A'.repeat(30)}`],
    ]);

    // Each endorsing organisation — the service's consumer and provider — read the monitor itself,
    // with its own credentials (local-monitoring gives organisation i the access key
    // AKIASIMULATOR000000<i> and the Azure client <org>-monitoring-reader).
    const cloudWatchReaders = new Set(
      gateway.monitoring.cloudWatch.calls
        .filter((c) => c.operation === 'GetMetricData')
        .map((c) => c.accessKeyId),
    );
    expect(cloudWatchReaders).toEqual(
      new Set(
        [CONSUMER, AWS].map(
          (org) => `AKIASIMULATOR000000${(ORGANISATIONS as readonly string[]).indexOf(org)}`,
        ),
      ),
    );
    const azureReaders = new Set(
      gateway.monitoring.azure.calls
        .filter((c) => c.path.includes('metrics'))
        .map((c) => c.clientId),
    );
    expect(azureReaders).toEqual(
      new Set([CONSUMER, AZURE].map((org) => `${org.toLowerCase()}-monitoring-reader`)),
    );

    // The service itself (not the agreement) counts the 10:00 failure too: 57 of 61 periods,
    // ⌊570000 ÷ 61⌋ = 9344 bp, below 9500 → its tiers would give 10000 bp so far.
    const ec2 = await call('GET', `${market}/services/${AWS_SERVICE}`, 'consumer-alice');
    expect(ec2.body.meter).toMatchObject({
      measuredUntil: hh(11, 1),
      available: 57,
      unavailable: 4,
    });
    expect(ec2.body.soFar).toMatchObject({
      availabilityBp: 9344,
      creditBp: 10000,
      fullRefund: false,
    });
  });

  it('settle-due settles the agreement; balances follow DESIGN.md’s arithmetic exactly', async () => {
    const due = await gateway.jobs.settleDue();
    expect(due).toMatchObject({ outcome: 'success', settled: 1, disputed: 0 });

    // Periods of the agreement: aligned starts t with 10:00:30 ≤ t < 11:00:45 → 10:01 … 11:00 = 60
    // per service (the 10:00 failure lies before acceptance and does not count).
    const periods = 60n;
    // EC2: 3 unavailable (10:20, 10:21, 10:22) → ⌊57 × 10000 ÷ 60⌋ = 9500 bp: not below 9500, below 9900 → 3000 bp.
    const ec2Availability = ((periods - 3n) * 10_000n) / periods;
    expect(ec2Availability).toBe(9500n);
    expect(tierCredit(ec2Tiers, ec2Availability)).toBe(3000);
    // VM: 1 unavailable (10:30) → ⌊59 × 10000 ÷ 60⌋ = 9833 bp: below 9900 → 2500 bp.
    const vmAvailability = ((periods - 1n) * 10_000n) / periods;
    expect(vmAvailability).toBe(9833n);
    expect(tierCredit(vmTiers, vmAvailability)).toBe(2500);
    // A composed service is as good as its weakest part: the agreement's credit is the largest, 3000 bp.
    // Neither is below a full-refund threshold (EC2's is 7500 bp; the VM has none).
    const creditBp = 3000n;

    // Used seconds (prepaid minutes): the sessions' durations added up, rounded once on the total.
    // call-1 10:02:10 → 10:40:37 = 2307 s; call-2 10:15:00 → 11:00:45 (the agreement's end) = 2745 s.
    const usedSeconds = BigInt(SESSION_1.stop - SESSION_1.start + (STOPPED - SESSION_2_START));
    expect(usedSeconds).toBe(5052n);
    const deposit = MINUTES * PRICE_PER_MINUTE; // 11970
    // charge = ⌊used seconds × price per minute ÷ 60⌋ = ⌊5052 × 133 ÷ 60⌋ = ⌊671916 ÷ 60⌋ = ⌊11198.6⌋ = 11198 (≤ deposit).
    const charge = (usedSeconds * PRICE_PER_MINUTE) / 60n;
    expect(charge).toBe(11_198n);
    // credit = ⌊charge × credit bp ÷ 10000⌋ = ⌊11198 × 3000 ÷ 10000⌋ = ⌊3359.4⌋ = 3359.
    const credit = (charge * creditBp) / 10_000n;
    expect(credit).toBe(3359n);
    // The providers share charge − credit = 7839 by largest remainder:
    // AwsOrg 7839 × 6000 ÷ 10000 = 4703.4, AzureOrg 7839 × 4000 ÷ 10000 = 3135.6; the floors add up to
    // 7838, and the one unit left goes to the largest remainder (0.6, AzureOrg): 4703 and 3136.
    const income = charge - credit;
    expect(income).toBe(7839n);
    const awsPayout = 4703n;
    const azurePayout = 3136n;
    expect((income * SHARES[AWS]) / 10_000n).toBe(awsPayout);
    expect((income * SHARES[AZURE]) / 10_000n + 1n).toBe(azurePayout);
    expect(awsPayout + azurePayout).toBe(income);
    // The consumer gets deposit − charge + credit = 11970 − 11198 + 3359 = 4131.
    const refund = deposit - charge + credit;
    expect(refund).toBe(4131n);
    // Payouts plus refund equal the deposit.
    expect(awsPayout + azurePayout + refund).toBe(deposit);

    const settled = await call('GET', `${market}/agreements/${AGREEMENT}`, 'aws-ops');
    expect(settled.status).toBe(200);
    expect(settled.body.phase).toBe('settled');
    expect(settled.body.settlement).toMatchObject({
      decidedBy: 'measurement',
      usedSeconds: Number(usedSeconds),
      charge: charge.toString(),
      creditBp: Number(creditBp),
      fullRefund: false,
      credit: credit.toString(),
      refund: refund.toString(),
      payouts: [
        { mspId: AWS, account: accountIds['aws-ops'], amount: awsPayout.toString() },
        { mspId: AZURE, account: accountIds['azure-ops'], amount: azurePayout.toString() },
      ],
    });
    const outcome = { periods: 60, measuredPeriods: 60, coverageBp: 10000, excluded: 0 };
    expect(settled.body.settlement.services).toEqual([
      {
        key: AWS_SERVICE,
        ...outcome,
        available: 57,
        unavailable: 3,
        availabilityBp: 9500,
        creditBp: 3000,
        fullRefund: false,
      },
      {
        key: AZURE_SERVICE,
        ...outcome,
        available: 59,
        unavailable: 1,
        availabilityBp: 9833,
        creditBp: 2500,
        fullRefund: false,
      },
    ]);
    // Coverage as the consumer sees it (it consumes both services)…
    const whole = { from: hh(10, 1), until: hh(11, 1), periods: 60, measuredUntil: hh(11, 1) };
    const read = await call('GET', `${market}/agreements/${AGREEMENT}`, 'consumer-alice');
    expect(read.body.settlement).toEqual(settled.body.settlement);
    expect(read.body.coverage).toEqual([
      { serviceKey: AWS_SERVICE, ...whole, measuredPeriods: 60, coverageBp: 10000 },
      { serviceKey: AZURE_SERVICE, ...whole, measuredPeriods: 60, coverageBp: 10000 },
    ]);
    // …and as AwsOrg does: it may read its own service only, so AzureOrg's meter is not shown to it.
    expect(settled.body.coverage).toEqual([
      { serviceKey: AWS_SERVICE, ...whole, measuredPeriods: 60, coverageBp: 10000 },
      { serviceKey: AZURE_SERVICE, from: hh(10, 1), until: hh(11, 1), periods: 60 },
    ]);

    // Balances on channel-market: the consumer had 20000 − 11970 = 8030 spendable; the refund arrives.
    expect(await balanceOf('consumer-alice')).toMatchObject({
      balance: (MINTED - deposit + refund).toString(), // 12161
      spendable: '8030',
      arriving: '4131',
    });
    expect(await balanceOf('aws-ops')).toMatchObject({ balance: '4703', arriving: '4703' });
    expect(await balanceOf('azure-ops')).toMatchObject({ balance: '3136', arriving: '3136' });
    const collected = await call('POST', `${market}/accounts/mine/collections`, 'consumer-alice');
    expect(collected.body).toMatchObject({ collected: '4131', spendable: '12161' });

    // Settled once: the job and the API find nothing more to do.
    expect(await gateway.jobs.settleDue()).toMatchObject({ settled: 0, disputed: 0 });
    const again = await call(
      'POST',
      `${market}/agreements/${AGREEMENT}/settlement`,
      'consumer-alice',
    );
    expect(again.status).toBe(409);
  });
});
