/**
 * History (GetHistoryForKey: valid writes only, newest first, with the transaction timestamps)
 * and chaincode events (one per transaction, delivered only for valid transactions).
 */
import { ChaincodeError, ValidationError, type DeliveredEvent } from '../src';
import { ORG1, demoNetwork, json, type DemoNetwork } from './fixtures/demo-network';

interface ChaincodeHistoryEntry {
  txId: string;
  value: string;
  isDelete: boolean;
  seconds: string;
}

describe('history for key', () => {
  let net: DemoNetwork;

  beforeEach(() => {
    net = demoNetwork();
  });

  afterEach(() => net.channel.close());

  it('lists valid writes newest first, deletes included, with their timestamps', async () => {
    const { channel, alice } = net;
    const t1 = new Date('2025-03-01T10:00:00.000Z');
    const t2 = new Date('2025-03-01T11:00:00.000Z');
    const t3 = new Date('2025-03-01T12:00:00.000Z');
    channel.clock = () => t1;
    const first = await channel.submit(alice, 'demo:put', ['h', 'one'], { timestamp: t1 });
    channel.clock = () => t2;
    const second = await channel.submit(alice, 'demo:put', ['h', 'two'], { timestamp: t2 });
    channel.clock = () => t3;
    const removed = await channel.submit(alice, 'demo:del', ['h'], { timestamp: t3 });
    // An invalid write does not enter the history.
    await expect(
      channel.submit(alice, 'demo:put', ['h', 'rejected'], { endorsingOrgs: [ORG1] }),
    ).rejects.toBeInstanceOf(ValidationError);

    expect(
      (await channel.ledger.history('h')).map((e) => [
        e.txId,
        e.value.toString(),
        e.isDelete,
        e.timestamp,
      ]),
    ).toEqual([
      [removed.txId, '', true, t3],
      [second.txId, 'two', false, t2],
      [first.txId, 'one', false, t1],
    ]);

    const fromChaincode = json<ChaincodeHistoryEntry[]>(
      await channel.evaluate(alice, 'demo:history', ['h']),
    );
    expect(fromChaincode).toEqual([
      { txId: removed.txId, value: '', isDelete: true, seconds: String(t3.getTime() / 1000) },
      { txId: second.txId, value: 'two', isDelete: false, seconds: String(t2.getTime() / 1000) },
      { txId: first.txId, value: 'one', isDelete: false, seconds: String(t1.getTime() / 1000) },
    ]);
  });

  it('serves long histories across several QueryResponse batches', async () => {
    const batched = demoNetwork({ maxResultLimit: 2 });
    try {
      for (let i = 0; i < 5; i++) {
        await batched.channel.submit(batched.alice, 'demo:put', ['h', `v${i}`]);
      }
      const entries = json<ChaincodeHistoryEntry[]>(
        await batched.channel.evaluate(batched.alice, 'demo:history', ['h']),
      );
      expect(entries.map((e) => e.value)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    } finally {
      await batched.channel.close();
    }
  });
});

describe('chaincode events', () => {
  let net: DemoNetwork;

  beforeEach(() => {
    net = demoNetwork();
  });

  afterEach(() => net.channel.close());

  it('returns the event with the submit and delivers it to listeners after commit', async () => {
    const { channel, alice } = net;
    const received: DeliveredEvent[] = [];
    const unsubscribe = channel.onEvent((event) => received.push(event));

    const result = await channel.submit(alice, 'demo:emit', ['AgreementSigned', '{"id":"a1"}']);

    expect(result.event?.name).toBe('AgreementSigned');
    expect(result.event?.payload.toString()).toBe('{"id":"a1"}');
    expect(received).toEqual([
      {
        blockNumber: result.blockNumber,
        txId: result.txId,
        chaincodeName: 'demo-cc',
        name: 'AgreementSigned',
        payload: Buffer.from('{"id":"a1"}'),
      },
    ]);
    expect((await channel.ledger.transaction(result.txId))?.event?.name).toBe('AgreementSigned');

    unsubscribe();
    await channel.submit(alice, 'demo:emit', ['Later', '{}']);
    expect(received).toHaveLength(1);
    expect((await channel.ledger.events()).map((e) => e.name)).toEqual([
      'AgreementSigned',
      'Later',
    ]);
  });

  it('does not deliver events of invalid or failed transactions', async () => {
    const { channel, alice } = net;
    const received: DeliveredEvent[] = [];
    channel.onEvent((event) => received.push(event));

    await expect(
      channel.submit(alice, 'demo:emit', ['Rejected', '{}'], { endorsingOrgs: [ORG1] }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(channel.submit(alice, 'demo:fail', ['nope'])).rejects.toBeInstanceOf(
      ChaincodeError,
    );

    expect(received).toEqual([]);
    expect(await channel.ledger.events()).toEqual([]);
    // The invalid transaction is in the block log with its event, but nobody heard it.
    expect((await channel.ledger.transactions())[0]).toMatchObject({
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
      event: { name: 'Rejected' },
    });
  });

  it('keeps one event per transaction and none from evaluate', async () => {
    const { channel, alice } = net;
    await channel.evaluate(alice, 'demo:emit', ['Evaluated', '{}']);
    const simulation = await channel.simulate(alice, 'demo:emit', ['Simulated', 'x']);
    expect(simulation.event).toEqual({ name: 'Simulated', payload: Buffer.from('x') });
    expect(await channel.ledger.events()).toEqual([]);
    expect(await channel.ledger.transactions()).toEqual([]);
  });
});
