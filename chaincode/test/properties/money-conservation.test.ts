/**
 * Money is neither created nor destroyed: random sequences of mints,
 * transfers, collections, acceptances under the four pricing models (one
 * offer shared by two providers with unequal shares), sessions, stops,
 * measurements of the service, settlements, disputes and their resolution,
 * and governance of the shared offer — each sent through the chaincode's real
 * dispatch on the embedded channel-market, some of them several to a block —
 * keep every token either in an account (spendable or arrived) or in the
 * escrow of an unsettled agreement.
 */
import fc from 'fast-check';
import { agreementEnd, type AgreementRecord } from '../../src/domain/agreement';
import { alignDown } from '../../src/domain/time';
import type { CreditRecord, MeterRecord, SpendableRecord } from '../../src/state/records';
import { KEY, stateKey } from '../../src/state/keys';
import { cloudWatchService } from '../fixtures/services';
import {
  ChaincodeError,
  type PreparedTransaction,
  type StateEntry,
} from '@sla-ledger/embedded-network';
import { HOUR, feedMinutes, fund, monitorOf, registerService } from '../support/scenario';
import {
  AWS,
  AZURE,
  CONSUMER,
  T0,
  accountOf,
  slaNetwork,
  type People,
  type SlaNetwork,
} from '../support/sla-network';

const NUM_RUNS = Number(process.env.SLA_PROPERTY_RUNS ?? 800);
const MINUTE = 60;

const SERVICE = cloudWatchService();
const SERVICE_KEY = String(SERVICE.key);
const MONITOR = monitorOf(SERVICE);
const SETTLE_LAG_SECONDS = 600; // the fixture's sla.settleLagSeconds
const PLACEMENT = JSON.stringify({ cluster: 'eu-1', region: 'eu-west-1', jurisdiction: 'EU' });

/** Prices that do not divide evenly, so that every rounding rule is exercised. */
const OFFER_TERMS = {
  fixed: {
    model: 'fixed',
    price: '10007',
    maxPeriodSeconds: HOUR,
    settlementGraceSeconds: 30 * MINUTE,
  },
  dynamic: {
    model: 'dynamic',
    price: '7213',
    maxPeriodSeconds: 2 * HOUR,
    settlementGraceSeconds: 15 * MINUTE,
  },
  'prepaid-minutes': {
    model: 'prepaid-minutes',
    pricePerMinute: '13',
    minutes: 45,
    maxPeriodSeconds: 3 * HOUR,
  },
  'flexible-period': {
    model: 'flexible-period',
    price: '9001',
    minimumCharge: '1501',
    maxPeriodSeconds: HOUR + 30 * MINUTE,
    settlementGraceSeconds: 0,
  },
  /** Shared by AwsOrg and AzureOrg with unequal shares, its price and shares open to proposals. */
  shared: {
    model: 'dynamic',
    price: '6007',
    maxPeriodSeconds: HOUR,
    settlementGraceSeconds: 0,
    minCoverageBp: 10000,
    providers: [
      { mspId: AWS, shareBp: 6667 },
      { mspId: AZURE, shareBp: 3333 },
    ],
  },
} as const;
type Offer = keyof typeof OFFER_TERMS;
const OFFERS = Object.keys(OFFER_TERMS) as Offer[];
const MODELS = ['fixed', 'dynamic', 'prepaid-minutes', 'flexible-period'] as const;

const offerIdOf = (offer: Offer): string => `offer-${offer}`;

type Person = Extract<keyof People, 'issuer' | 'alice' | 'bob' | 'aws' | 'azure'>;

