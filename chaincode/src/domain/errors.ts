/**
 * Errors that reach callers as the transaction's message. The code prefix lets
 * clients (the gateway) map a failure to a status without parsing prose.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FORBIDDEN'
  | 'FAILED_PRECONDITION'
  | 'ORACLE_UNAVAILABLE';

export class LedgerError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'LedgerError';
  }
}

/** A field of the caller's input is malformed; `field` is its path, e.g. `sla.periodSeconds`. */
export class InvalidArgument extends LedgerError {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super('INVALID_ARGUMENT', `${field} ${reason}`);
  }
}

export class NotFound extends LedgerError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} ${id} does not exist`);
  }
}

export class AlreadyExists extends LedgerError {
  constructor(what: string, id: string) {
    super('ALREADY_EXISTS', `${what} ${id} already exists`);
  }
}

export class Forbidden extends LedgerError {
  constructor(detail: string) {
    super('FORBIDDEN', detail);
  }
}

/** The request is well formed but the ledger's state does not allow it now. */
export class FailedPrecondition extends LedgerError {
  constructor(detail: string) {
    super('FAILED_PRECONDITION', detail);
  }
}

export class OracleUnavailable extends LedgerError {
  constructor(detail: string) {
    super('ORACLE_UNAVAILABLE', detail);
  }
}
