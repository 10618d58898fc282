import type { ErrorCode } from '@sla-ledger/chaincode/domain';
import {
  ChaincodeRejection,
  LedgerUnavailable,
  TransactionConflict,
  TransactionInvalid,
} from '../ledger/ledger-errors';
import { HttpProblem, type ProblemType } from './problems';

/** Seconds a client should wait before retrying after a lost race or an unreachable ledger. */
export const RETRY_AFTER_CONFLICT_SECONDS = 1;
export const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

const REJECTIONS: Record<ErrorCode, { status: number; type: ProblemType }> = {
  INVALID_ARGUMENT: { status: 400, type: 'invalid-argument' },
  NOT_FOUND: { status: 404, type: 'not-found' },
  ALREADY_EXISTS: { status: 409, type: 'already-exists' },
  FORBIDDEN: { status: 403, type: 'forbidden' },
  FAILED_PRECONDITION: { status: 409, type: 'failed-precondition' },
  ORACLE_UNAVAILABLE: { status: 503, type: 'oracle-unavailable' },
};

/** What the caller is told about an error; undefined for an error that is not the caller's business (a 500). */
export function problemOf(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof ChaincodeRejection) {
    const { status, type } = REJECTIONS[error.code];
    return new HttpProblem(status, type, error.detail, {
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.code === 'ORACLE_UNAVAILABLE'
        ? { headers: retryAfter(RETRY_AFTER_UNAVAILABLE_SECONDS) }
        : {}),
    });
  }
  if (error instanceof TransactionConflict) {
    return error.reason === 'ENDORSEMENT_MISMATCH'
      ? new HttpProblem(
          503,
          'endorsement-mismatch',
          'the endorsing peers answered differently (one may not have caught up yet); nothing was written, retry',
          { headers: retryAfter(RETRY_AFTER_CONFLICT_SECONDS) },
        )
      : new HttpProblem(
          409,
          'transaction-conflict',
          `the transaction lost a race with another one (${error.reason}) after every retry; nothing was written, retry`,
          { headers: retryAfter(RETRY_AFTER_CONFLICT_SECONDS) },
        );
  }
  if (error instanceof TransactionInvalid) {
    return new HttpProblem(
      502,
      'transaction-invalid',
      `transaction ${error.txId} was ordered but invalidated at commit (${error.validationCode}); nothing was written`,
    );
  }
  if (error instanceof LedgerUnavailable) {
    const outcome =
      error.txId === undefined
        ? ''
        : `; whether transaction ${error.txId} committed is unknown, read before retrying`;
    return new HttpProblem(
      503,
      'ledger-unavailable',
      `the ledger could not be reached or did not answer in time${outcome}`,
      { headers: retryAfter(RETRY_AFTER_UNAVAILABLE_SECONDS) },
    );
  }
  return bodyParserProblem(error);
}

/**
 * body-parser marks its errors with a `type` and a status; the router
 * answers a path it cannot decode (`%E0%A4`) with a URIError of status 400.
 */
function bodyParserProblem(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (error instanceof URIError && (error as { status?: unknown }).status === 400) {
    return new HttpProblem(400, 'invalid-argument', 'path is not valid percent-encoded UTF-8', {
      field: 'path',
    });
  }
  if (!('type' in error)) return undefined;
  const { type, limit } = error as { type: unknown; limit?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new HttpProblem(
        413,
        'payload-too-large',
        `the request body is larger than the limit of ${String(limit)} bytes`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'unsupported-media-type', 'the body must be UTF-8 JSON');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new HttpProblem(400, 'invalid-argument', 'the request body was cut short', {
        field: 'body',
      });
    default:
      return undefined;
  }
}

function retryAfter(seconds: number): Record<string, string> {
  return { 'Retry-After': String(seconds) };
}
