/**
 * GetMetricData's NextToken: the position of the last datapoint returned, in
 * the request's scan order, bound to the request it came from. A cursor
 * rather than an offset, so datapoints stored between two pages neither
 * shift nor repeat the ones already returned.
 */
import { createHash } from 'node:crypto';
import { isJsonObject } from './json-input';
import { serviceErrors } from './service-errors';

export interface PageCursor {
  readonly timestamp: number;
  readonly queryIndex: number;
}

/** A digest of what a token is valid for: the queries, the time range and the scan order. */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url').slice(0, 22);
}

export function encodeNextToken(cursor: PageCursor, fingerprint: string): string {
  const token = { v: 1, f: fingerprint, t: cursor.timestamp, q: cursor.queryIndex };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeNextToken(token: string, fingerprint: string): PageCursor {
  const invalid = serviceErrors.invalidNextToken(
    'The NextToken is invalid or was returned for a different request.',
  );
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (
    !isJsonObject(decoded) ||
    decoded.v !== 1 ||
    decoded.f !== fingerprint ||
    typeof decoded.t !== 'number' ||
    typeof decoded.q !== 'number'
  ) {
    throw invalid;
  }
  return { timestamp: decoded.t, queryIndex: decoded.q };
}
