/**
 * The time one oracle read may take in all: every call it makes, tokens and retries included,
 * shares one deadline. The read fails the moment the deadline passes, whatever the SDKs are
 * still doing, and every call still in flight is aborted.
 */
export class ReadBudget {
  readonly #deadline: number;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly budgetMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#deadline = now() + budgetMs;
    this.#timer = setTimeout(() => this.#controller.abort(), budgetMs);
    this.#timer.unref();
  }

  /** Aborted once the budget is spent. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get spent(): boolean {
    return this.#controller.signal.aborted || this.remainingMs() === 0;
  }

  remainingMs(): number {
    return Math.max(0, this.#deadline - this.now());
  }

  /** A signal for one call: it aborts after `timeoutMs`, or when the budget is spent. */
  callSignal(timeoutMs: number): CallSignal {
    const own = AbortSignal.timeout(Math.max(1, Math.min(timeoutMs, this.remainingMs())));
    return {
      signal: AbortSignal.any([own, this.signal]),
      timedOut: () => own.aborted && !this.signal.aborted,
    };
  }

  /** Settles as `work` does, or rejects with `whenSpent()` the moment the budget is spent. */
  enforce<T>(work: Promise<T>, whenSpent: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onSpent = (): void => reject(whenSpent());
      if (this.signal.aborted) {
        work.catch(() => undefined);
        onSpent();
        return;
      }
      this.signal.addEventListener('abort', onSpent, { once: true });
      work.then(resolve, reject).finally(() => this.signal.removeEventListener('abort', onSpent));
    });
  }

  /** Stops the budget's timer; calls still in flight are aborted. */
  close(): void {
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}

export interface CallSignal {
  signal: AbortSignal;
  /** Whether the call's own timeout (not the budget) ended it. */
  timedOut(): boolean;
}
