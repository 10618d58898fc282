/**
 * The awsJson1_0 wire format the SDK speaks to CloudWatch: `POST /` with
 * `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, JSON bodies
 * (gzip-compressed when large), JSON answers with `x-amzn-RequestId`, and
 * errors as `{"__type", "message"}` plus `x-amzn-query-error`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { isJsonObject, type JsonObject } from './json-input';
import { CloudWatchError, serviceErrors } from './service-errors';

export const SERVICE_TARGET = 'GraniteServiceVersion20100801';
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
/** PutMetricData's documented limit; no other operation comes near it. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
const MAX_DECOMPRESSED_BYTES = 16 * MAX_REQUEST_BYTES;

export function newRequestId(): string {
  return randomUUID();
}

/** The body as sent (still compressed), or a 413 error past `limit` bytes. */
export function readRequestBody(
  request: IncomingMessage,
  limit = MAX_REQUEST_BYTES,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        if (!refused) reject(serviceErrors.requestEntityTooLarge(size, limit));
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    request.on('close', () => {
      if (!request.complete) reject(new Error('the client closed the connection mid-request'));
    });
    request.on('error', reject);
  });
}

/** The operation named by `X-Amz-Target`. */
export function operationOf(target: string | undefined): string {
  const prefix = `${SERVICE_TARGET}.`;
  if (target === undefined || !target.startsWith(prefix) || target.length === prefix.length) {
    throw serviceErrors.unknownOperation(
      `The action or operation requested is invalid: X-Amz-Target ${JSON.stringify(target ?? null)}.`,
    );
  }
  return target.slice(prefix.length);
}

export function decodeJsonBody(raw: Buffer, contentEncoding: string | undefined): JsonObject {
  let text: string;
  if (contentEncoding === undefined || contentEncoding === 'identity') {
    text = raw.toString('utf8');
  } else if (contentEncoding === 'gzip') {
    try {
      text = gunzipSync(raw, { maxOutputLength: MAX_DECOMPRESSED_BYTES }).toString('utf8');
    } catch (error) {
      throw serviceErrors.malformedHttpRequest(
        `The body could not be decompressed with gzip: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } else {
    throw serviceErrors.malformedHttpRequest(`Unsupported Content-Encoding: ${contentEncoding}`);
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serviceErrors.serialization('The request body is not valid JSON.');
  }
  if (!isJsonObject(parsed))
    throw serviceErrors.serialization('The request body must be a JSON object.');
  return parsed;
}

function send(
  response: ServerResponse,
  statusCode: number,
  headers: Record<string, string>,
  body: string,
): void {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(statusCode, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  });
  response.end(body);
}

export function sendJson(response: ServerResponse, body: unknown, requestId: string): void {
  sendJsonText(response, JSON.stringify(body), requestId);
}

/** A 200 answer with this text as its JSON body (empty when the text is). */
export function sendJsonText(response: ServerResponse, text: string, requestId: string): void {
  send(response, 200, { 'x-amzn-RequestId': requestId }, text);
}

export function sendError(
  response: ServerResponse,
  error: CloudWatchError,
  requestId: string,
): void {
  send(
    response,
    error.statusCode,
    {
      'x-amzn-RequestId': requestId,
      'x-amzn-query-error': `${error.queryCode};${error.fault}`,
    },
    JSON.stringify({ __type: error.shapeId, message: error.message }),
  );
}

/** A 200 answer whose body is not JSON, as a misbehaving proxy or front end might send. */
export function sendGarbage(response: ServerResponse, requestId: string): void {
  send(
    response,
    200,
    { 'x-amzn-RequestId': requestId, 'content-type': 'text/html' },
    '<html><body>502 Bad Gateway (emulated garbage)</body></html>',
  );
}