type Operation =
  | { kind: 'mint'; by: Person; to: Person; amount: bigint }
  | { kind: 'transfer'; from: Person; to: Person; amount: bigint }
  | { kind: 'collect'; by: Person }
  | { kind: 'accept'; by: Person; offer: Offer; agreement: string }
  | { kind: 'startSession'; by: Person; agreement: string; session: string }
  | { kind: 'stopSession'; by: Person; agreement: string; session: string }
  | { kind: 'stop'; by: Person; agreement: string }
  | { kind: 'settle'; by: Person; agreement: string }
  | { kind: 'settleDue'; by: Person; maxCount: number }
  | { kind: 'resolve'; by: Person; agreement: string; creditBp: number }
  | { kind: 'propose'; by: Person; proposal: string; change: Change }
  | { kind: 'vote'; by: Person; proposal: string; approve: boolean }
  | { kind: 'decide'; by: Person; proposal: string }
  /** The operations are endorsed one after the other and ordered into one block. */
  | { kind: 'block'; operations: Operation[] }
  /** Measures up to `periods` minutes of the service; every `outageEvery`-th minute is down. */
  | { kind: 'measure'; by: Person; periods: number; outageEvery: number; outage: Outage }
  | { kind: 'advance'; seconds: number }
  /** Moves the clock to the agreement's end (stop or lock time) plus the offset, if that is later. */
  | { kind: 'jumpToEnd'; agreement: string; offsetSeconds: number };

/** An unavailable minute either fails the status check or reports nothing (missing data). */
type Outage = 'failed-check' | 'no-data';

/** Changes proposed to the shared offer. */
type Change = 'price' | 'shares' | 'withdraw';
const CHANGES: Record<Change, Record<string, unknown>> = {
  price: {
    type: 'change-price',
    price: { model: 'dynamic', price: '4999', maxPeriodSeconds: HOUR },
  },
  shares: {
    type: 'change-shares',
    shares: [
      { mspId: AWS, shareBp: 5001 },
      { mspId: AZURE, shareBp: 4999 },
    ],
  },
  withdraw: { type: 'withdraw' },
};

const anyone = fc.constantFrom<Person>('alice', 'bob', 'aws', 'azure', 'issuer');
const provider = fc.constantFrom<Person>('aws', 'azure');
const proposalId = fc.constantFrom('p-1', 'p-1', 'p-1', 'p-2');
const mostly = (who: Person): fc.Arbitrary<Person> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(who) }, anyone);
const agreementId = fc.constantFrom('a-1', 'a-1', 'a-1', 'a-2');
const sessionId = fc.constantFrom('s-1', 's-1', 's-2');
const amount = fc.oneof(
  { weight: 9, arbitrary: fc.bigInt({ min: 1n, max: 25_000n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 10n ** 30n }) },
);

const acceptance = fc.record({
  kind: fc.constant('accept'),
  by: mostly('alice'),
  offer: fc.constantFrom(...OFFERS),
  agreement: agreementId,
});

const single: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('mint'),
      by: mostly('issuer'),
      to: mostly('alice'),
      amount,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('transfer'), from: anyone, to: anyone, amount }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('collect'), by: anyone }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('resolve'),
      by: fc.constantFrom<Person>('alice', 'aws', 'azure'),
      agreement: agreementId,
      creditBp: fc.constantFrom(0, 2500),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('propose'),
      by: provider,
      proposal: proposalId,
      change: fc.constantFrom<Change>('price', 'shares', 'withdraw'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('vote'),
      by: provider,
      proposal: proposalId,
      approve: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('decide'), by: provider, proposal: proposalId }),
  },
  { weight: 4, arbitrary: acceptance },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('startSession'),
      by: mostly('aws'),
      agreement: agreementId,
      session: sessionId,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('stopSession'),
      by: anyone,
      agreement: agreementId,
      session: sessionId,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stop'),
      by: mostly('alice'),
      agreement: agreementId,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('settle'), by: anyone, agreement: agreementId }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('settleDue'),
      by: anyone,
      maxCount: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('measure'),
      by: mostly('aws'),
      periods: fc.integer({ min: 1, max: 200 }),
      outageEvery: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
      outage: fc.constantFrom<Outage>('failed-check', 'no-data'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance'),
      seconds: fc.oneof(
        fc.integer({ min: 1, max: 10 * MINUTE }),
        fc.integer({ min: 10 * MINUTE, max: 3 * HOUR }),
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('jumpToEnd'),
      agreement: agreementId,
      offsetSeconds: fc.constantFrom(-1, 0, 1, SETTLE_LAG_SECONDS + MINUTE, HOUR),
    }),
  },
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 9, arbitrary: single },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('block'),
      operations: fc.array(single, { minLength: 2, maxLength: 4 }),
    }),
  },
);

