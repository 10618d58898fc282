/**
 * One peer's history database, after core/ledger/kvledger/history/db.go: an entry per key written
 * by a valid transaction, keyed by (key length, key, block number, transaction number) so one
 * key's entries are contiguous and ordered by height (the length prefix keeps a key that is a
 * prefix of another from mixing with it, as the peer's length-prefixed data keys do). Queries
 * return the newest first (query_executer.go iterates in reverse). The peer keeps only the height
 * and reads the value from the block; here the entry carries value, tx id and timestamp. A block's
 * entries and the savepoint go in one atomic batch.
 */
import {
  KeySpace,
  readU64,
  u64,
  type KeyValueIterator,
  type KeyValueStore,
} from './key-value-store';
import type { HistoryEntry } from './records';

const SCAN_BATCH = 32;

export interface HistoryWrite {
  readonly key: string;
  readonly entry: HistoryEntry;
}

export class HistoryDatabase {
  private readonly data: KeySpace;
  private readonly savepointKey: Buffer;

  constructor(
    private readonly store: KeyValueStore,
    channelId: string,
    peerName: string,
  ) {
    this.data = new KeySpace('history', channelId, peerName);
    this.savepointKey = new KeySpace('savepoint', 'history', channelId).key(peerName);
  }

  /** GetHistoryForKey: newest first, read lazily. */
  scan(key: string): HistoryScanner {
    const prefix = keyPrefix(key);
    const end = Buffer.concat([prefix, Buffer.alloc(12, 0xff)]);
    return new HistoryScanner(
      this.store.iterate({ ...this.data.range(prefix, end), reverse: true }),
    );
  }

  async savepoint(): Promise<number> {
    const bytes = await this.store.get(this.savepointKey);
    return bytes === undefined ? 0 : readU64(bytes);
  }

  async commit(writes: readonly HistoryWrite[], blockNumber: number): Promise<void> {
    const operations = writes.map(({ key, entry }) => ({
      type: 'put' as const,
      key: this.data.key(
        Buffer.concat([keyPrefix(key), u64(entry.blockNumber), uint32(entry.txNum)]),
      ),
      value: encodeEntry(entry),
    }));
    operations.push({ type: 'put', key: this.savepointKey, value: u64(blockNumber + 1) });
    await this.store.write(operations, false);
  }
}

export class HistoryScanner {
  private buffered: [Buffer, Buffer][] = [];
  private position = 0;
  private done = false;

  constructor(private readonly iterator: KeyValueIterator) {}

  async next(): Promise<HistoryEntry | undefined> {
    if (this.position === this.buffered.length) {
      if (this.done) {
        return undefined;
      }
      this.buffered = await this.iterator.nextBatch(SCAN_BATCH);
      this.position = 0;
      if (this.buffered.length === 0) {
        this.close();
        return undefined;
      }
    }
    const [key, value] = this.buffered[this.position++];
    return decodeEntry(key, value);
  }

  close(): void {
    if (!this.done) {
      this.done = true;
      this.iterator.close().catch(() => undefined);
    }
  }
}

function keyPrefix(key: string): Buffer {
  const bytes = Buffer.from(key, 'utf8');
  return Buffer.concat([uint32(bytes.length), bytes]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function encodeEntry(entry: HistoryEntry): Buffer {
  const txId = Buffer.from(entry.txId, 'utf8');
  const head = Buffer.alloc(11);
  head.writeUInt8(entry.isDelete ? 1 : 0, 0);
  head.writeUIntBE(entry.timestamp.getTime(), 1, 6);
  head.writeUInt32BE(txId.length, 7);
  return Buffer.concat([head, txId, entry.value]);
}

function decodeEntry(key: Buffer, value: Buffer): HistoryEntry {
  const txIdLength = value.readUInt32BE(7);
  return {
    txId: value.toString('utf8', 11, 11 + txIdLength),
    value: Buffer.from(value.subarray(11 + txIdLength)),
    isDelete: value.readUInt8(0) === 1,
    timestamp: new Date(value.readUIntBE(1, 6)),
    blockNumber: readU64(key, key.length - 12),
    txNum: key.readUInt32BE(key.length - 4),
  };
}
