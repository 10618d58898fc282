/**
 * The LevelDB the embedded peers keep their ledgers in: `classic-level` (LevelDB on disk) when a
 * directory is given, `memory-level` (the same abstract-level API in memory) otherwise, so both
 * modes run the same code. Keys and values are raw bytes; keys sort by bytes, as in the peer's
 * LevelDB (common/ledger/util/leveldbhelper).
 */
import { ClassicLevel } from 'classic-level';
import { MemoryLevel } from 'memory-level';

export type BatchOperation =
  | { readonly type: 'put'; readonly key: Buffer; readonly value: Buffer }
  | { readonly type: 'del'; readonly key: Buffer };

export interface KeyRange {
  readonly gte?: Buffer;
  readonly lt?: Buffer;
  readonly reverse?: boolean;
  readonly limit?: number;
}

export interface KeyValueIterator {
  /** Up to `size` entries; an empty array once the range is exhausted. */
  nextBatch(size: number): Promise<[Buffer, Buffer][]>;
  close(): Promise<void>;
}

/** What both abstract-level databases offer, as used here. */
interface LevelDatabase {
  open(): Promise<void>;
  get(key: Buffer): Promise<Buffer | undefined>;
  getMany(keys: Buffer[]): Promise<(Buffer | undefined)[]>;
  batch(operations: BatchOperation[], options: { sync: boolean }): Promise<void>;
  iterator(options: { gte?: Buffer; lt?: Buffer; reverse: boolean; limit: number }): {
    nextv(size: number): Promise<[Buffer, Buffer][]>;
    close(): Promise<void>;
  };
  close(): Promise<void>;
}

export class KeyValueStore {
  private constructor(private readonly db: LevelDatabase) {}

  /** LevelDB in `directory`, created when missing; in memory when `directory` is undefined. */
  static async open(directory?: string): Promise<KeyValueStore> {
    const options = { keyEncoding: 'buffer', valueEncoding: 'buffer' } as const;
    const db: LevelDatabase =
      directory === undefined
        ? new MemoryLevel<Buffer, Buffer>(options)
        : new ClassicLevel<Buffer, Buffer>(directory, options);
    await db.open();
    return new KeyValueStore(db);
  }

  async get(key: Buffer): Promise<Buffer | undefined> {
    return this.db.get(key);
  }

  async getMany(keys: readonly Buffer[]): Promise<(Buffer | undefined)[]> {
    return keys.length === 0 ? [] : this.db.getMany([...keys]);
  }

  /**
   * One atomic write. `durable` syncs LevelDB's log to disk before resolving (WriteOptions.sync),
   * as the block store does for every block.
   */
  async write(operations: readonly BatchOperation[], durable: boolean): Promise<void> {
    if (operations.length === 0) {
      return;
    }
    await this.db.batch([...operations], { sync: durable });
  }

  iterate(range: KeyRange): KeyValueIterator {
    const iterator = this.db.iterator({
      ...(range.gte !== undefined ? { gte: range.gte } : {}),
      ...(range.lt !== undefined ? { lt: range.lt } : {}),
      reverse: range.reverse === true,
      limit: range.limit ?? -1,
    });
    return {
      nextBatch: (size) => iterator.nextv(size),
      close: () => iterator.close(),
    };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** A store's share of the database: every key starts with the same prefix. */
export class KeySpace {
  private readonly prefix: Buffer;
  private readonly end: Buffer;

  /** @param path names that no other key space shares (they may not contain NUL) */
  constructor(...path: string[]) {
    this.prefix = Buffer.from(`${path.join('\u0000')}\u0000`, 'utf8');
    this.end = Buffer.from(this.prefix);
    this.end[this.end.length - 1] = 1;
  }

  key(suffix: Buffer | string): Buffer {
    return Buffer.concat([this.prefix, typeof suffix === 'string' ? Buffer.from(suffix) : suffix]);
  }

  suffixOf(key: Buffer): Buffer {
    return key.subarray(this.prefix.length);
  }

  /** Keys of this space whose suffix lies in [start, end); no end: to the end of the space. */
  range(start: Buffer = Buffer.alloc(0), end?: Buffer): { gte: Buffer; lt: Buffer } {
    return { gte: this.key(start), lt: end === undefined ? this.end : this.key(end) };
  }
}

/** Big-endian unsigned 64-bit encoding of a block number: byte order = numeric order. */
export function u64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

export function readU64(bytes: Buffer, offset = 0): number {
  return Number(bytes.readBigUInt64BE(offset));
}
