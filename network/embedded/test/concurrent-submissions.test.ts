/**
 * Many transactions in flight through the channel's orderer (`submitAsync` / `order` + `status()`):
 * blocks shared by concurrent submissions, and the conflicts Fabric's validation gives them.
 */
import {
  EndorsementMismatchError,
  type CommitStatus,
  type EmbeddedChannel,
  type TransactionRecord,
  type Version,
} from '../src';
import { demoNetwork } from './fixtures/demo-network';
import type { Identity } from '../src/identities';

/** Validation codes MVCC predicts for the transactions that read and wrote `key`, in block order. */
function predictedCodes(records: readonly TransactionRecord[], key: string): string[] {
  let version: Version | undefined;
  return records.map((tx) => {
    const read = tx.reads.find((r) => r.key === key);
    const fresh =
      read?.version?.blockNum === version?.blockNum && read?.version?.txNum === version?.txNum;
    if (!fresh) {
      return 'MVCC_READ_CONFLICT';
    }
    version = { blockNum: tx.blockNumber, txNum: tx.txIndex };
    return 'VALID';
  });
}

/** `clients` closed loops of `each` submissions, like a load generator at `clients` in flight. */
async function closedLoop(
  channel: EmbeddedChannel,
  identity: Identity,
  submission: { clients: number; each: number; fn: string; args: (n: number) => string[] },
): Promise<{ statuses: CommitStatus[]; mismatches: number }> {
  const statuses: CommitStatus[] = [];
  let mismatches = 0;
  let n = 0;
  const client = async () => {
    for (let i = 0; i < submission.each; i++) {
      try {
        const submitted = await channel.submitAsync(identity, submission.fn, submission.args(n++));
        statuses.push(await submitted.status());
      } catch (err) {
        // A block committed between two endorsers' simulations: the gateway refuses to submit.
        if (!(err instanceof EndorsementMismatchError)) {
          throw err;
        }
        mismatches++;
      }
    }
  };
  await Promise.all(Array.from({ length: submission.clients }, client));
  return { statuses, mismatches };
}

