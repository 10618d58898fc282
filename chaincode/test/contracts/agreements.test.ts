import { cloudWatchService } from '../fixtures/services';
import {
  balance,
  feedMinutes,
  fund,
  measureUntil,
  monitorOf,
  registerService,
  HOUR,
  accept,
} from '../support/scenario';
import { expectRejected } from '../support/expectations';
import {
  AWS,
  AZURE,
  CONSUMER,
  T0,
  accountOf,
  slaNetwork,
  type SlaNetwork,
} from '../support/sla-network';

const MINUTE = 60;
const service = cloudWatchService();
const monitor = monitorOf(service);
const placement = JSON.stringify({ cluster: 'eu-1', region: 'eu-west-1', jurisdiction: 'EU' });

interface Agreement {
  agreementId: string;
  deposit: string;
  acceptedAt: number;
  lockUntil: number;
  status: string;
  settlement?: {
    charge: string;
    credit: string;
    creditBp: number;
    fullRefund: boolean;
    refund: string;
    usedSeconds: number;
    payouts: Array<{ mspId: string; amount: string }>;
    services: Array<{ key: string; measured: number; available: number; availabilityBp?: number }>;
  };
}

/** channel-aws with the service, alice funded, and an offer backed by the service. */
async function withOffer(
  offer: Record<string, unknown>,
  options: { outageMinutes?: number[] } = {},
): Promise<SlaNetwork> {
  const net = await slaNetwork();
  await registerService(net, net.people.aws, service);
  const down = new Set((options.outageMinutes ?? []).map((m) => T0 + m * MINUTE));
  feedMinutes(net, monitor, T0, T0 + 6 * HOUR, (t) => (down.has(t) ? 1 : 0));
  await fund(net, net.people.alice, 100_000n);
  await net.submit(
    net.people.aws,
    'offers:Create',
    JSON.stringify({ offerId: 'offer', services: ['jitsi-eu-1'], ...offer }),
  );
  return net;
}

const twoHours = { maxPeriodSeconds: 2 * HOUR };

