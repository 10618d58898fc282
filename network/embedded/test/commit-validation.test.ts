/**
 * Commit-time validation: MVCC read conflicts, phantom reads, duplicate transaction ids; an
 * invalid transaction stays in the block log and none of its writes apply.
 */
import { ValidationError } from '../src';
import { ORG1, demoNetwork, type DemoNetwork } from './fixtures/demo-network';

describe('commit validation', () => {
  let net: DemoNetwork;

  beforeEach(async () => {
    net = demoNetwork();
    await net.channel.submit(net.alice, 'demo:put', ['counter', '0']);
  });

  afterEach(() => net.channel.close());

  it('invalidates the second of two transactions that read the same key (same block)', async () => {
    const { channel, alice, bob } = net;
    const first = await channel.prepare(alice, 'demo:readThenWrite', ['counter', 'counter', '1']);
    const second = await channel.prepare(bob, 'demo:readThenWrite', ['counter', 'counter', '2']);

    const [a, b] = await channel.commit(first, second);

    expect([a.validationCode, b.validationCode]).toEqual(['VALID', 'MVCC_READ_CONFLICT']);
    expect(a.blockNumber).toBe(b.blockNumber);
    expect((await channel.ledger.getState('counter'))?.toString()).toBe('1');
  });

  it('invalidates a transaction whose read key changed in an earlier block', async () => {
    const { channel, alice } = net;
    const stale = await channel.prepare(alice, 'demo:readThenWrite', ['counter', 'copy', 'x']);
    await channel.submit(alice, 'demo:put', ['counter', '7']);

    const [record] = await channel.commit(stale);

    expect(record.validationCode).toBe('MVCC_READ_CONFLICT');
    expect(record.validationMessage).toContain('counter');
    expect(await channel.ledger.getState('copy')).toBeUndefined();
    expect((await channel.ledger.transaction(stale.txId))?.validationCode).toBe(
      'MVCC_READ_CONFLICT',
    );
    expect(await channel.ledger.history('copy')).toEqual([]);
  });

  it('makes submit throw a ValidationError for an invalidated transaction', async () => {
    // One endorsing org, so the racing submit's only endorsement precedes the other commit.
    const single = demoNetwork({ orgs: [ORG1] });
    try {
      const { channel, alice } = single;
      await channel.submit(alice, 'demo:put', ['counter', '0']);
      const pending = await channel.prepare(alice, 'demo:readThenWrite', [
        'counter',
        'counter',
        '1',
      ]);
      const racing = channel.submit(alice, 'demo:readThenWrite', ['counter', 'counter', '2']);
      await channel.commit(pending);

      const error = await racing.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'MVCC_READ_CONFLICT', statusCode: 11 });
      expect((error as ValidationError).message).toMatch(
        /^Transaction [0-9a-f]{64} failed to commit with status code 11 \(MVCC_READ_CONFLICT\)$/,
      );
      expect((await channel.ledger.getState('counter'))?.toString()).toBe('1');
    } finally {
      await single.channel.close();
    }
  });

  it('detects a phantom: a key inserted into a range read by the transaction', async () => {
    const { channel, alice } = net;
    await channel.submit(alice, 'demo:putMany', [
      JSON.stringify([
        ['item-1', 'a'],
        ['item-3', 'c'],
      ]),
    ]);
    const counting = await channel.prepare(alice, 'demo:countRange', ['item-', 'item-~', 'count']);
    expect(counting.payload.toString()).toBe('2');
    const inserting = await channel.prepare(alice, 'demo:put', ['item-2', 'b']);

    const [insert, count] = await channel.commit(inserting, counting);

    expect(insert.validationCode).toBe('VALID');
    expect(count.validationCode).toBe('PHANTOM_READ_CONFLICT');
    expect(await channel.ledger.getState('count')).toBeUndefined();
  });

  it('detects a phantom: a key deleted from or updated in the range', async () => {
    const { channel, alice } = net;
    await channel.submit(alice, 'demo:putMany', [
      JSON.stringify([
        ['item-1', 'a'],
        ['item-3', 'c'],
      ]),
    ]);
    const afterDelete = await channel.prepare(alice, 'demo:countRange', ['item-', 'item-~', 'n']);
    await channel.submit(alice, 'demo:del', ['item-3']);
    expect((await channel.commit(afterDelete))[0].validationCode).toBe('PHANTOM_READ_CONFLICT');

    const afterUpdate = await channel.prepare(alice, 'demo:countRange', ['item-', 'item-~', 'n']);
    await channel.submit(alice, 'demo:put', ['item-1', 'changed']);
    expect((await channel.commit(afterUpdate))[0].validationCode).toBe('PHANTOM_READ_CONFLICT');
  });

  it('accepts a write outside the range read', async () => {
    const { channel, alice } = net;
    const counting = await channel.prepare(alice, 'demo:countRange', ['item-', 'item-~', 'count']);
    await channel.submit(alice, 'demo:put', ['other', 'x']);
    expect((await channel.commit(counting))[0].validationCode).toBe('VALID');
    expect((await channel.ledger.getState('count'))?.toString()).toBe('0');
  });

  it('marks a transaction ordered twice as DUPLICATE_TXID', async () => {
    const { channel, alice } = net;
    const tx = await channel.prepare(alice, 'demo:put', ['once', '1']);
    const [first] = await channel.commit(tx);
    const [again] = await channel.commit(tx);
    expect(first.validationCode).toBe('VALID');
    expect(again.validationCode).toBe('DUPLICATE_TXID');
    expect(await channel.ledger.history('once')).toHaveLength(1);
  });

  it('versions writes by block number and position in the block', async () => {
    const { channel, alice } = net;
    const a = await channel.prepare(alice, 'demo:put', ['a', '1']);
    const b = await channel.prepare(alice, 'demo:put', ['b', '1']);
    const [ra, rb] = await channel.commit(a, b);
    expect((await channel.ledger.getStateEntry('a'))?.version).toEqual({
      blockNum: ra.blockNumber,
      txNum: 0,
    });
    expect((await channel.ledger.getStateEntry('b'))?.version).toEqual({
      blockNum: rb.blockNumber,
      txNum: 1,
    });
    expect((await channel.ledger.blocks()).map((block) => block.number)).toEqual([1, 2]);
    expect(channel.ledger.height).toBe(3);
  });
});
