/**
 * The writes of a block's valid transactions while the block is validated (txmgr's UpdateBatch):
 * later transactions of the block are checked against committed state plus these updates, and the
 * whole batch is committed at once. Phantom-read checks re-run range queries over both, as
 * `rangequery_validator.go` does with its combined iterator.
 */
import { compareKeys, inRange } from './key-order';
import type { StateDatabase } from './state-database';
import type { StateEntry, VersionedValue } from './state-entry';

export class StateUpdates {
  /** null: deleted in this block. */
  private readonly values = new Map<string, VersionedValue | null>();

  constructor(private readonly committed: StateDatabase) {}

  put(key: string, value: VersionedValue): void {
    this.values.set(key, value);
  }

  delete(key: string): void {
    this.values.set(key, null);
  }

  /** The key as the next transaction of the block sees it. */
  async get(key: string): Promise<VersionedValue | undefined> {
    const updated = this.values.get(key);
    if (updated !== undefined) {
      return updated ?? undefined;
    }
    return this.committed.get(key);
  }

  entries(): [string, VersionedValue | null][] {
    return [...this.values];
  }

  /** Keys from `start` on, in key order, committed state and updates merged. */
  async *scanFrom(start: string): AsyncGenerator<StateEntry> {
    const updated = [...this.values.keys()]
      .filter((key) => inRange(key, start, ''))
      .sort(compareKeys);
    const scanner = this.committed.scan(start, '');
    try {
      let fromDb = await scanner.next();
      let u = 0;
      while (fromDb !== undefined || u < updated.length) {
        const order =
          fromDb === undefined
            ? 1
            : u === updated.length
              ? -1
              : compareKeys(fromDb.key, updated[u]);
        if (order < 0 && fromDb !== undefined) {
          yield fromDb;
          fromDb = await scanner.next();
          continue;
        }
        const key = updated[u++];
        const value = this.values.get(key);
        if (order === 0) {
          fromDb = await scanner.next();
        }
        if (value !== null && value !== undefined) {
          yield { key, ...value };
        }
      }
    } finally {
      scanner.close();
    }
  }
}
