import { AsyncLocalStorage } from 'node:async_hooks';

/** What went wrong on the wire with one HTTP request, in words. */
export interface TransportFailure {
  /** Which endpoint, e.g. "the Entra ID token endpoint". */
  endpoint: string;
  cause: string;
}

const journals = new AsyncLocalStorage<TransportJournal>();

/**
 * The wire failures of the HTTP requests one SDK call made, tokens included. Some SDK layers
 * (the Entra ID credential) replace a failed request's error with one of their own that no
 * longer says what happened; the journal still knows.
 */
export class TransportJournal {
  readonly failures: TransportFailure[] = [];

  run<T>(work: () => Promise<T>): Promise<T> {
    return journals.run(this, work);
  }
}

/** Notes a failure in the journal of the call that made the request, if any. */
export function recordTransportFailure(failure: TransportFailure): void {
  journals.getStore()?.failures.push(failure);
}
