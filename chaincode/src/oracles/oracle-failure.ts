import { OracleUnavailable } from '../domain/errors';
import type { MetricQuery } from './metric-oracle';

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

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  $metadata?: { httpStatusCode?: number };
}

/** What went wrong with an SDK call, in words an operator can act on. */
export function describeSdkError(error: unknown, timeoutMs: number): string {
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode ?? e.statusCode;
  const name = e.code ?? e.name ?? 'Error';
  const message = (e.message ?? String(error)).split('\n')[0]?.slice(0, 300) ?? '';
  if (name === 'TimeoutError' || name === 'AbortError' || /timed? ?out|aborted/i.test(message)) {
    return `no answer within ${timeoutMs} ms (${name})`;
  }
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
