/**
 * Money is neither created nor destroyed: random sequences of mints, transfers,
 * acceptances under the four pricing models, sessions, stops, measurements of
 * the service and settlements, each sent through the chaincode's real dispatch
 * on the embedded channel, keep every token either in a balance or in the
 * escrow of an unsettled agreement.
 */
import fc from 'fast-check';
import { agreementEnd, type AgreementRecord } from '../../src/domain/agreement';
import { alignDown } from '../../src/domain/time';
import type { MeterRecord, BalanceDelta } from '../../src/state/records';
import { RECORD } from '../../src/state/keys';
import { cloudWatchService } from '../fixtures/services';
import { ChaincodeError, type StateEntry } from '../support/peer';
import type { Ledger } from '../support/peer/ledger';
import { HOUR, feedMinutes, fund, monitorOf, registerService } from '../support/scenario';
import { T0, accountOf, slaNetwork, type People, type SlaNetwork } from '../support/sla-network';

const NUM_RUNS = 1800;
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
} as const;
type Model = keyof typeof OFFER_TERMS;
const MODELS = Object.keys(OFFER_TERMS) as Model[];

const offerIdOf = (model: Model): string => `offer-${model}`;

type Person = Extract<keyof People, 'issuer' | 'alice' | 'bob' | 'aws'>;

type Operation =
  | { kind: 'mint'; by: Person; to: Person; amount: bigint }
  | { kind: 'transfer'; from: Person; to: Person; amount: bigint }
  | { kind: 'accept'; by: Person; model: Model; agreement: string }
  | { kind: 'startSession'; by: Person; agreement: string; session: string }
  | { kind: 'stopSession'; by: Person; agreement: string; session: string }
  | { kind: 'stop'; by: Person; agreement: string }
  | { kind: 'settle'; by: Person; agreement: string }
  | { kind: 'settleDue'; by: Person; maxCount: number }
  /** Measures up to `periods` minutes of the service; every `outageEvery`-th minute is down. */
  | { kind: 'measure'; by: Person; periods: number; outageEvery: number; outage: Outage }
  | { kind: 'advance'; seconds: number }
  /** Moves the clock to the agreement's end (stop or lock time) plus the offset, if that is later. */
  | { kind: 'jumpToEnd'; agreement: string; offsetSeconds: number };

/** An unavailable minute either fails the status check or reports nothing (missing data). */
type Outage = 'failed-check' | 'no-data';

const anyone = fc.constantFrom<Person>('alice', 'bob', 'aws', 'issuer');
const mostly = (who: Person): fc.Arbitrary<Person> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(who) }, anyone);
const agreementId = fc.constantFrom('a-1', 'a-2');
const sessionId = fc.constantFrom('s-1', 's-2');
const amount = fc.oneof(
  { weight: 9, arbitrary: fc.bigInt({ min: 1n, max: 25_000n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 10n ** 30n }) },
);

const acceptance = fc.record({
  kind: fc.constant('accept'),
  by: mostly('alice'),
  model: fc.constantFrom(...MODELS),
  agreement: agreementId,
});