/**
 * Every run opens with an acceptance and a proposal on the shared offer, so
 * that the operations after them have an agreement and a proposal to act on.
 */
const runOperations: fc.Arbitrary<Operation[]> = fc
  .tuple(
    acceptance,
    fc.record({
      kind: fc.constant('propose'),
      by: provider,
      proposal: fc.constant('p-1'),
      change: fc.constantFrom<Change>('price', 'shares', 'withdraw'),
    }),
    fc.array(operation, { maxLength: 22, size: 'max' }),
  )
  .map(([opening, proposal, rest]) => [opening, proposal, ...rest]);

/** One property run: its own ledger, the tokens minted on it, the minutes its monitors report. */
interface Run {
  net: SlaNetwork;
  minted: bigint;
  fedUntil: number;
}

/** How often each kind of operation succeeded over all runs, so that a vacuous pass shows. */
const successes = new Map<string, number>();

function count(label: string): void {
  successes.set(label, (successes.get(label) ?? 0) + 1);
}

const ERROR_CODE =
  /^(INVALID_ARGUMENT|NOT_FOUND|ALREADY_EXISTS|FORBIDDEN|FAILED_PRECONDITION|ORACLE_UNAVAILABLE): /;
const AMOUNT = /^(0|[1-9][0-9]*)$/;

const SPENDABLE_PREFIX = stateKey(KEY.account);
const CREDIT_PREFIX = stateKey(KEY.credit);
const AGREEMENT_PREFIX = stateKey(KEY.agreement);

async function stored<T>(net: SlaNetwork, key: string): Promise<T | undefined> {
  const value = await net.channel.ledger.getState(key);
  return value === undefined ? undefined : (JSON.parse(value.toString('utf8')) as T);
}

async function storedAgreement(net: SlaNetwork, id: string): Promise<AgreementRecord | undefined> {
  return stored<AgreementRecord>(net, stateKey(KEY.agreement, id));
}

async function measuredUntil(net: SlaNetwork): Promise<number> {
  const meter = await stored<MeterRecord>(net, stateKey(KEY.meter, SERVICE_KEY));
  if (meter === undefined) throw new Error(`the meter of ${SERVICE_KEY} is missing`);
  return meter.measuredUntil;
}

function amountOf(text: string, where: string): bigint {
  if (!AMOUNT.test(text)) throw new Error(`${where} holds ${JSON.stringify(text)}, not an amount`);
  return BigInt(text);
}

/** Everything a rejected transaction must leave as it was: keys, values, versions, metadata. */
async function worldState(net: SlaNetwork): Promise<string[]> {
  return (await net.channel.ledger.entries()).map((entry) =>
    JSON.stringify([
      entry.key,
      entry.value.toString('base64'),
      entry.version,
      [...entry.metadata].map(([name, value]) => [name, value.toString('base64')]),
    ]),
  );
}

function expectUnchanged(before: string[], after: string[]): void {
  const same = after.length === before.length && after.every((entry, i) => entry === before[i]);
  if (!same) expect(after).toEqual(before);
}

/**
 * What accounts may spend, plus what arrived in them, plus the escrow of
 * unsettled (disputed included) agreements equals what was minted; settled
 * agreements paid out exactly their deposit.
 */
