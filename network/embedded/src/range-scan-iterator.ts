/**
 * A range scan over committed state during simulation, after Fabric's txmgr `resultsItr` wrapped
 * around stateleveldb's `kvScanner`:
 * - [startKey, endKey), empty endKey = to the end of the namespace;
 * - with a page size the scanner stops after that many records;
 * - every record handed out is added to the range query info (key + version) and the info's end
 *   key becomes that record's key; when the scan runs dry the info is marked exhausted and takes
 *   the query's end key — this is what phantom-read validation re-executes at commit;
 * - the bookmark of a paginated query is the next key in range after the last record returned.
 */
import type { RangeQueryRecord } from './records';
import type { StateDatabase, StateScanner } from './state-database';
import type { StateEntry, Version } from './state-entry';

export interface StateKV {
  readonly key: string;
  readonly value: Buffer;
  readonly version: Version;
}

interface MutableRangeQueryInfo {
  startKey: string;
  endKey: string;
  itrExhausted: boolean;
  reads: { key: string; version: Version }[];
}

export class RangeScanIterator {
  private readonly info: MutableRangeQueryInfo;
  private readonly scanner: StateScanner;
  private dbExhausted = false;
  private returned = 0;
  private closed = false;

  constructor(
    state: StateDatabase,
    startKey: string,
    private readonly endKey: string,
    private readonly pageSize: number,
  ) {
    this.scanner = state.scan(startKey, endKey);
    this.info = { startKey, endKey: '', itrExhausted: false, reads: [] };
  }

  async next(): Promise<StateKV | undefined> {
    const result = await this.scan();
    if (result === undefined) {
      this.info.itrExhausted = true;
      this.info.endKey = this.endKey;
      return undefined;
    }
    this.info.reads.push({ key: result.key, version: result.version });
    this.info.endKey = result.key;
    return result;
  }

  /** Next key in range after the last one read (empty when none), then close. */
  async bookmarkAndClose(): Promise<string> {
    const entry = await this.advance();
    this.close();
    return entry?.key ?? '';
  }

  close(): void {
    this.closed = true;
    this.scanner.close();
  }

  rangeQueryInfo(): RangeQueryRecord {
    return {
      startKey: this.info.startKey,
      endKey: this.info.endKey,
      itrExhausted: this.info.itrExhausted,
      reads: [...this.info.reads],
    };
  }

  private async scan(): Promise<StateKV | undefined> {
    if (this.closed || (this.pageSize > 0 && this.returned >= this.pageSize)) {
      return undefined;
    }
    const entry = await this.advance();
    if (entry === undefined) {
      return undefined;
    }
    this.returned++;
    return { key: entry.key, value: entry.value, version: entry.version };
  }

  /** Moves the underlying database cursor one key forward (LevelDB iterator Next). */
  private async advance(): Promise<StateEntry | undefined> {
    if (this.dbExhausted || this.closed) {
      return undefined;
    }
    const entry = await this.scanner.next();
    if (entry === undefined) {
      this.dbExhausted = true;
    }
    return entry;
  }
}