const operation: fc.Arbitrary<Operation> = fc.oneof(
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
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('measure'),
      by: anyone,
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

/** Every run opens with an acceptance, so that the operations after it have an agreement to act on. */
const runOperations: fc.Arbitrary<Operation[]> = fc
  .tuple(acceptance, fc.array(operation, { maxLength: 16, size: 'max' }))
  .map(([opening, rest]) => [opening, ...rest]);

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

function compositeKey(type: string, ...attributes: string[]): string {
  return `\u0000${[type, ...attributes].join('\u0000')}\u0000`;
}

const BALANCE_PREFIX = compositeKey(RECORD.balance);
const AGREEMENT_PREFIX = compositeKey(RECORD.agreement);

function stored<T>(net: SlaNetwork, key: string): T | undefined {
  const value = net.channel.ledger.getState(key);
  return value === undefined ? undefined : (JSON.parse(value.toString('utf8')) as T);
}

function storedAgreement(net: SlaNetwork, id: string): AgreementRecord | undefined {
  return stored<AgreementRecord>(net, compositeKey(RECORD.agreement, id));
}

function measuredUntil(net: SlaNetwork): number {
  const meter = stored<MeterRecord>(net, compositeKey(RECORD.meter, SERVICE_KEY));
  if (meter === undefined) throw new Error(`the meter of ${SERVICE_KEY} is missing`);
  return meter.measuredUntil;
}

function amountOf(text: string, where: string): bigint {
  if (!AMOUNT.test(text)) throw new Error(`${where} holds ${JSON.stringify(text)}, not an amount`);
  return BigInt(text);
}

/** Everything a rejected transaction must leave as it was: keys, values, versions, metadata. */
function worldState(net: SlaNetwork): string[] {
  return net.channel.ledger
    .entries()
    .map((entry) =>
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

/** Balances plus unsettled escrow equal what was minted; settled agreements paid out their deposit. */
function expectMoneyConserved(run: Run): void {
  let held = 0n;
  for (const { key, value } of run.net.channel.ledger.entries()) {
    if (key.startsWith(BALANCE_PREFIX)) {
      const row = JSON.parse(value.toString('utf8')) as BalanceDelta;
      held += amountOf(row.amount, `balance row ${JSON.stringify(key)}`);
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

/** Sends the operation's transaction; undefined for operations that only move the clock. */
function send(run: Run, op: Operation): Promise<unknown> | undefined {
  const { net } = run;
  const submit = (who: Person, fn: string, ...args: string[]): Promise<unknown> =>
    net.submit(net.people[who], fn, ...args);
  switch (op.kind) {
    case 'mint':
      return submit(op.by, 'tokens:Mint', accountOf(net.people[op.to]), op.amount.toString());
    case 'transfer':
      return submit(op.from, 'tokens:Transfer', accountOf(net.people[op.to]), op.amount.toString());
    case 'accept':
      return submit(op.by, 'agreements:Accept', offerIdOf(op.model), op.agreement);
    case 'startSession':
      return submit(op.by, 'agreements:StartSession', op.agreement, op.session, PLACEMENT);
    case 'stopSession':
      return submit(op.by, 'agreements:StopSession', op.agreement, op.session);
    case 'stop':
      return submit(op.by, 'agreements:Stop', op.agreement);
    case 'settle':
      return submit(op.by, 'agreements:Settle', op.agreement);
    case 'settleDue':
      return submit(op.by, 'agreements:SettleDue', String(op.maxCount));
    case 'measure': {
      const from = measuredUntil(net);
      const readableUntil = alignDown(net.now() - SETTLE_LAG_SECONDS, MINUTE);
      // When no minute is old enough yet, ask for one anyway: the chaincode must refuse it.
      const end = Math.max(from + MINUTE, Math.min(from + op.periods * MINUTE, readableUntil));
      feedMonitors(run, end, op.outageEvery, op.outage);
      return submit(op.by, 'services:Update', SERVICE_KEY, String(from), String(end));
    }
    case 'advance':
      net.advance(op.seconds);
      return undefined;
    case 'jumpToEnd': {
      const agreement = storedAgreement(net, op.agreement);
      const target = agreement && agreementEnd(agreement) + op.offsetSeconds;
      if (target !== undefined && target > net.now()) net.setTime(target);
      return undefined;
    }
  }
}

function settledIds(op: Operation, result: unknown): string[] {
  if (op.kind === 'settle') return [op.agreement];
  if (op.kind === 'settleDue') {
    return (result as { settled: AgreementRecord[] }).settled.map((a) => a.agreementId);
  }
  return [];
}

async function perform(run: Run, op: Operation): Promise<void> {
  const before = worldState(run.net);
  const height = run.net.channel.ledger.height;
  const sent = send(run, op);
  if (sent !== undefined) {
    const outcome = await sent.then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (outcome.ok) {
      count(op.kind === 'accept' ? `accept ${op.model}` : op.kind);
      if (op.kind === 'mint') run.minted += op.amount;
      for (const id of settledIds(op, outcome.result)) {
        const agreement = storedAgreement(run.net, id);
        if (agreement?.status !== 'settled') {
          throw new Error(`${op.kind} succeeded but agreement ${id} is ${agreement?.status}`);
        }
        count(`settled ${agreement.price.model}`);
        if (agreement.settlement?.credit !== '0') count('settled with a credit');
      }
    } else {
      expectChaincodeRejection(outcome.error);
      expectUnchanged(before, worldState(run.net));
      expect(run.net.channel.ledger.height).toBe(height);
    }
  }
  expectMoneyConserved(run);
}

/** What every run starts from: world state after the setup, and the tokens the setup minted. */
interface Base {
  entries: StateEntry[];
  minted: bigint;
}

/** Init, the service's registration, one offer per model, and two funded consumers. */
async function setUpBase(): Promise<Base> {
  const net = await slaNetwork();
  try {
    await registerService(net, net.people.aws, SERVICE);
    for (const model of MODELS) {
      const offer = { offerId: offerIdOf(model), services: [SERVICE_KEY], ...OFFER_TERMS[model] };
      await net.submit(net.people.aws, 'offers:Create', JSON.stringify(offer));
    }
    await fund(net, net.people.alice, 40_000n);
    await fund(net, net.people.bob, 12_000n);
    return { entries: net.channel.ledger.entries(), minted: 52_000n };
  } finally {
    net.channel.close();
  }
}

/**
 * A new channel holding the base world state: copying what the setup
 * committed is much cheaper than replaying its eight transactions each run,
 * and of the ledger the chaincode reads world state only (no history, no blocks).
 */
async function networkWith(base: Base): Promise<SlaNetwork> {
  const net = await slaNetwork({ init: false });
  const { state } = net.channel.ledger as Ledger;
  for (const { key, ...versioned } of base.entries) state.put(key, versioned);
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
          run.net.channel.close();
        }
      }),
      { numRuns: NUM_RUNS },
    );
    const seldomSucceeded = [
      ...['mint', 'transfer', 'startSession', 'stopSession', 'stop', 'measure'],
      ...MODELS.flatMap((model) => [`accept ${model}`, `settled ${model}`]),
      ...['settle', 'settleDue', 'settled with a credit'],
    ].filter((label) => (successes.get(label) ?? 0) < 10);
    expect(seldomSucceeded).toEqual([]);
  }, 600_000);
});