async function expectMoneyConserved(run: Run): Promise<void> {
  let held = 0n;
  for (const { key, value } of await run.net.channel.ledger.entries()) {
    if (key.startsWith(SPENDABLE_PREFIX) || key.startsWith(CREDIT_PREFIX)) {
      const row = JSON.parse(value.toString('utf8')) as SpendableRecord | CreditRecord;
      held += amountOf(row.amount, `account row ${JSON.stringify(key)}`);
    } else if (key.startsWith(AGREEMENT_PREFIX)) {
      const agreement = JSON.parse(value.toString('utf8')) as AgreementRecord;
      const deposit = amountOf(agreement.deposit, `deposit of ${agreement.agreementId}`);
      if (agreement.status === 'settled') {
        expectSettlementAddsUp(agreement, deposit);
      } else {
        held += deposit;
      }
    }
  }
  expect(held).toBe(run.minted);
}

function expectSettlementAddsUp(agreement: AgreementRecord, deposit: bigint): void {
  const { settlement, agreementId: id } = agreement;
  if (settlement === undefined) throw new Error(`settled agreement ${id} has no settlement`);
  const charge = amountOf(settlement.charge, `charge of ${id}`);
  const credit = amountOf(settlement.credit, `credit of ${id}`);
  const refund = amountOf(settlement.refund, `refund of ${id}`);
  const paid = settlement.payouts.reduce(
    (sum, payout) => sum + amountOf(payout.amount, `payout of ${id} to ${payout.mspId}`),
    0n,
  );
  if (charge > deposit || credit > charge || paid + refund !== deposit) {
    throw new Error(
      `agreement ${id}: deposit ${deposit}, charge ${charge}, credit ${credit}, paid out ${paid}, refunded ${refund}`,
    );
  }
}

/** A rejection is the chaincode refusing with a coded error; anything else fails the property. */
function expectChaincodeRejection(error: unknown): void {
  if (!(error instanceof ChaincodeError)) throw error;
  expect(error.message).toMatch(ERROR_CODE);
}

/** Every organisation's monitor reports the minutes from `run.fedUntil` up to `until`, once. */
function feedMonitors(run: Run, until: number, outageEvery: number, outage: Outage): void {
  if (until <= run.fedUntil) return;
  feedMinutes(run.net, MONITOR, run.fedUntil, until, (t) => {
    const down = outageEvery > 0 && ((t - T0) / MINUTE) % outageEvery === 0;
    if (!down) return 0;
    return outage === 'failed-check' ? 1 : undefined;
  });
  run.fedUntil = until;
}

/** A transaction to send: the caller, the function and its arguments. */
type Call = [Person, string, string[]];

/** The operation's transaction, or undefined for operations that only move the clock. */
async function callOf(
  run: Run,
  op: Exclude<Operation, { kind: 'block' }>,
): Promise<Call | undefined> {
  const { net } = run;
  switch (op.kind) {
    case 'mint':
      return [op.by, 'tokens:Mint', [accountOf(net.people[op.to]), op.amount.toString()]];
    case 'transfer':
      return [op.from, 'tokens:Transfer', [accountOf(net.people[op.to]), op.amount.toString()]];
    case 'collect':
      return [op.by, 'tokens:Collect', []];
    case 'accept': {
      const offer = await stored<{ version: number }>(
        net,
        stateKey(KEY.offer, offerIdOf(op.offer)),
      );
      return [
        op.by,
        'agreements:Accept',
        [offerIdOf(op.offer), String(offer?.version ?? 1), op.agreement],
      ];
    }
    case 'startSession':
      return [op.by, 'agreements:StartSession', [op.agreement, op.session, PLACEMENT]];
    case 'stopSession':
      return [op.by, 'agreements:StopSession', [op.agreement, op.session]];
    case 'stop':
      return [op.by, 'agreements:Stop', [op.agreement]];
    case 'settle':
      return [op.by, 'agreements:Settle', [op.agreement]];
    case 'settleDue':
      return [op.by, 'agreements:SettleDue', [String(op.maxCount)]];
    case 'resolve':
      return [op.by, 'agreements:Resolve', [op.agreement, String(op.creditBp)]];
    case 'propose':
      return [
        op.by,
        'governance:Propose',
        [
          JSON.stringify({
            proposalId: op.proposal,
            offerId: offerIdOf('shared'),
            change: CHANGES[op.change],
          }),
        ],
      ];
    case 'vote':
      return [op.by, 'governance:Vote', [op.proposal, String(op.approve)]];
    case 'decide':
      return [op.by, 'governance:Decide', [op.proposal]];
    case 'measure': {
      const from = await measuredUntil(net);
      const readableUntil = alignDown(net.now() - SETTLE_LAG_SECONDS, MINUTE);
      // When no minute is old enough yet, ask for one anyway: the chaincode must refuse it.
      const end = Math.max(from + MINUTE, Math.min(from + op.periods * MINUTE, readableUntil));
      feedMonitors(run, end, op.outageEvery, op.outage);
      return [op.by, 'services:Update', [SERVICE_KEY, String(from), String(end)]];
    }
    case 'advance':
      net.advance(op.seconds);
      return undefined;
    case 'jumpToEnd': {
      const agreement = await storedAgreement(net, op.agreement);
      const target = agreement && agreementEnd(agreement) + op.offsetSeconds;
      if (target !== undefined && target > net.now()) net.setTime(target);
      return undefined;
    }
  }
}

