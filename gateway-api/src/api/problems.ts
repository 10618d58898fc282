/**
 * Errors as RFC 9457 problem details (`application/problem+json`): a type
 * URI, a title per type, the status, a detail for this occurrence and, for
 * validation, the field at fault. Details never repeat a string the caller
 * sent, nor a stack trace.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The offending field's path, e.g. `service.sla.periodSeconds`, `pageSize`. */
  field?: string;
  /** The request id, as in the `X-Request-Id` header and the logs. */
  instance?: string;
}

export const PROBLEM_TITLES = {
  'invalid-argument': 'Invalid argument',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  'already-exists': 'Already exists',
  'failed-precondition': 'Failed precondition',
  'transaction-conflict': 'Transaction conflict',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported media type',
  'oracle-unavailable': 'Monitoring service unavailable',
  'ledger-unavailable': 'Ledger unavailable',
  'endorsement-mismatch': 'Endorsements did not match',
  'transaction-invalid': 'Transaction invalidated',
  'credentials-store-unavailable': 'Credentials store unavailable',
  'tokens-unavailable': 'Tokens file unavailable',
  internal: 'Internal error',
} as const;

export type ProblemType = keyof typeof PROBLEM_TITLES;

export function problemTypeUri(type: ProblemType): string {
  return `urn:sla-ledger:problem:${type}`;
}

/** A failure the API answers with a problem document; thrown by handlers, caught by the error handler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly detail: string,
    readonly options: { field?: string; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  toDetails(instance?: string): ProblemDetails {
    return {
      type: problemTypeUri(this.type),
      title: PROBLEM_TITLES[this.type],
      status: this.status,
      detail: this.detail,
      ...(this.options.field === undefined ? {} : { field: this.options.field }),
      ...(instance === undefined ? {} : { instance }),
    };
  }
}

export function invalidArgument(field: string, reason: string): HttpProblem {
  return new HttpProblem(400, 'invalid-argument', `${field} ${reason}`, { field });
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'not-found', detail);
}

export function forbidden(detail: string): HttpProblem {
  return new HttpProblem(403, 'forbidden', detail);
}

export function unauthenticated(detail: string, error?: 'invalid_request' | 'invalid_token') {
  const challenge =
    error === undefined
      ? 'Bearer realm="sla-ledger"'
      : `Bearer realm="sla-ledger", error="${error}"`;
  return new HttpProblem(401, 'unauthenticated', detail, {
    headers: { 'WWW-Authenticate': challenge },
  });
}
