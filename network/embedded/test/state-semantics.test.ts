/**
 * World-state semantics of a LevelDB peer as seen through the real shim: no read-your-own-writes,
 * write sets, UTF-8 key order, range bounds, composite keys.
 */
import { compareKeys } from '../src';
import { demoNetwork, json, type DemoNetwork } from './fixtures/demo-network';

interface SplitKey {
  objectType: string;
  attributes: string[];
}

describe('embedded peer state semantics', () => {
  let net: DemoNetwork;

  beforeEach(() => {
    net = demoNetwork();
  });

  afterEach(() => net.channel.close());

  it('does not let a transaction read its own writes', async () => {
    const { channel, alice } = net;
    const first = await channel.submit(alice, 'demo:putThenGet', ['k', 'v1']);
    expect(json(first.payload)).toEqual({ seen: null });

    const second = await channel.submit(alice, 'demo:putThenGet', ['k', 'v2']);
    expect(json(second.payload)).toEqual({ seen: 'v1' });
    expect((await channel.ledger.getState('k'))?.toString()).toBe('v2');
  });

  it('records the last write per key, sorted by key, deletes as deletes', async () => {
    const { channel, alice } = net;
    await channel.submit(alice, 'demo:put', ['gone', 'x']);
    const ops = [
      ['zeta', '1'],
      ['alpha', '1'],
      ['zeta', '2'],
      ['gone', null],
      ['empty', ''],
    ];
    const simulation = await channel.simulate(alice, 'demo:putMany', [JSON.stringify(ops)]);
    expect(simulation.status).toBe(200);
    expect(simulation.writes.map((w) => [w.key, w.isDelete, w.value?.toString() ?? null])).toEqual([
      ['alpha', false, '1'],
      ['empty', true, null], // an empty value is a delete on a peer
      ['gone', true, null],
      ['zeta', false, '2'],
    ]);
    // Simulation alone never commits.
    expect(await channel.ledger.getState('alpha')).toBeUndefined();
    expect((await channel.ledger.getState('gone'))?.toString()).toBe('x');
  });

  it('orders keys by UTF-8 bytes, not by JavaScript string order', async () => {
    const { channel, alice } = net;
    const emoji = 'k\u{1F600}'; // UTF-16 surrogates D83D DE00, UTF-8 F0 9F 98 80
    const privateUse = 'k\uE000'; // UTF-8 EE 80 80
    const ascii = 'kz';
    for (const key of [emoji, privateUse, ascii]) {
      await channel.submit(alice, 'demo:put', [key, 'v']);
    }
    expect(emoji < privateUse).toBe(true); // JavaScript's order...
    const keys = json<string[]>(await channel.evaluate(alice, 'demo:range', ['k', 'l']));
    expect(keys).toEqual([ascii, privateUse, emoji]); // ...is not the peer's
    expect(compareKeys(privateUse, emoji)).toBe(-1);
    expect((await channel.ledger.entries()).map((e) => e.key)).toEqual(keys);
  });

  it('treats the range end as exclusive and an empty end as unbounded', async () => {
    const { channel, alice } = net;
    for (const key of ['a', 'b', 'c', 'd']) {
      await channel.submit(alice, 'demo:put', [key, key]);
    }
    expect(json(await channel.evaluate(alice, 'demo:range', ['b', 'd']))).toEqual(['b', 'c']);
    expect(json(await channel.evaluate(alice, 'demo:range', ['b', '']))).toEqual(['b', 'c', 'd']);
    expect(json(await channel.evaluate(alice, 'demo:range', ['', '']))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('keeps composite keys out of plain range queries', async () => {
    const { channel, alice } = net;
    await channel.submit(alice, 'demo:put', ['plain', 'p']);
    await channel.submit(alice, 'demo:putComposite', ['offer', 'acme', '001', 'o1']);
    expect((await channel.ledger.entries()).map((e) => e.key)).toEqual([
      '\u0000offer\u0000acme\u0000001\u0000',
      'plain',
    ]);
    // The shim starts an empty range at U+0001, after every composite key (U+0000 ...).
    expect(json(await channel.evaluate(alice, 'demo:range', ['', '']))).toEqual(['plain']);
    expect(json(await channel.evaluate(alice, 'demo:range', ['\u0001', '']))).toEqual(['plain']);
  });

  it('answers partial composite key queries with the [prefix, prefix + U+10FFFF) range', async () => {
    const { channel, alice } = net;
    await channel.submit(alice, 'demo:putComposite', ['offer', 'acme', '002', 'x']);
    await channel.submit(alice, 'demo:putComposite', ['offer', 'acme', '001', 'x']);
    await channel.submit(alice, 'demo:putComposite', ['offer', 'acme\u{1F600}', '001', 'x']);
    await channel.submit(alice, 'demo:putComposite', ['offer', 'beta', '001', 'x']);
    await channel.submit(alice, 'demo:putComposite', ['offers', 'acme', '001', 'x']);

    const acme = json<SplitKey[]>(
      await channel.evaluate(alice, 'demo:partial', ['offer', JSON.stringify(['acme'])]),
    );
    expect(acme).toEqual([
      { objectType: 'offer', attributes: ['acme', '001'] },
      { objectType: 'offer', attributes: ['acme', '002'] },
    ]);
    const offers = json<SplitKey[]>(await channel.evaluate(alice, 'demo:partial', ['offer', '[]']));
    expect(offers.map((k) => k.attributes.join('/'))).toEqual([
      'acme/001',
      'acme/002',
      'acme\u{1F600}/001',
      'beta/001',
    ]);

    const simulation = await channel.simulate(alice, 'demo:partial', ['offer', '["beta"]']);
    expect(simulation.rangeQueries).toEqual([
      {
        startKey: '\u0000offer\u0000beta\u0000',
        endKey: '\u0000offer\u0000beta\u0000\u{10FFFF}',
        itrExhausted: true,
        reads: [
          { key: '\u0000offer\u0000beta\u0000001\u0000', version: { blockNum: 4, txNum: 0 } },
        ],
      },
    ]);
  });

  it('records committed versions of reads, and absent keys without a version', async () => {
    const { channel, alice } = net;
    const put = await channel.submit(alice, 'demo:put', ['seen', 'v']);
    const simulation = await channel.simulate(alice, 'demo:readThenWrite', ['seen', 'out', 'x']);
    const missing = await channel.simulate(alice, 'demo:readThenWrite', ['nothing', 'out', 'x']);
    expect(simulation.reads).toEqual([
      { key: 'seen', version: { blockNum: put.blockNumber, txNum: 0 } },
    ]);
    expect(missing.reads).toEqual([{ key: 'nothing' }]);
  });
});