/** Agreements the committed operation settled (or, for a dispute, left unsettled). */
function settledIds(op: Operation, result: unknown): string[] {
  const changed = result as { agreementId?: string; status?: string; settled?: AgreementRecord[] };
  if ((op.kind === 'settle' || op.kind === 'resolve') && changed.status === 'settled') {
    return [op.agreement];
  }
  if (op.kind === 'settleDue') return (changed.settled ?? []).map((a) => a.agreementId);
  return [];
}

async function committed(run: Run, op: Operation, result: unknown): Promise<void> {
  count(op.kind === 'accept' ? `accept ${op.offer}` : op.kind);
  if (op.kind === 'mint') run.minted += op.amount;
  const outcome = result as { status?: string; disputed?: unknown[] };
  if (
    (op.kind === 'settle' && outcome.status === 'disputed') ||
    (op.kind === 'settleDue' && (outcome.disputed?.length ?? 0) > 0)
  ) {
    count('disputed');
  }
  for (const id of settledIds(op, result)) {
    const agreement = await storedAgreement(run.net, id);
    if (agreement?.status !== 'settled') {
      throw new Error(`${op.kind} succeeded but agreement ${id} is ${agreement?.status}`);
    }
    count(`settled ${agreement.price.model}`);
    if (agreement.providers.length > 1) count('settled shared');
    if (agreement.settlement?.credit !== '0') count('settled with a credit');
  }
}

