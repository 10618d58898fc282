/**
 * Block cutting like Fabric's blockcutter and Raft batch timer: by count, by timeout from the first
 * pending transaction, by preferred block size.
 */
import { OrderingService, type BatchSettings } from '../src/ordering-service';

interface Tx {
  id: string;
  bytes: number;
}

function orderer(settings: Partial<BatchSettings>) {
  const blocks: string[][] = [];
  const service = new OrderingService<Tx>(
    { maxMessageCount: 500, batchTimeoutMs: 250, preferredMaxBytes: 1000, ...settings },
    (tx) => tx.bytes,
    (batch) => blocks.push(batch.map((tx) => tx.id)),
  );
  const order = (...ids: string[]) => ids.forEach((id) => service.order({ id, bytes: 10 }));
  return { service, blocks, order };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('ordering service', () => {
  it('cuts a block as soon as MaxMessageCount transactions are pending', () => {
    const { service, blocks, order } = orderer({ maxMessageCount: 2 });
    order('a', 'b', 'c', 'd', 'e');
    expect(blocks).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(service.pendingCount).toBe(1);
  });

  it('cuts the pending transactions BatchTimeout after the first of them', () => {
    const { blocks, order } = orderer({ batchTimeoutMs: 250 });
    order('a');
    jest.advanceTimersByTime(200);
    order('b');
    jest.advanceTimersByTime(49);
    expect(blocks).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(blocks).toEqual([['a', 'b']]);
    order('c');
    jest.advanceTimersByTime(250);
    expect(blocks).toEqual([['a', 'b'], ['c']]);
  });

  it('stops the timer when a count cut leaves nothing pending', () => {
    const { blocks, order } = orderer({ maxMessageCount: 2, batchTimeoutMs: 250 });
    order('a');
    jest.advanceTimersByTime(200);
    order('b');
    order('c');
    jest.advanceTimersByTime(249);
    expect(blocks).toEqual([['a', 'b']]);
    jest.advanceTimersByTime(1);
    expect(blocks).toEqual([['a', 'b'], ['c']]);
  });

  it('isolates a transaction above PreferredMaxBytes and cuts before an overflow', () => {
    const { service, blocks } = orderer({ preferredMaxBytes: 100 });
    service.order({ id: 'a', bytes: 60 });
    service.order({ id: 'big', bytes: 101 });
    service.order({ id: 'b', bytes: 60 });
    service.order({ id: 'c', bytes: 41 });
    expect(blocks).toEqual([['a'], ['big'], ['b']]);
    service.order({ id: 'd', bytes: 59 });
    service.cut();
    expect(blocks).toEqual([['a'], ['big'], ['b'], ['c', 'd']]);
  });

  it('cuts on demand, and once stopped delivers nothing more', () => {
    const { service, blocks, order } = orderer({});
    order('a', 'b');
    service.cut();
    service.cut();
    order('c');
    expect(service.stop().map((tx) => tx.id)).toEqual(['c']);
    jest.advanceTimersByTime(1000);
    expect(blocks).toEqual([['a', 'b']]);
  });
});