describe('agreements:Accept', () => {
  it('escrows the deposit from the consumer and starts the clock', async () => {
    const net = await withOffer({ model: 'fixed', price: '10000', ...twoHours });
    net.setTime(T0 + 30);
    const agreement = await accept<Agreement>(net, net.people.alice, 'offer', 'a-1');
    expect(agreement).toMatchObject({
      deposit: '10000',
      acceptedAt: T0 + 30,
      lockUntil: T0 + 30 + 2 * HOUR,
      status: 'active',
      consumerOrg: CONSUMER,
    });
    expect(await balance(net, net.people.alice)).toBe(90_000n);
    const key = 'agreement\u0000a-1\u0000';
    expect(await net.channel.ledger.getValidationParameter(key)).toBeDefined();
  });

  it.each([
    [
      'prepaid-minutes',
      { model: 'prepaid-minutes', pricePerMinute: '25', minutes: 120, ...twoHours },
      '3000',
    ],
    ['dynamic', { model: 'dynamic', price: '7200', ...twoHours }, '7200'],
    [
      'flexible-period',
      { model: 'flexible-period', price: '7200', minimumCharge: '1000', ...twoHours },
      '7200',
    ],
  ])('escrows the %s deposit', async (_model, offer, deposit) => {
    const net = await withOffer(offer);
    await expect(accept(net, net.people.alice, 'offer', 'a-1')).resolves.toMatchObject({ deposit });
  });

  it('refuses without enough tokens and changes nothing', async () => {
    const net = await withOffer({ model: 'fixed', price: '10000', ...twoHours });
    await expectRejected(
      net,
      () => accept(net, net.people.bob, 'offer', 'a-1'),
      'may spend 0, less than the 10000 needed for the deposit of agreement a-1',
    );
  });

  it('refuses the offer provider, a duplicate id, a withdrawn offer and an exhausted one', async () => {
    const net = await withOffer({ model: 'fixed', price: '100', maxAcceptances: 2, ...twoHours });
    await expectRejected(
      net,
      () => accept(net, net.people.aws, 'offer', 'a-1'),
      'FORBIDDEN: AwsOrgMSP provides offer offer and cannot accept it',
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    await expectRejected(
      net,
      () => accept(net, net.people.alice, 'offer', 'a-1'),
      'ALREADY_EXISTS: agreement a-1',
    );
    await accept(net, net.people.alice, 'offer', 'a-2');
    await expectRejected(
      net,
      () => accept(net, net.people.alice, 'offer', 'a-3'),
      'was accepted 2 times, its limit',
    );
    await net.submit(net.people.aws, 'offers:Withdraw', 'offer');
    await expectRejected(
      net,
      () => accept(net, net.people.alice, 'offer', 'a-4'),
      'offer offer is withdrawn',
    );
  });

  it('refuses an offer still awaiting a provider approval', async () => {
    const net = await slaNetwork({ orgs: [CONSUMER, AWS, AZURE], policy: 'majority' });
    await fund(net, net.people.alice, 1000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({
        offerId: 'o',
        model: 'fixed',
        price: '10',
        ...twoHours,
        providers: [
          { mspId: AWS, shareBp: 5000 },
          { mspId: AZURE, shareBp: 5000 },
        ],
      }),
    );
    await expectRejected(
      net,
      () => accept(net, net.people.alice, 'o', 'a-1'),
      'offer o awaits approval by AzureOrgMSP',
    );
  });
});

describe('sessions', () => {
  it('start at a placement satisfying the constraints and stop', async () => {
    const net = await withOffer({
      model: 'fixed',
      price: '100',
      constraints: { regions: ['eu-west-1'], jurisdictions: ['EU'] },
      ...twoHours,
    });
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.advance(60);
    await expect(
      net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-1', placement),
    ).resolves.toMatchObject({ startedAt: T0 + 60, startedBy: AWS });
    await expectRejected(
      net,
      () =>
        net.submit(
          net.people.aws,
          'agreements:StartSession',
          'a-1',
          's-2',
          JSON.stringify({ cluster: 'us-1', region: 'us-east-1', jurisdiction: 'US' }),
        ),
      'FAILED_PRECONDITION: placement.region us-east-1 is not allowed (allowed regions: eu-west-1)',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-1', placement),
      'ALREADY_EXISTS: session of agreement a-1 s-1',
    );
    net.advance(300);
    await expect(
      net.submit(net.people.alice, 'agreements:StopSession', 'a-1', 's-1'),
    ).resolves.toMatchObject({ stoppedAt: T0 + 360 });
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:StopSession', 'a-1', 's-1'),
      'session s-1 stopped at',
    );
    const got = await net.evaluate<{ sessions: unknown[]; bookmark: string }>(
      net.people.alice,
      'agreements:Sessions',
      'a-1',
      '10',
      '',
    );
    expect(got).toMatchObject({ sessions: [{ sessionId: 's-1', stoppedAt: T0 + 360 }] });
    await expect(
      net.evaluate(net.people.azure, 'agreements:Sessions', 'a-1', '10', ''),
    ).rejects.toThrow('FORBIDDEN');
  });

  it('are refused to organisations outside the agreement', async () => {
    const net = await slaNetwork({ orgs: [CONSUMER, AWS, AZURE] });
    await fund(net, net.people.alice, 1000n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ offerId: 'offer', model: 'fixed', price: '10', ...twoHours }),
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    await expectRejected(
      net,
      () => net.submit(net.people.azure, 'agreements:StartSession', 'a-1', 's-1', placement),
      'FORBIDDEN: AzureOrgMSP may not start a session of agreement a-1',
    );
  });

  it('stop at the prepaid minutes and the session limit', async () => {
    const net = await withOffer({
      model: 'prepaid-minutes',
      pricePerMinute: '10',
      minutes: 5,
      maxSessions: 3,
      ...twoHours,
    });
    await accept(net, net.people.alice, 'offer', 'a-1');
    await net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-1', placement);
    net.advance(3 * MINUTE);
    await net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-2', placement); // overlapping
    net.advance(MINUTE); // 4 + 1 = 5 minutes used
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-3', placement),
      'has used its 5 prepaid minutes',
    );
    const limited = await withOffer({ model: 'fixed', price: '10', maxSessions: 1, ...twoHours });
    await accept(limited, limited.people.alice, 'offer', 'a-1');
    await limited.submit(limited.people.aws, 'agreements:StartSession', 'a-1', 's-1', placement);
    await expectRejected(
      limited,
      () => limited.submit(limited.people.aws, 'agreements:StartSession', 'a-1', 's-2', placement),
      'allows 1 sessions and all were started',
    );
  });

  it('cannot start once the agreement has ended', async () => {
    const net = await withOffer({ model: 'fixed', price: '10', ...twoHours });
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.advance(2 * HOUR);
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-1', placement),
      'agreement a-1 has ended; no session can start',
    );
  });
});