describe('concurrent submissions through the orderer', () => {
  it('cuts the batch timeout after the first pending transaction and tells each its status', async () => {
    const { channel, alice, bob } = demoNetwork();
    try {
      const prepared = await Promise.all([
        channel.prepare(alice, 'demo:put', ['a', '1']),
        channel.prepare(bob, 'demo:put', ['b', '2']),
        channel.prepare(alice, 'demo:put', ['c', '3']),
      ]);
      const ordered = Date.now();
      const submitted = prepared.map((tx) => channel.order(tx));
      const statuses = await Promise.all(submitted.map((tx) => tx.status()));
      // Cut by the default batch timeout (250 ms), not by a flush.
      expect(Date.now() - ordered).toBeGreaterThanOrEqual(240);
      expect(statuses).toEqual(
        submitted.map((tx) => ({
          txId: tx.txId,
          blockNumber: 1,
          code: 'VALID',
          statusCode: 0,
          successful: true,
        })),
      );
      expect((await channel.ledger.blocks()).map((b) => b.transactions.length)).toEqual([3]);
    } finally {
      await channel.close();
    }
  });

  it('invalidates, in block order, every increment endorsed on a version another one replaced', async () => {
    const { channel, alice } = demoNetwork({ orderer: { maxMessageCount: 2 } });
    try {
      await channel.submit(alice, 'demo:put', ['counter', '7']);
      const prepared = [];
      for (let i = 0; i < 5; i++) {
        prepared.push(await channel.prepare(alice, 'demo:increment', ['counter']));
      }
      const statuses = prepared.map((tx) => channel.order(tx).status());
      await channel.flush();
      expect((await Promise.all(statuses)).map((s) => [s.blockNumber, s.code])).toEqual([
        [2, 'VALID'],
        [2, 'MVCC_READ_CONFLICT'],
        [3, 'MVCC_READ_CONFLICT'],
        [3, 'MVCC_READ_CONFLICT'],
        [4, 'MVCC_READ_CONFLICT'],
      ]);
      expect((await channel.ledger.getState('counter'))?.toString()).toBe('8');
    } finally {
      await channel.close();
    }
  });

  it('gives 200 increments of one key from 20 clients exactly the MVCC conflicts the block order predicts', async () => {
    const { channel, alice } = demoNetwork({ orderer: { batchTimeoutMs: 100 } });
    try {
      const { statuses, mismatches } = await closedLoop(channel, alice, {
        clients: 20,
        each: 10,
        fn: 'demo:increment',
        args: () => ['counter'],
      });
      expect(statuses.length + mismatches).toBe(200);
      const records = await channel.ledger.transactions();
      expect(records.map((tx) => tx.validationCode)).toEqual(predictedCodes(records, 'counter'));
      const valid = records.filter((tx) => tx.validationCode === 'VALID');
      expect(valid.length).toBeGreaterThan(1);
      expect(valid.length).toBeLessThan(statuses.length / 2);
      expect((await channel.ledger.getState('counter'))?.toString()).toBe(String(valid.length));
      for (const block of await channel.ledger.blocks()) {
        const validInBlock = block.transactions.filter((tx) => tx.validationCode === 'VALID');
        expect(validInBlock.length).toBeLessThanOrEqual(1);
      }
      expect((await channel.ledger.blocks()).length).toBeLessThan(statuses.length / 4);
      for (const status of statuses) {
        expect(await channel.ledger.transaction(status.txId)).toMatchObject({
          blockNumber: status.blockNumber,
          validationCode: status.code,
        });
      }
    } finally {
      await channel.close();
    }
  });

  it('commits 200 concurrent blind writes to one key without a conflict', async () => {
    const { channel, alice, bob } = demoNetwork({
      orderer: { maxMessageCount: 50, batchTimeoutMs: 60_000 },
    });
    try {
      const submitted = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          channel.submitAsync(i % 2 === 0 ? alice : bob, 'demo:put', ['hot', `v${i}`]),
        ),
      );
      const statuses = await Promise.all(submitted.map((tx) => tx.status()));
      expect(statuses.every((s) => s.code === 'VALID')).toBe(true);
      expect((await channel.ledger.blocks()).map((b) => b.transactions.length)).toEqual([
        50, 50, 50, 50,
      ]);
      const last = (await channel.ledger.transactions()).at(-1);
      expect((await channel.ledger.getState('hot'))?.toString()).toBe(last?.args[1]);
      expect(await channel.ledger.history('hot')).toHaveLength(200);
    } finally {
      await channel.close();
    }
  });

  it('invalidates a range query that a key inserted earlier in the same block changed', async () => {
    const { channel, alice } = demoNetwork();
    try {
      await channel.submit(alice, 'demo:putMany', ['[["r1","x"],["r3","x"]]']);
      const count = await channel.prepare(alice, 'demo:countRange', ['r0', 'r9', 'count']);
      const insert = await channel.prepare(alice, 'demo:put', ['r2', 'x']);
      const [inserted, counted] = [channel.order(insert), channel.order(count)];
      await channel.flush();
      expect((await inserted.status()).code).toBe('VALID');
      expect(await counted.status()).toMatchObject({
        code: 'PHANTOM_READ_CONFLICT',
        statusCode: 12,
        successful: false,
      });
      expect(await channel.ledger.getState('count')).toBeUndefined();
    } finally {
      await channel.close();
    }
  });

  it('keeps submit one transaction per block beside the orderer’s pending batch', async () => {
    const { channel, alice } = demoNetwork({ orderer: { batchTimeoutMs: 60_000 } });
    try {
      const pending = await channel.submitAsync(alice, 'demo:put', ['later', '1']);
      const alone = await channel.submit(alice, 'demo:put', ['now', '1']);
      expect(alone.blockNumber).toBe(1);
      await channel.flush();
      expect((await pending.status()).blockNumber).toBe(2);
      expect(channel.ledger.height).toBe(3);
    } finally {
      await channel.close();
    }
  });

  it('fails the status of a transaction still pending when the channel closes', async () => {
    const { channel, alice } = demoNetwork({ orderer: { batchTimeoutMs: 60_000 } });
    const pending = await channel.submitAsync(alice, 'demo:put', ['k', 'v']);
    await channel.close();
    await expect(pending.status()).rejects.toThrow(
      `channel demo-channel closed before transaction ${pending.txId} was ordered`,
    );
    expect(channel.ledger.height).toBe(1);
  });
});
