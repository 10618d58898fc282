/** The request and response shapes the emulator's endpoints work with, free of Node's streams. */
import type { IncomingHttpHeaders } from 'node:http';

export interface EmulatorRequest {
  method: string;
  /** The raw path, kept as sent: the SDK's metrics path starts with `//`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is (with its own content type); anything else as JSON. */
  body: unknown;
  /** Milliseconds to hold the response back (fault injection). */
  delayMs?: number;
  /** Reset the connection (TCP RST) instead of answering (fault injection). */
  resetConnection?: boolean;
  /** Send a body of `bytes` bytes instead: `head`, spaces, `tail`, streamed (fault injection). */
  paddedBody?: { bytes: number; head: string; tail: string };
  /** Never answer: hold the request until the client leaves or the emulator stops (fault injection). */
  hang?: boolean;
}

/** What the calls log records about one request; endpoints fill in what they learn. */
export interface CallDetails {
  operation:
    'openid-configuration' | 'token' | 'jwks' | 'metrics' | 'metrics-batch' | 'control' | 'unknown';
  tenantId?: string;
  clientId?: string;
  resourceUri?: string;
  apiVersion?: string;
  metricNames?: string[];
  timespan?: string;
  interval?: string;
  aggregation?: string;
  metricNamespace?: string;
  /** Metrics batch: the resources asked for, the region of the endpoint, the time range. */
  resourceIds?: string[];
  region?: string;
  startTime?: string;
  endTime?: string;
  fault?: string;
  /** For a huge-body fault: the bytes of body the client was sent before it stopped reading. */
  bytesSent?: number;
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): EmulatorResponse {
  return { status, body, headers };
}

/** Splits `/a//b?x=1` without URL parsing, which would read `//b` as a host. */
export function splitPathAndQuery(rawUrl: string): { path: string; query: URLSearchParams } {
  const mark = rawUrl.indexOf('?');
  return mark < 0
    ? { path: rawUrl, query: new URLSearchParams() }
    : { path: rawUrl.slice(0, mark), query: new URLSearchParams(rawUrl.slice(mark + 1)) };
}
