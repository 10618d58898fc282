/**
 * An orderer's block cutting for one channel, after orderer/common/blockcutter/blockcutter.go and
 * the batch timer of orderer/consensus/etcdraft/chain.go:
 * - a transaction larger than PreferredMaxBytes goes alone in a block (the pending batch is cut
 *   first); one that would overflow the pending batch's bytes cuts it first;
 * - a batch is cut as soon as it holds MaxMessageCount transactions;
 * - otherwise BatchTimeout after the timer started: it starts when a transaction becomes pending
 *   and no timer runs, and stops when an ordered transaction leaves nothing pending.
 */
export interface BatchSettings {
  /** BatchSize.MaxMessageCount. */
  readonly maxMessageCount: number;
  /** BatchTimeout in milliseconds. */
  readonly batchTimeoutMs: number;
  /** BatchSize.PreferredMaxBytes. */
  readonly preferredMaxBytes: number;
}

/** A tuned network's batching (sampleconfig's configtx.yaml has BatchTimeout 2 s). */
export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  maxMessageCount: 500,
  batchTimeoutMs: 250,
  preferredMaxBytes: 2 * 1024 * 1024,
};

export class OrderingService<T> {
  private pending: T[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param sizeOf envelope bytes of a transaction
   * @param deliver receives each cut batch, in order
   */
  constructor(
    private readonly settings: BatchSettings,
    private readonly sizeOf: (tx: T) => number,
    private readonly deliver: (batch: T[]) => void,
  ) {
    if (!(settings.maxMessageCount >= 1) || !(settings.batchTimeoutMs >= 0)) {
      throw new Error(
        `invalid batch settings: maxMessageCount ${settings.maxMessageCount}, batchTimeoutMs ${settings.batchTimeoutMs}`,
      );
    }
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  order(tx: T): void {
    const batches = this.ordered(tx);
    if (this.pending.length > 0) {
      this.startTimer();
    } else {
      this.stopTimer();
    }
    batches.forEach((batch) => this.deliver(batch));
  }

  /** Cuts the pending batch now, if any. */
  cut(): void {
    this.stopTimer();
    const batch = this.take();
    if (batch.length > 0) {
      this.deliver(batch);
    }
  }

  /** Stops the timer and returns what was pending, never to be delivered. */
  stop(): T[] {
    this.stopTimer();
    return this.take();
  }

  /** blockcutter `Ordered`: the batches this transaction completes. */
  private ordered(tx: T): T[][] {
    const size = this.sizeOf(tx);
    const batches: T[][] = [];
    if (size > this.settings.preferredMaxBytes) {
      if (this.pending.length > 0) {
        batches.push(this.take());
      }
      batches.push([tx]);
      return batches;
    }
    if (this.pendingBytes + size > this.settings.preferredMaxBytes) {
      batches.push(this.take());
    }
    this.pending.push(tx);
    this.pendingBytes += size;
    if (this.pending.length >= this.settings.maxMessageCount) {
      batches.push(this.take());
    }
    return batches;
  }

  private take(): T[] {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    return batch;
  }

  private startTimer(): void {
    if (this.timer !== undefined) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = this.take();
      if (batch.length > 0) {
        this.deliver(batch);
      }
    }, this.settings.batchTimeoutMs);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
