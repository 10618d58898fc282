/**
 * The channel ledger of the embedded peer: world state, block log (every ordered transaction with
 * its validation code), history database (writes of valid transactions, returned newest first
 * like core/ledger/kvledger/history), and chaincode events of valid transactions.
 */
import { CommitLock } from './commit-lock';
import type { BlockRecord, DeliveredEvent, HistoryEntry, TransactionRecord } from './records';
import { WorldState, type StateEntry } from './world-state';

const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

/** Read-only view of the ledger for tests. */
export interface LedgerView {
  /** Number of the next block (block 0 is the genesis block). */
  readonly height: number;
  getState(key: string): Buffer | undefined;
  getStateEntry(key: string): StateEntry | undefined;
  /** Key-level endorsement policy (serialized SignaturePolicyEnvelope) of a key. */
  getValidationParameter(key: string): Buffer | undefined;
  /** All committed keys in the peer's key order (UTF-8 bytes). */
  entries(): StateEntry[];
  /** GetHistoryForKey as a peer returns it: newest first. */
  history(key: string): HistoryEntry[];
  blocks(): readonly BlockRecord[];
  /** Every ordered transaction, valid or not, in block order. */
  transactions(): readonly TransactionRecord[];
  transaction(txId: string): TransactionRecord | undefined;
  /** Events of valid transactions, in commit order. */
  events(): readonly DeliveredEvent[];
}

export type EventListener = (event: DeliveredEvent) => void;

export class Ledger implements LedgerView {
  readonly state = new WorldState();
  readonly lock = new CommitLock();
  private readonly blockLog: BlockRecord[] = [];
  private readonly txById = new Map<string, TransactionRecord>();
  private readonly historyByKey = new Map<string, HistoryEntry[]>();
  private readonly delivered: DeliveredEvent[] = [];
  private readonly listeners = new Set<EventListener>();

  get height(): number {
    return this.blockLog.length + 1;
  }

  getState(key: string): Buffer | undefined {
    return this.state.get(key)?.value;
  }

  getStateEntry(key: string): StateEntry | undefined {
    const entry = this.state.get(key);
    return entry === undefined ? undefined : { key, ...entry };
  }

  getValidationParameter(key: string): Buffer | undefined {
    return this.state.get(key)?.metadata.get(VALIDATION_PARAMETER);
  }

  entries(): StateEntry[] {
    return this.state.entries();
  }

  history(key: string): HistoryEntry[] {
    return [...(this.historyByKey.get(key) ?? [])].reverse();
  }

  blocks(): readonly BlockRecord[] {
    return [...this.blockLog];
  }

  transactions(): readonly TransactionRecord[] {
    return this.blockLog.flatMap((block) => block.transactions);
  }

  transaction(txId: string): TransactionRecord | undefined {
    return this.txById.get(txId);
  }

  events(): readonly DeliveredEvent[] {
    return [...this.delivered];
  }

  hasTransaction(txId: string): boolean {
    return this.txById.has(txId);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends a validated block whose valid writes are already applied to `state`. */
  append(block: BlockRecord, chaincodeName: string): void {
    this.blockLog.push(block);
    for (const tx of block.transactions) {
      if (!this.txById.has(tx.txId)) {
        this.txById.set(tx.txId, tx);
      }
      if (tx.validationCode !== 'VALID') {
        continue;
      }
      for (const write of tx.writes) {
        const entries = this.historyByKey.get(write.key) ?? [];
        entries.push({
          txId: tx.txId,
          value: write.value ?? Buffer.alloc(0),
          isDelete: write.isDelete,
          timestamp: tx.timestamp,
          blockNumber: block.number,
          txNum: tx.txIndex,
        });
        this.historyByKey.set(write.key, entries);
      }
    }
    for (const tx of block.transactions) {
      if (tx.validationCode === 'VALID' && tx.event !== undefined) {
        const event: DeliveredEvent = {
          blockNumber: block.number,
          txId: tx.txId,
          chaincodeName,
          name: tx.event.name,
          payload: tx.event.payload,
        };
        this.delivered.push(event);
        for (const listener of [...this.listeners]) {
          listener(event);
        }
      }
    }
  }
}
