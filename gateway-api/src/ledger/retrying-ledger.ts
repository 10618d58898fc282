import { TransactionConflict } from './ledger-errors';
import type { IdentityName, LedgerPort, Submitted } from './ledger-port';

export interface RetrySettings {
  /** Submissions tried at most, the first included. */
  attempts: number;
  /** First pause; doubled each time, with jitter. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { attempts: 5, baseDelayMs: 50 };

/**
 * Submits again when a transaction lost an MVCC or phantom race, or when
 * endorsers disagreed because one had not yet committed the previous block
 * (gRPC ABORTED on real peers, about 1 in 400 dependent transactions).
 * A transaction the chaincode refused is never retried.
 */
export function retrying(port: LedgerPort, settings: RetrySettings = DEFAULT_RETRY): LedgerPort {
  const submit = async (
    channel: string,
    identity: IdentityName,
    fn: string,
    args: readonly string[],
  ): Promise<Submitted> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await port.submit(channel, identity, fn, args);
      } catch (error) {
        if (!(error instanceof TransactionConflict) || attempt >= settings.attempts) throw error;
        const pause = settings.baseDelayMs * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, pause / 2 + Math.random() * pause));
      }
    }
  };
  return {
    channels: port.channels,
    identities: () => port.identities(),
    submit,
    evaluate: (channel, identity, fn, args) => port.evaluate(channel, identity, fn, args),
    events: (channel, options) => port.events(channel, options),
    close: () => port.close(),
  };
}
