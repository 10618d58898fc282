/**
 * Range queries with pagination and result batching, as a LevelDB peer serves them
 * (core/chaincode/handler.go, query_response_generator.go, txmgr/tx_simulator.go).
 */
import { ChaincodeError } from '../src';
import type { RangePage } from './fixtures/demo-contract';
import { demoNetwork, json, type DemoNetwork } from './fixtures/demo-network';

const KEYS = ['item-1', 'item-2', 'item-3', 'item-4', 'item-5'];

async function seed(net: DemoNetwork): Promise<void> {
  const ops = KEYS.map((key) => [key, `value of ${key}`]);
  await net.channel.submit(net.alice, 'demo:putMany', [JSON.stringify(ops)]);
}

describe('paginated range queries', () => {
  let net: DemoNetwork;

  beforeEach(async () => {
    net = demoNetwork();
    await seed(net);
  });

  afterEach(() => net.channel.close());

  async function page(bookmark: string, size = 2): Promise<RangePage> {
    const args = ['item-', 'item-~', String(size), bookmark];
    return json<RangePage>(await net.channel.evaluate(net.alice, 'demo:page', args));
  }

  it('returns pages whose bookmark is the next key to read', async () => {
    const first = await page('');
    expect(first).toEqual({ keys: ['item-1', 'item-2'], bookmark: 'item-3', fetched: 2 });
    const second = await page(first.bookmark);
    expect(second).toEqual({ keys: ['item-3', 'item-4'], bookmark: 'item-5', fetched: 2 });
    const last = await page(second.bookmark);
    expect(last).toEqual({ keys: ['item-5'], bookmark: '', fetched: 1 });
  });

  it('gives an empty bookmark when the page ends exactly at the last key', async () => {
    const all = await page('', KEYS.length);
    expect(all).toEqual({ keys: KEYS, bookmark: '', fetched: KEYS.length });
  });

  it('records a page as a range read from the bookmark to the last key returned', async () => {
    const simulation = await net.channel.simulate(net.alice, 'demo:page', [
      'item-',
      'item-~',
      '2',
      'item-2',
    ]);
    expect(simulation.rangeQueries).toHaveLength(1);
    expect(simulation.rangeQueries[0]).toMatchObject({
      startKey: 'item-2',
      endKey: 'item-3',
      itrExhausted: false,
    });
    expect(simulation.rangeQueries[0].reads.map((r) => r.key)).toEqual(['item-2', 'item-3']);
  });

  it('refuses a paginated query in a transaction that has written', async () => {
    const attempt = net.channel.submit(net.alice, 'demo:putThenPage', ['new', 'item-', 'item-~']);
    await expect(attempt).rejects.toBeInstanceOf(ChaincodeError);
    await expect(attempt).rejects.toThrow(
      /^GET_STATE_BY_RANGE failed: transaction ID: [0-9a-f]{64}: txid \[[0-9a-f]{64}\]: unsuppored transaction\. Paginated queries are supported only in a read-only transaction$/,
    );
    expect(await net.channel.ledger.getState('new')).toBeUndefined();
  });

  it('refuses a write after a paginated query', async () => {
    const attempt = net.channel.submit(net.alice, 'demo:pageThenPut', ['item-', 'item-~', 'new']);
    await expect(attempt).rejects.toThrow(
      /^PUT_STATE failed: transaction ID: [0-9a-f]{64}: txid \[[0-9a-f]{64}\]: unsuppored transaction\. Transaction has already performed a paginated query\. Writes are not allowed$/,
    );
    expect(await net.channel.ledger.getState('new')).toBeUndefined();
    expect(await net.channel.ledger.transactions()).toHaveLength(1); // only the seeding transaction
  });

  it('refuses rich queries like a LevelDB peer', async () => {
    const attempt = net.channel.evaluate(net.alice, 'demo:richQuery', ['{"selector":{}}']);
    await expect(attempt).rejects.toThrow(
      /^GET_QUERY_RESULT failed: transaction ID: [0-9a-f]{64}: ExecuteQuery not supported for leveldb$/,
    );
  });
});

describe('range query batching between peer and shim', () => {
  it('streams results in batches and returns them all', async () => {
    const net = demoNetwork({ maxResultLimit: 2 });
    try {
      await seed(net);
      const keys = json<string[]>(await net.channel.evaluate(net.alice, 'demo:range', ['', '']));
      expect(keys).toEqual(KEYS);
    } finally {
      await net.channel.close();
    }
  });

  it('records what the peer fetched, not what the chaincode consumed', async () => {
    const net = demoNetwork({ maxResultLimit: 2 });
    try {
      await seed(net);
      const simulation = await net.channel.simulate(net.alice, 'demo:firstInRange', ['', '']);
      expect(simulation.payload.toString()).toBe('item-1');
      // The first batch (2 records) was cut when the third record was fetched.
      expect(simulation.rangeQueries[0]).toMatchObject({ endKey: 'item-3', itrExhausted: false });
      expect(simulation.rangeQueries[0].reads.map((r) => r.key)).toEqual([
        'item-1',
        'item-2',
        'item-3',
      ]);
    } finally {
      await net.channel.close();
    }
  });
});
