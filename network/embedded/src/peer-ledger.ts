/**
 * One peer's ledger of a channel (kvledger): its own world state and history databases over the
 * channel's block store, the commit lock its simulations share, and its height. At open it
 * catches up from the block store like `syncStateAndHistoryDBWithBlockstore`: each database
 * replays the blocks past its savepoint with the validation codes they carry, so a crash between
 * storing a block and committing it to state or history loses nothing and shows nothing partial.
 */
import { decodeBlock } from './block-decoder';
import { replayBlock, type BlockChanges } from './block-committer';
import type { BlockStore } from './block-store';
import { CommitLock } from './commit-lock';
import { HistoryDatabase } from './history-database';
import type { KeyValueStore } from './key-value-store';
import type { BlockRecord, DeliveredEvent, HistoryEntry, TransactionRecord } from './records';
import { StateDatabase } from './state-database';
import { VALIDATION_PARAMETER, type StateEntry } from './state-entry';

/** Read-only view of a peer's ledger: state, history, blocks, events. */
export interface LedgerView {
  /** Blocks committed (the next block's number; block 0 is the genesis block). */
  readonly height: number;
  getState(key: string): Promise<Buffer | undefined>;
  getStateEntry(key: string): Promise<StateEntry | undefined>;
  /** Key-level endorsement policy (serialized SignaturePolicyEnvelope) of a key. */
  getValidationParameter(key: string): Promise<Buffer | undefined>;
  /** Committed keys in [start, end) in the peer's key order (UTF-8 bytes), read lazily. */
  stateEntries(start?: string, end?: string): AsyncGenerator<StateEntry>;
  /** Every committed key (the whole state in memory: for tests and small ledgers). */
  entries(): Promise<StateEntry[]>;
  /** GetHistoryForKey as a peer returns it: newest first. */
  history(key: string): Promise<HistoryEntry[]>;
  /** Blocks after the genesis block, decoded, read lazily. */
  blockRecords(): AsyncGenerator<BlockRecord>;
  blocks(): Promise<BlockRecord[]>;
  /** Every ordered transaction, valid or not, in block order. */
  transactions(): Promise<TransactionRecord[]>;
  transaction(txId: string): Promise<TransactionRecord | undefined>;
  /** Events of valid transactions, in commit order. */
  events(): Promise<DeliveredEvent[]>;
}

export type CommitListener = (blockNumber: number, events: readonly DeliveredEvent[]) => void;

export class PeerLedger implements LedgerView {
  readonly lock = new CommitLock();
  private committedHeight: number;
  private readonly listeners = new Set<CommitListener>();

  private constructor(
    readonly peerName: string,
    readonly state: StateDatabase,
    readonly historyDb: HistoryDatabase,
    readonly blockStore: BlockStore,
    height: number,
  ) {
    this.committedHeight = height;
  }

  static async open(
    store: KeyValueStore,
    blockStore: BlockStore,
    peerName: string,
  ): Promise<PeerLedger> {
    const state = new StateDatabase(store, blockStore.channelId, peerName);
    const history = new HistoryDatabase(store, blockStore.channelId, peerName);
    const stateHeight = await state.savepoint();
    const historyHeight = await history.savepoint();
    for (const [name, height] of [
      ['state', stateHeight],
      ['history', historyHeight],
    ] as const) {
      if (height > blockStore.height) {
        throw new Error(
          `the ${name} database of ${peerName} [height=${height}] is ahead of the block store [height=${blockStore.height}] of channel ${blockStore.channelId}`,
        );
      }
    }
    for await (const block of blockStore.blocks(Math.min(stateHeight, historyHeight))) {
      const record = decodeBlock(block, blockStore.chaincodeName);
      const changes = await replayBlock(state, record);
      if (record.number >= stateHeight) {
        await state.commit(changes.updates, record.number);
      }
      if (record.number >= historyHeight) {
        await history.commit(changes.history, record.number);
      }
    }
    return new PeerLedger(peerName, state, history, blockStore, blockStore.height);
  }

  get height(): number {
    return this.committedHeight;
  }

  /** Writes a validated block to state, then history (kvledger `commit`), and tells listeners. */
  async commit(changes: BlockChanges): Promise<void> {
    if (changes.blockNumber !== this.committedHeight) {
      throw new Error(
        `${this.peerName} cannot commit block ${changes.blockNumber} at height ${this.committedHeight}`,
      );
    }
    await this.state.commit(changes.updates, changes.blockNumber);
    await this.historyDb.commit(changes.history, changes.blockNumber);
    this.committedHeight = changes.blockNumber + 1;
    const events = changes.events.map(({ txIndex: _txIndex, ...event }) => ({
      ...event,
      chaincodeName: this.blockStore.chaincodeName,
    }));
    for (const listener of [...this.listeners]) {
      listener(changes.blockNumber, events);
    }
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the peer has committed blocks below `height`. */
  async reached(height: number): Promise<void> {
    if (this.committedHeight >= height) {
      return;
    }
    await new Promise<void>((resolve) => {
      const stop = this.onCommit(() => {
        if (this.committedHeight >= height) {
          stop();
          resolve();
        }
      });
    });
  }

  /** Imports entries as they are (a peer joined from a snapshot). */
  async load(entries: readonly StateEntry[]): Promise<void> {
    await this.state.load(entries);
  }

  async getState(key: string): Promise<Buffer | undefined> {
    return (await this.state.get(key))?.value;
  }

  async getStateEntry(key: string): Promise<StateEntry | undefined> {
    const entry = await this.state.get(key);
    return entry === undefined ? undefined : { key, ...entry };
  }

  async getValidationParameter(key: string): Promise<Buffer | undefined> {
    return (await this.state.get(key))?.metadata.get(VALIDATION_PARAMETER);
  }

  async *stateEntries(start = '', end = ''): AsyncGenerator<StateEntry> {
    const scanner = this.state.scan(start, end);
    try {
      for (let entry = await scanner.next(); entry !== undefined; entry = await scanner.next()) {
        yield entry;
      }
    } finally {
      scanner.close();
    }
  }

  async entries(): Promise<StateEntry[]> {
    return collect(this.stateEntries());
  }

  async history(key: string): Promise<HistoryEntry[]> {
    const scanner = this.historyDb.scan(key);
    const entries: HistoryEntry[] = [];
    for (let entry = await scanner.next(); entry !== undefined; entry = await scanner.next()) {
      entries.push(entry);
    }
    return entries;
  }

  async *blockRecords(): AsyncGenerator<BlockRecord> {
    for await (const block of this.blockStore.blocks(1, this.committedHeight)) {
      yield decodeBlock(block, this.blockStore.chaincodeName);
    }
  }

  async blocks(): Promise<BlockRecord[]> {
    return collect(this.blockRecords());
  }

  async transactions(): Promise<TransactionRecord[]> {
    return (await this.blocks()).flatMap((block) => block.transactions);
  }

  async transaction(txId: string): Promise<TransactionRecord | undefined> {
    const location = await this.blockStore.transactionLocation(txId);
    if (location === undefined || location.blockNumber >= this.committedHeight) {
      return undefined;
    }
    const block = decodeBlock(
      await this.blockStore.block(location.blockNumber),
      this.blockStore.chaincodeName,
    );
    return block.transactions.find((tx) => tx.txIndex === location.txIndex);
  }

  async events(): Promise<DeliveredEvent[]> {
    return collect(this.blockStore.events(0, this.committedHeight));
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
  }
  return all;
}
