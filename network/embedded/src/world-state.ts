/**
 * Committed world state of one chaincode namespace, as the peer's LevelDB state database keeps
 * it: value, version (height of the last transaction that wrote the key) and metadata (e.g. the
 * key-level endorsement policy under VALIDATION_PARAMETER), keys ordered by UTF-8 bytes.
 */
import { compareKeys } from './key-order';

/** Height of a committed write: block number and position of the transaction in the block. */
export interface Version {
  readonly blockNum: number;
  readonly txNum: number;
}

export interface VersionedValue {
  readonly value: Buffer;
  readonly version: Version;
  /** Metadata entries by name; empty when the key has none. */
  readonly metadata: ReadonlyMap<string, Buffer>;
}

export interface StateEntry extends VersionedValue {
  readonly key: string;
}

export function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  if (a === undefined || b === undefined) {
    return a === b;
  }
  return a.blockNum === b.blockNum && a.txNum === b.txNum;
}

export class WorldState {
  private readonly values = new Map<string, VersionedValue>();
  private readonly sortedKeys: string[] = [];

  get size(): number {
    return this.sortedKeys.length;
  }

  get(key: string): VersionedValue | undefined {
    return this.values.get(key);
  }

  put(key: string, value: VersionedValue): void {
    if (!this.values.has(key)) {
      this.sortedKeys.splice(this.lowerBound(key), 0, key);
    }
    this.values.set(key, value);
  }

  delete(key: string): void {
    if (this.values.delete(key)) {
      this.sortedKeys.splice(this.lowerBound(key), 1);
    }
  }

  /** First key in [start, end) that sorts after `after` (or from `start` when absent). */
  nextKey(start: string, end: string, after?: string): string | undefined {
    const from = this.lowerBound(start);
    const index = after === undefined ? from : Math.max(from, this.upperBound(after));
    const key = this.sortedKeys[index];
    if (key === undefined) {
      return undefined;
    }
    return end === '' || compareKeys(key, end) < 0 ? key : undefined;
  }

  entries(): StateEntry[] {
    return this.sortedKeys.map((key) => ({ key, ...(this.values.get(key) as VersionedValue) }));
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.sortedKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.sortedKeys[mid], key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private upperBound(key: string): number {
    let lo = 0;
    let hi = this.sortedKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.sortedKeys[mid], key) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
