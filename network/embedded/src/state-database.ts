/**
 * One peer's world state of the chaincode namespace in LevelDB, after
 * core/ledger/kvledger/txmgmt/statedb/stateleveldb: one key per state key (ordered by its UTF-8
 * bytes), the value with its version and metadata, and a savepoint: the height (next block
 * number) whose writes the database holds. A block's writes and the new savepoint go in one
 * atomic batch, so the state is always that of a block boundary.
 */
import {
  KeySpace,
  readU64,
  u64,
  type KeyValueIterator,
  type KeyValueStore,
} from './key-value-store';
import {
  decodeVersionedValue,
  encodeVersionedValue,
  type StateEntry,
  type VersionedValue,
} from './state-entry';
import type { StateUpdates } from './state-updates';

const SCAN_BATCH = 64;

export class StateDatabase {
  private readonly data: KeySpace;
  private readonly savepointKey: Buffer;

  constructor(
    private readonly store: KeyValueStore,
    channelId: string,
    peerName: string,
  ) {
    this.data = new KeySpace('state', channelId, peerName);
    this.savepointKey = new KeySpace('savepoint', 'state', channelId).key(peerName);
  }

  async get(key: string): Promise<VersionedValue | undefined> {
    const bytes = await this.store.get(this.data.key(key));
    return bytes === undefined ? undefined : decodeVersionedValue(bytes);
  }

  /** Keys in [start, end) in key order; an empty `end` scans to the end of the namespace. */
  scan(start: string, end: string): StateScanner {
    const range = this.data.range(
      Buffer.from(start, 'utf8'),
      end === '' ? undefined : Buffer.from(end, 'utf8'),
    );
    return new StateScanner(this.store.iterate(range), this.data);
  }

  /** Height (next block number) of the last committed block; 0 for a new database. */
  async savepoint(): Promise<number> {
    const bytes = await this.store.get(this.savepointKey);
    return bytes === undefined ? 0 : readU64(bytes);
  }

  /** Applies a block's updates and moves the savepoint past it, atomically. */
  async commit(updates: StateUpdates, blockNumber: number): Promise<void> {
    const operations = updates
      .entries()
      .map(([key, value]) =>
        value === null
          ? { type: 'del' as const, key: this.data.key(key) }
          : { type: 'put' as const, key: this.data.key(key), value: encodeVersionedValue(value) },
      );
    operations.push({ type: 'put', key: this.savepointKey, value: u64(blockNumber + 1) });
    await this.store.write(operations, false);
  }

  /** Copies entries in as they are (a peer joined from a snapshot), without a block. */
  async load(entries: readonly StateEntry[]): Promise<void> {
    await this.store.write(
      entries.map(({ key, ...value }) => ({
        type: 'put' as const,
        key: this.data.key(key),
        value: encodeVersionedValue(value),
      })),
      false,
    );
  }
}

/** A LevelDB iterator over a key range, read a few entries at a time. */
export class StateScanner {
  private buffered: [Buffer, Buffer][] = [];
  private position = 0;
  private exhausted = false;
  private closed = false;

  constructor(
    private readonly iterator: KeyValueIterator,
    private readonly space: KeySpace,
  ) {}

  async next(): Promise<StateEntry | undefined> {
    if (this.position === this.buffered.length) {
      if (this.exhausted || this.closed) {
        return undefined;
      }
      this.buffered = await this.iterator.nextBatch(SCAN_BATCH);
      this.position = 0;
      if (this.buffered.length === 0) {
        this.exhausted = true;
        this.close();
        return undefined;
      }
    }
    const [key, value] = this.buffered[this.position++];
    return { key: this.space.suffixOf(key).toString('utf8'), ...decodeVersionedValue(value) };
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      this.iterator.close().catch(() => undefined);
    }
  }
}
