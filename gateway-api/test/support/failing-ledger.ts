import type { LedgerPort } from '../../src';

/** Makes the next calls of the port fail with a chosen error (all functions, or one). */
export class Failures {
  private planned:
    { error: Error; times: number; fn?: string; kind?: 'submit' | 'evaluate' } | undefined;

  next(
    error: Error,
    options: { times?: number; fn?: string; kind?: 'submit' | 'evaluate' } = {},
  ): void {
    this.planned = { error, times: options.times ?? 1, ...options };
  }

  clear(): void {
    this.planned = undefined;
  }

  take(kind: 'submit' | 'evaluate', fn: string): Error | undefined {
    const planned = this.planned;
    if (planned === undefined || (planned.fn !== undefined && planned.fn !== fn)) return undefined;
    if (planned.kind !== undefined && planned.kind !== kind) return undefined;
    planned.times -= 1;
    if (planned.times <= 0) this.planned = undefined;
    return planned.error;
  }

  wrap(port: LedgerPort): LedgerPort {
    return {
      channels: port.channels,
      identities: () => port.identities(),
      submit: async (channel, identity, fn, args) => {
        const error = this.take('submit', fn);
        if (error) throw error;
        return port.submit(channel, identity, fn, args);
      },
      evaluate: async (channel, identity, fn, args) => {
        const error = this.take('evaluate', fn);
        if (error) throw error;
        return port.evaluate(channel, identity, fn, args);
      },
      events: (channel, options) => port.events(channel, options),
      close: () => port.close(),
    };
  }
}
