/**
 * Transaction simulator for one proposal, after Fabric's txmgr `txSimulator`/`queryExecutor`
 * (core/ledger/kvledger/txmgmt/txmgr/tx_simulator.go, query_executor.go) and its rwset builder:
 * - reads go to committed state only (a transaction never reads its own writes) and record the
 *   committed version in the read set;
 * - writes and metadata writes keep the last one per key; an empty value is a delete;
 * - a paginated range query is refused once the transaction wrote, and any write is refused once
 *   it ran a paginated query (the peer's error texts, typo included);
 * - rich queries fail as on a LevelDB peer;
 * - each written key's committed validation parameter is noted for the chaincode interest
 *   (`checkStateMetadata`).
 */
import { compareKeys } from './key-order';
import { RangeScanIterator } from './range-scan-iterator';
import type {
  MetadataWriteRecord,
  RangeQueryRecord,
  ReadRecord,
  SimulationResults,
  WriteRecord,
} from './records';
import type { StateDatabase } from './state-database';
import { VALIDATION_PARAMETER, type Version } from './state-entry';

export class TxSimulator {
  private readonly reads = new Map<string, Version | undefined>();
  private readonly writes = new Map<string, Buffer | undefined>();
  private readonly metadataWrites = new Map<string, ReadonlyMap<string, Buffer> | undefined>();
  private readonly rangeScans: RangeScanIterator[] = [];
  private readonly committedKeyPolicies = new Map<string, Buffer | undefined>();
  private writePerformed = false;
  private paginatedQueriesPerformed = false;
  private doneInvoked = false;

  constructor(
    private readonly state: StateDatabase,
    readonly txId: string,
  ) {}

  async getState(key: string): Promise<Buffer | undefined> {
    this.checkDone();
    const entry = await this.state.get(key);
    this.reads.set(key, entry?.version);
    return entry?.value;
  }

  async getStateMetadata(key: string): Promise<ReadonlyMap<string, Buffer>> {
    this.checkDone();
    const entry = await this.state.get(key);
    this.reads.set(key, entry?.version);
    return entry?.metadata ?? new Map<string, Buffer>();
  }

  async setState(key: string, value: Buffer): Promise<void> {
    this.checkWritePrecondition();
    this.writes.set(key, value.length === 0 ? undefined : Buffer.from(value));
    await this.noteCommittedKeyPolicy(key);
  }

  async deleteState(key: string): Promise<void> {
    this.checkWritePrecondition();
    this.writes.set(key, undefined);
    await this.noteCommittedKeyPolicy(key);
  }

  /** Replaces all metadata of `key`; `undefined` deletes it. */
  async setStateMetadata(
    key: string,
    metadata: ReadonlyMap<string, Buffer> | undefined,
  ): Promise<void> {
    this.checkWritePrecondition();
    this.metadataWrites.set(key, metadata);
    await this.noteCommittedKeyPolicy(key);
  }

  /**
   * Every key written (value or metadata) with its committed validation parameter, undefined
   * when it has none; an empty parameter counts as none, as at validation.
   */
  writtenKeyPolicies(): ReadonlyMap<string, Buffer | undefined> {
    return new Map(this.committedKeyPolicies);
  }

  rangeScan(startKey: string, endKey: string): RangeScanIterator {
    this.checkDone();
    return this.newRangeScan(startKey, endKey, 0);
  }

  rangeScanWithPagination(startKey: string, endKey: string, pageSize: number): RangeScanIterator {
    this.checkBeforePaginatedQueries();
    this.checkDone();
    return this.newRangeScan(startKey, endKey, pageSize);
  }

  executeQuery(): never {
    this.checkDone();
    throw new Error('ExecuteQuery not supported for leveldb');
  }

  executeQueryWithPagination(): never {
    this.checkBeforePaginatedQueries();
    this.checkDone();
    throw new Error('ExecuteQueryWithMetadata not supported for leveldb');
  }

  done(): void {
    if (this.doneInvoked) {
      return;
    }
    this.doneInvoked = true;
    for (const scan of this.rangeScans) {
      scan.close();
    }
  }

  /** The rwset the peer would put in its proposal response (namespaces/keys sorted). */
  results(): SimulationResults {
    const reads: ReadRecord[] = sortedKeys(this.reads).map((key) => {
      const version = this.reads.get(key);
      return version === undefined ? { key } : { key, version };
    });
    const writes: WriteRecord[] = sortedKeys(this.writes).map((key) => {
      const value = this.writes.get(key);
      return value === undefined ? { key, isDelete: true } : { key, isDelete: false, value };
    });
    const metadataWrites: MetadataWriteRecord[] = sortedKeys(this.metadataWrites).map((key) => {
      const entries: Record<string, Buffer> = {};
      const metadata = this.metadataWrites.get(key);
      for (const name of [...(metadata?.keys() ?? [])].sort(compareKeys)) {
        entries[name] = metadata?.get(name) as Buffer;
      }
      return { key, entries };
    });
    return { reads, rangeQueries: this.rangeQueryInfos(), writes, metadataWrites };
  }

  private rangeQueryInfos(): RangeQueryRecord[] {
    const seen = new Set<string>();
    const infos: RangeQueryRecord[] = [];
    for (const scan of this.rangeScans) {
      const info = scan.rangeQueryInfo();
      const id = JSON.stringify([info.startKey, info.endKey, info.itrExhausted]);
      if (!seen.has(id)) {
        seen.add(id);
        infos.push(info);
      }
    }
    return infos;
  }

  private newRangeScan(startKey: string, endKey: string, pageSize: number): RangeScanIterator {
    const scan = new RangeScanIterator(this.state, startKey, endKey, pageSize);
    this.rangeScans.push(scan);
    return scan;
  }

  private async noteCommittedKeyPolicy(key: string): Promise<void> {
    if (this.committedKeyPolicies.has(key)) {
      return;
    }
    const parameter = (await this.state.get(key))?.metadata.get(VALIDATION_PARAMETER);
    this.committedKeyPolicies.set(
      key,
      parameter !== undefined && parameter.length > 0 ? parameter : undefined,
    );
  }

  private checkDone(): void {
    if (this.doneInvoked) {
      throw new Error('this instance should not be used after calling Done()');
    }
  }

  private checkWritePrecondition(): void {
    this.checkDone();
    if (this.paginatedQueriesPerformed) {
      throw new Error(
        `txid [${this.txId}]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed`,
      );
    }
    this.writePerformed = true;
  }

  private checkBeforePaginatedQueries(): void {
    if (this.writePerformed) {
      throw new Error(
        `txid [${this.txId}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`,
      );
    }
    this.paginatedQueriesPerformed = true;
  }
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort(compareKeys);
}