describe('agreements:Stop', () => {
  it('is for the consumer, before the lock time', async () => {
    const net = await withOffer({ model: 'dynamic', price: '7200', ...twoHours });
    await accept(net, net.people.alice, 'offer', 'a-1');
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'agreements:Stop', 'a-1'),
      'FORBIDDEN: AwsOrgMSP may not stop agreement a-1',
    );
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:Settle', 'a-1'),
      'runs until',
    );
    net.advance(HOUR);
    await expectRejected(
      net,
      () => net.submit(net.people.bob, 'agreements:Stop', 'a-1'),
      'FORBIDDEN: only the identity that accepted agreement a-1 or an administrator of ConsumerOrgMSP may stop it',
    );
    await expect(
      net.submit(net.people.consumerAdmin, 'agreements:Stop', 'a-1'),
    ).resolves.toMatchObject({
      status: 'stopped',
      stoppedAt: T0 + HOUR,
    });
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:Stop', 'a-1'),
      'has already ended',
    );
  });
});

describe('settlement', () => {
  async function settleWhenMeasured(net: SlaNetwork, end: number): Promise<Agreement> {
    net.setTime(end + 11 * MINUTE);
    await measureUntil(net, net.people.aws, 'jitsi-eu-1', Math.ceil(end / 60) * 60);
    return net.submit<Agreement>(net.people.alice, 'agreements:Settle', 'a-1');
  }

  it('credits 10 % of a fixed price for 119 of 120 minutes available', async () => {
    const net = await withOffer(
      { model: 'fixed', price: '10000', ...twoHours },
      { outageMinutes: [42] },
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    const settled = await settleWhenMeasured(net, T0 + 2 * HOUR);
    expect(settled.settlement).toMatchObject({
      charge: '10000',
      creditBp: 1000,
      credit: '1000',
      refund: '1000',
      payouts: [{ mspId: AWS, amount: '9000' }],
      services: [
        {
          key: 'jitsi-eu-1',
          periods: 120,
          measuredPeriods: 120,
          coverageBp: 10000,
          available: 119,
          unavailable: 1,
          availabilityBp: 9916,
        },
      ],
    });
    expect(await balance(net, net.people.alice)).toBe(100_000n - 10_000n + 1000n);
    expect(await balance(net, net.people.aws)).toBe(9000n);
  });

  it('charges a stopped dynamic agreement for the time used and credits 30 %', async () => {
    const net = await withOffer(
      { model: 'dynamic', price: '7200', ...twoHours },
      { outageMinutes: [3, 4] },
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.setTime(T0 + HOUR);
    await net.submit(net.people.alice, 'agreements:Stop', 'a-1');
    const settled = await settleWhenMeasured(net, T0 + HOUR);
    // 58 of 60 minutes → 9666 bp, below 99 % → 30 % of 3600.
    expect(settled.settlement).toMatchObject({
      usedSeconds: 3600,
      charge: '3600',
      creditBp: 3000,
      credit: '1080',
      refund: '4680',
    });
  });

  it('charges prepaid minutes by the sessions durations', async () => {
    const net = await withOffer({
      model: 'prepaid-minutes',
      pricePerMinute: '60',
      minutes: 100,
      ...twoHours,
    });
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.setTime(T0 + 10 * MINUTE);
    await net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-1', placement);
    net.setTime(T0 + 10 * MINUTE + 95);
    await net.submit(net.people.aws, 'agreements:StopSession', 'a-1', 's-1');
    net.setTime(T0 + HOUR);
    await net.submit(net.people.aws, 'agreements:StartSession', 'a-1', 's-2', placement); // open at the end
    net.setTime(T0 + HOUR + 5 * MINUTE);
    await net.submit(net.people.alice, 'agreements:Stop', 'a-1');
    const settled = await settleWhenMeasured(net, T0 + HOUR + 5 * MINUTE);
    expect(settled.settlement).toMatchObject({
      usedSeconds: 95 + 300,
      charge: '395',
      credit: '0',
      refund: String(6000 - 395),
    });
  });

  it('charges at least the minimum of a flexible period', async () => {
    const net = await withOffer({
      model: 'flexible-period',
      price: '7200',
      minimumCharge: '1800',
      ...twoHours,
    });
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.setTime(T0 + 10 * MINUTE);
    await net.submit(net.people.alice, 'agreements:Stop', 'a-1');
    const settled = await settleWhenMeasured(net, T0 + 10 * MINUTE);
    expect(settled.settlement).toMatchObject({ usedSeconds: 600, charge: '1800', refund: '5400' });
  });

  it('refunds everything when availability fell below the full-refund threshold', async () => {
    const outage = Array.from({ length: 40 }, (_, m) => m + 10); // 80 of 120 minutes available
    const net = await withOffer(
      { model: 'fixed', price: '10000', ...twoHours },
      { outageMinutes: outage },
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    const settled = await settleWhenMeasured(net, T0 + 2 * HOUR);
    expect(settled.settlement).toMatchObject({
      fullRefund: true,
      credit: '10000',
      refund: '10000',
      payouts: [{ mspId: AWS, amount: '0' }],
    });
    expect(await balance(net, net.people.alice)).toBe(100_000n);
  });

  it('waits for measurement up to the end, then excludes what was never measured', async () => {
    const net = await withOffer(
      { model: 'fixed', price: '10000', ...twoHours, settlementGraceSeconds: HOUR },
      { outageMinutes: [5] },
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.setTime(T0 + 2 * HOUR + 30 * MINUTE);
    await measureUntil(net, net.people.aws, 'jitsi-eu-1', T0 + 110 * MINUTE);
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:Settle', 'a-1'),
      'service jitsi-eu-1 is measured up to 2026-11-25T11:50:00Z and agreement a-1 needs 2026-11-25T12:00:00Z; settlement waits for it until 2026-11-25T13:00:00Z',
    );
    net.setTime(T0 + 3 * HOUR);
    // 110 of 120 minutes measured (91.66 % ≥ the 90 % minimum coverage): the 10 others count in neither number.
    const settled = await net.submit<Agreement>(net.people.alice, 'agreements:Settle', 'a-1');
    expect(settled.settlement?.services[0]).toMatchObject({
      periods: 120,
      measuredPeriods: 110,
      coverageBp: 9166,
      available: 109,
      unavailable: 1,
      availabilityBp: 9909,
    });
    expect(settled.settlement).toMatchObject({
      creditBp: 1000,
      credit: '1000',
      decidedBy: 'measurement',
    });
  });

  it('puts an agreement measured too little in dispute, keeping the escrow, until late measurement completes it', async () => {
    const net = await withOffer({ model: 'fixed', price: '10000', ...twoHours });
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.setTime(T0 + 3 * HOUR + 15 * MINUTE);
    await measureUntil(net, net.people.aws, 'jitsi-eu-1', T0 + HOUR); // the consumer's peer stopped endorsing
    const disputed = await net.submit<Agreement>(net.people.aws, 'agreements:Settle', 'a-1');
    expect(disputed).toMatchObject({
      status: 'disputed',
      phase: 'disputed',
      dispute: {
        since: T0 + 3 * HOUR + 15 * MINUTE,
        deadline: T0 + 3 * HOUR + 15 * MINUTE + 30 * 86_400,
        shortfalls: [
          {
            key: 'jitsi-eu-1',
            periods: 120,
            measuredPeriods: 60,
            coverageBp: 5000,
            missingFrom: T0 + HOUR,
            missingUntil: T0 + 2 * HOUR,
          },
        ],
        resolutions: [],
      },
    });
    expect(await balance(net, net.people.alice)).toBe(90_000n); // the deposit stays in escrow
    expect(await balance(net, net.people.aws)).toBe(0n);
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:Settle', 'a-1'),
      'agreement a-1 is disputed: service jitsi-eu-1 is measured over 60 of 120 periods',
    );
    expect(await net.submit(net.people.aws, 'agreements:SettleDue', '10')).toEqual({
      settled: [],
      disputed: [],
      waiting: [],
    }); // it left the due index
    await measureUntil(net, net.people.aws, 'jitsi-eu-1', T0 + 2 * HOUR); // late, while CloudWatch keeps the data
    const settled = await net.submit<Agreement>(net.people.alice, 'agreements:Settle', 'a-1');
    expect(settled).toMatchObject({
      status: 'settled',
      settlement: { decidedBy: 'measurement', credit: '0', services: [{ coverageBp: 10000 }] },
    });
    expect(await balance(net, net.people.aws)).toBe(10_000n);
  });

  it('pays out exactly once', async () => {
    const net = await withOffer({ model: 'fixed', price: '10000', ...twoHours });
    await accept(net, net.people.alice, 'offer', 'a-1');
    await settleWhenMeasured(net, T0 + 2 * HOUR);
    await expectRejected(
      net,
      () => net.submit(net.people.alice, 'agreements:Settle', 'a-1'),
      'agreement a-1 is already settled',
    );
  });

  it('keeps a service that backs an unsettled agreement from being deactivated', async () => {
    const net = await withOffer({ model: 'fixed', price: '10000', ...twoHours });
    await accept(net, net.people.alice, 'offer', 'a-1');
    await expectRejected(
      net,
      () => net.submit(net.people.aws, 'services:Deactivate', 'jitsi-eu-1'),
      'backs agreements that are not settled yet (a-1)',
    );
    await settleWhenMeasured(net, T0 + 2 * HOUR);
    await expect(
      net.submit(net.people.aws, 'services:Deactivate', 'jitsi-eu-1'),
    ).resolves.toMatchObject({ status: 'deactivated' });
  });

  it('divides the income among providers by their shares', async () => {
    const net = await slaNetwork({
      orgs: [CONSUMER, AWS, AZURE],
      policy: 'majority',
      channelId: 'channel-market',
    });
    await fund(net, net.people.alice, 1000n);
    const offer = {
      offerId: 'fed',
      model: 'fixed',
      price: '1001',
      ...twoHours,
      providers: [
        { mspId: AWS, shareBp: 5000 },
        { mspId: AZURE, shareBp: 5000 },
      ],
    };
    await net.submit(net.people.aws, 'offers:Create', JSON.stringify({ ...offer, price: '999' }));
    await net.submit(net.people.azure, 'offers:Approve', 'fed', JSON.stringify({ shareBp: 5000 }));
    await accept(net, net.people.alice, 'fed', 'a-1');
    net.setTime(T0 + 2 * HOUR);
    const settled = await net.submit<Agreement>(net.people.azure, 'agreements:Settle', 'a-1');
    // 999 / 2 = 499.5 each: the tied remainder goes to the lower MSP id, AwsOrgMSP.
    expect(settled.settlement?.payouts).toEqual([
      { mspId: AWS, account: accountOf(net.people.aws), amount: '500' },
      { mspId: AZURE, account: accountOf(net.people.azure), amount: '499' },
    ]);
    expect(await balance(net, net.people.azure)).toBe(499n);
  });
});

describe('agreements:SettleDue', () => {
  it('settles the ended, ready agreements of the caller organisation', async () => {
    const net = await withOffer({ model: 'fixed', price: '100', ...twoHours });
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.setTime(T0 + 10 * MINUTE);
    await accept(net, net.people.alice, 'offer', 'a-2');
    await accept(net, net.people.alice, 'offer', 'a-3');
    await net.submit(net.people.alice, 'agreements:Stop', 'a-3');
    net.setTime(T0 + 2 * HOUR + 30 * MINUTE);
    await measureUntil(net, net.people.aws, 'jitsi-eu-1', T0 + 2 * HOUR); // a-1 and a-3 are measured, a-2 is not
    const result = await net.submit<{ settled: Agreement[]; waiting: string[] }>(
      net.people.aws,
      'agreements:SettleDue',
      '10',
    );
    expect(result.settled.map((a) => a.agreementId).sort()).toEqual(['a-1', 'a-3']);
    expect(result.waiting).toEqual(['a-2']);
    const again = await net.submit<{ settled: Agreement[]; waiting: string[] }>(
      net.people.aws,
      'agreements:SettleDue',
      '10',
    );
    expect(again).toEqual({ settled: [], disputed: [], waiting: ['a-2'] });
  });

  it('settles nothing for an organisation that is no party', async () => {
    const net = await slaNetwork({ orgs: [CONSUMER, AWS, AZURE] });
    await fund(net, net.people.alice, 100n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ offerId: 'offer', model: 'fixed', price: '10', ...twoHours }),
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    net.setTime(T0 + 3 * HOUR);
    await expect(net.submit(net.people.azure, 'agreements:SettleDue', '5')).resolves.toEqual({
      settled: [],
      disputed: [],
      waiting: [],
    });
    await expect(net.submit(net.people.aws, 'agreements:SettleDue', '5')).resolves.toMatchObject({
      settled: [{ agreementId: 'a-1' }],
    });
  });
});

describe('reading agreements', () => {
  it('shows agreements to their parties and lists them by status and offer', async () => {
    const net = await slaNetwork({ orgs: [CONSUMER, AWS, AZURE] });
    await fund(net, net.people.alice, 100n);
    await net.submit(
      net.people.aws,
      'offers:Create',
      JSON.stringify({ offerId: 'offer', model: 'fixed', price: '10', ...twoHours }),
    );
    await accept(net, net.people.alice, 'offer', 'a-1');
    await accept(net, net.people.alice, 'offer', 'a-2');
    await net.submit(net.people.alice, 'agreements:Stop', 'a-2');
    await expect(net.evaluate(net.people.azure, 'agreements:Get', 'a-1')).rejects.toThrow(
      'FORBIDDEN: AzureOrgMSP may not read agreement a-1',
    );
    const list = async (who: typeof net.people.alice, filter: object): Promise<string[]> =>
      (
        await net.evaluate<{ agreements: Agreement[] }>(
          who,
          'agreements:List',
          JSON.stringify(filter),
          '10',
          '',
        )
      ).agreements.map((a) => a.agreementId);
    expect(await list(net.people.aws, {})).toEqual(['a-1', 'a-2']);
    expect(await list(net.people.alice, { phase: 'stopped' })).toEqual(['a-2']);
    expect(await list(net.people.alice, { phase: 'running' })).toEqual(['a-1']);
    expect(await list(net.people.alice, { offerId: 'other' })).toEqual([]);
    expect(await list(net.people.azure, {})).toEqual([]);
    net.advance(3 * HOUR);
    expect(await list(net.people.alice, { phase: 'expired' })).toEqual(['a-1']);
    await expect(
      net.evaluate(net.people.alice, 'agreements:List', '{"phase":"done"}', '10', ''),
    ).rejects.toThrow('filter.phase must be one of running, stopped, expired, disputed, settled');
  });
});
