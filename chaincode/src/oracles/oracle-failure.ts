import { OracleUnavailable } from '../domain/errors';
import type { MetricQuery } from './metric-oracle';
import type { CallSignal, ReadBudget } from './read-budget';
import type { TransportFailure } from './transport-journal';

/** Names the services a failed monitoring call was for, and why it failed, without any credential. */
export function oracleFailure(
  queries: readonly MetricQuery[],
  monitor: string,
  cause: string,
): OracleUnavailable {
  return new OracleUnavailable(
    `${monitor} could not be read for service ${servicesOf(queries)}: ${cause}`,
  );
}

/** The services the queries measure: the first five by name, then how many more. */
export function servicesOf(queries: readonly MetricQuery[]): string {
  const services = [...new Set(queries.map((query) => query.serviceKey))];
  return services.length <= 5
    ? services.join(', ')
    : `${services.slice(0, 5).join(', ')} and ${services.length - 5} more`;
}

/** An answer that arrived whole but is not a complete answer to the request. */
export class MalformedAnswer extends Error {
  override readonly name = 'MalformedAnswer';
}

/** A well-formed answer that says the query failed (CloudWatch's InternalError, Azure's errorCode). */
export class FailedQuery extends Error {
  override readonly name = 'FailedQuery';
}

const OWN_ERRORS = new Set(['MalformedAnswer', 'FailedQuery', 'ResponseTooLarge']);

export function budgetSpent(budgetMs: number): string {
  return `the oracle time budget of ${budgetMs} ms ran out (SLA_ORACLE_BUDGET_MS)`;
}

/** What one monitoring call knew when it failed. */
export interface FailedCall {
  budget: ReadBudget;
  signal: CallSignal;
  timeoutMs: number;
  startedAt: number;
  /** Wire failures of its HTTP requests that the SDK may have hidden (see TransportJournal). */
  transport?: readonly TransportFailure[];
}

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  errors?: unknown[];
}

/**
 * What went wrong with a monitoring call, in words an operator can act on: malformed,
 * too large, out of time, reset, refused, TLS, throttled, denied, or the service's own error.
 */
export function describeFailure(error: unknown, call: FailedCall): string {
  const chain = causes(error);
  const own = chain.find((e) => e.name !== undefined && OWN_ERRORS.has(e.name));
  if (own !== undefined) {
    const message = firstLine(own.message ?? '');
    return own.name === 'MalformedAnswer' ? `malformed response: ${message}` : message;
  }
  if (call.budget.signal.aborted) return budgetSpent(call.budget.budgetMs);
  const observed = call.transport?.at(-1);
  if (observed !== undefined) return `${observed.endpoint}: ${observed.cause}`;
  if (call.signal.timedOut()) return `no answer within ${call.timeoutMs} ms`;
  const wire = chain.map(wireFailure).find((cause) => cause !== undefined);
  if (wire !== undefined) return `${wire} after ${Date.now() - call.startedAt} ms`;
  return serviceFailure(error);
}

function causes(error: unknown): SdkError[] {
  const found: SdkError[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== 'object' || depth > 5) return;
    const e = value as SdkError;
    found.push(e);
    visit(e.cause, depth + 1);
    if (Array.isArray(e.errors)) e.errors.forEach((inner) => visit(inner, depth + 1));
  };
  visit(error, 0);
  return found;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
]);

const NETWORK_CODE =
  /\b(ECONNRESET|EPIPE|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ESOCKETTIMEDOUT)\b/;

/**
 * A failure of the connection itself, from the Node.js error code, or from the message where
 * a wrapper kept only that (the AWS SDK wraps errors it does not recognise as Errors).
 */
export function wireFailure(error: SdkError): string | undefined {
  const code = error.code ?? NETWORK_CODE.exec(error.message ?? '')?.[1] ?? '';
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(error.message ?? '')) {
    return `the connection was reset (${code || 'socket hang up'})`;
  }
  if (code === 'ECONNREFUSED') return 'the connection was refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host name did not resolve (${code})`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `the host is unreachable (${code})`;
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT')
    return `the connection timed out (${code})`;
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return `TLS failed (${code}: ${firstLine(error.message ?? '')})`;
  }
  return undefined;
}

/** A failure the service answered with: throttling, denial, its own fault, or a garbled body. */
function serviceFailure(error: unknown): string {
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode ?? e.statusCode;
  const name = e.code ?? e.name ?? 'Error';
  const message = firstLine(e.message ?? String(error));
  if (status === 429 || /throttl|rate exceeded|too many requests/i.test(`${name} ${message}`)) {
    return `throttled (${name}: ${message})`;
  }
  if (
    status === 401 ||
    status === 403 ||
    /denied|forbidden|authoriz|authenticat|credential|unrecognizedclient|invalidclienttokenid|signature/i.test(
      name,
    ) ||
    /invalid_client|AADSTS/.test(message)
  ) {
    return `access denied (${name}: ${message})`;
  }
  if (status !== undefined && status >= 500) {
    return `the service failed with HTTP ${status} (${name}: ${message})`;
  }
  if (/SyntaxError|Deserializ|parse|unexpected token|not valid JSON/i.test(`${name} ${message}`)) {
    return `malformed response (${name}: ${message})`;
  }
  return `${name}${status === undefined ? '' : ` (HTTP ${status})`}: ${message}`;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
