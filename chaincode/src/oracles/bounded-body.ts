import { pipeline, Transform, type Readable } from 'node:stream';

/**
 * The most bytes any monitoring answer may have. The largest legitimate one is a GetMetricData
 * page of 100,800 datapoints for 500 queries: about 4 MB of JSON (an epoch timestamp and a
 * double per datapoint, labels and ids per result). An Azure Monitor batch of 50 resources of
 * at most 200 periods is smaller still. Anything larger is not an answer.
 */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export class ResponseTooLarge extends Error {
  override readonly name = 'ResponseTooLarge';

  constructor(readonly limit: number) {
    super(`the response exceeded ${limit} bytes`);
  }
}

/**
 * `source`, passed through as it arrives, failing with ResponseTooLarge the moment more than
 * `limit` bytes have passed; `source` is destroyed then, so nothing more is read.
 */
export function boundedStream(source: NodeJS.ReadableStream, limit: number): Readable {
  let seen = 0;
  const bounded = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new ResponseTooLarge(limit));
      else done(null, chunk);
    },
  });
  pipeline(source, bounded, () => undefined);
  return bounded;
}

/** The whole of `source`, or a ResponseTooLarge past `limit` bytes, or the abort's reason. */
export function readBounded(
  source: NodeJS.ReadableStream,
  limit: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const bounded = boundedStream(source, limit);
    const chunks: Buffer[] = [];
    const onAbort = (): void => {
      const reason: unknown = signal?.reason;
      bounded.destroy(reason instanceof Error ? reason : new Error('aborted'));
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    bounded.on('data', (chunk: Buffer) => chunks.push(chunk));
    bounded.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    bounded.once('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
  });
}
