/** A peer's ledger view reached through a promise: the channel opens its ledgers asynchronously. */
import type { LedgerView } from './peer-ledger';
import type { BlockRecord, DeliveredEvent, HistoryEntry, TransactionRecord } from './records';
import type { StateEntry } from './state-entry';

export class DeferredLedgerView implements LedgerView {
  constructor(
    private readonly resolve: () => Promise<LedgerView>,
    private readonly currentHeight: () => number,
  ) {}

  get height(): number {
    return this.currentHeight();
  }

  async getState(key: string): Promise<Buffer | undefined> {
    return (await this.resolve()).getState(key);
  }

  async getStateEntry(key: string): Promise<StateEntry | undefined> {
    return (await this.resolve()).getStateEntry(key);
  }

  async getValidationParameter(key: string): Promise<Buffer | undefined> {
    return (await this.resolve()).getValidationParameter(key);
  }

  async *stateEntries(start?: string, end?: string): AsyncGenerator<StateEntry> {
    yield* (await this.resolve()).stateEntries(start, end);
  }

  async entries(): Promise<StateEntry[]> {
    return (await this.resolve()).entries();
  }

  async history(key: string): Promise<HistoryEntry[]> {
    return (await this.resolve()).history(key);
  }

  async *blockRecords(): AsyncGenerator<BlockRecord> {
    yield* (await this.resolve()).blockRecords();
  }

  async blocks(): Promise<BlockRecord[]> {
    return (await this.resolve()).blocks();
  }

  async transactions(): Promise<TransactionRecord[]> {
    return (await this.resolve()).transactions();
  }

  async transaction(txId: string): Promise<TransactionRecord | undefined> {
    return (await this.resolve()).transaction(txId);
  }

  async events(): Promise<DeliveredEvent[]> {
    return (await this.resolve()).events();
  }
}