async function perform(run: Run, op: Operation): Promise<void> {
  if (op.kind === 'block') {
    await performBlock(run, op.operations);
  } else {
    const before = await worldState(run.net);
    const height = run.net.channel.ledger.height;
    const call = await callOf(run, op);
    if (call !== undefined) {
      const [who, fn, args] = call;
      const outcome = await run.net.channel.submit(run.net.people[who], fn, args).then(
        (result) => ({ ok: true as const, result: JSON.parse(result.payload.toString('utf8')) }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (outcome.ok) {
        await committed(run, op, outcome.result);
      } else {
        expectChaincodeRejection(outcome.error);
        expectUnchanged(before, await worldState(run.net));
        expect(run.net.channel.ledger.height).toBe(height);
      }
    }
  }
  await expectMoneyConserved(run);
}

/**
 * Endorses each operation against the same committed state, then orders the
 * endorsed ones into one block: those that read what an earlier one of the
 * block wrote are invalidated at commit, as on Fabric.
 */
async function performBlock(run: Run, operations: Operation[]): Promise<void> {
  const prepared: Array<{ op: Operation; tx: PreparedTransaction }> = [];
  for (const op of operations) {
    if (op.kind === 'block') continue;
    const call = await callOf(run, op);
    if (call === undefined) continue;
    const [who, fn, args] = call;
    try {
      prepared.push({ op, tx: await run.net.channel.prepare(run.net.people[who], fn, args) });
    } catch (error) {
      expectChaincodeRejection(error);
    }
  }
  if (prepared.length === 0) return;
  const records = await run.net.channel.commit(...prepared.map((entry) => entry.tx));
  if (records.filter((record) => record.validationCode === 'VALID').length > 1) {
    count('several valid in one block');
  }
  for (const [index, record] of records.entries()) {
    const entry = prepared[index];
    if (entry === undefined) continue;
    if (record.validationCode === 'VALID') {
      await committed(run, entry.op, JSON.parse(entry.tx.payload.toString('utf8')));
    } else {
      expect(record.validationCode).toMatch(
        /^(MVCC_READ_CONFLICT|PHANTOM_READ_CONFLICT|ENDORSEMENT_POLICY_FAILURE)$/,
      );
    }
  }
}

/** What every run starts from: world state after the setup, and the tokens the setup minted. */
interface Base {
  entries: StateEntry[];
  minted: bigint;
}

const MARKET = {
  orgs: [CONSUMER, AWS, AZURE],
  policy: 'majority',
  channelId: 'channel-market',
} as const;

/**
 * Init, the service's registration, one offer per model, the shared offer
 * approved by AzureOrg, and two funded consumers.
 */
async function setUpBase(): Promise<Base> {
  const net = await slaNetwork({ ...MARKET, orgs: [...MARKET.orgs] });
  try {
    await registerService(net, net.people.aws, SERVICE);
    for (const offerName of OFFERS) {
      const offer = {
        offerId: offerIdOf(offerName),
        services: [SERVICE_KEY],
        ...OFFER_TERMS[offerName],
      };
      await net.submit(net.people.aws, 'offers:Create', JSON.stringify(offer));
    }
    await net.submit(
      net.people.azure,
      'offers:Approve',
      offerIdOf('shared'),
      JSON.stringify({ shareBp: 3333 }),
    );
    await fund(net, net.people.alice, 40_000n);
    await fund(net, net.people.bob, 12_000n);
    return { entries: await net.channel.ledger.entries(), minted: 52_000n };
  } finally {
    await net.channel.close();
  }
}

/**
 * A new channel holding the base world state: copying what the setup
 * committed is much cheaper than replaying its eight transactions each run,
 * and of the ledger the chaincode reads world state only (no history, no blocks).
 */
async function networkWith(base: Base): Promise<SlaNetwork> {
  const net = await slaNetwork({ ...MARKET, orgs: [...MARKET.orgs], init: false });
  await net.channel.importState(base.entries);
  return net;
}

describe('money', () => {
  let base: Base;
  beforeAll(async () => {
    base = await setUpBase();
  });

  it(`is never created or destroyed, nor a balance negative (${NUM_RUNS} random sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(runOperations, async (operations) => {
        const run: Run = { net: await networkWith(base), minted: base.minted, fedUntil: T0 };
        try {
          for (const op of operations) await perform(run, op);
        } finally {
          await run.net.channel.close();
        }
      }),
      { numRuns: NUM_RUNS },
    );
    const seldomSucceeded = [
      ...['mint', 'transfer', 'collect', 'startSession', 'stopSession', 'stop', 'measure'],
      ...OFFERS.map((offer) => `accept ${offer}`),
      ...MODELS.map((model) => `settled ${model}`),
      ...['settle', 'settleDue', 'settled with a credit', 'settled shared', 'disputed', 'resolve'],
      ...['propose', 'vote', 'decide', 'several valid in one block'],
    ].filter((label) => (successes.get(label) ?? 0) < 3);
    expect(seldomSucceeded).toEqual([]);
  }, 600_000);
});
