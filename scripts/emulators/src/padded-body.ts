/**
 * A body far larger than any real answer, for the "huge body" faults of both emulators: a
 * valid JSON head, spaces up to the size asked for, then the tail, written as fast as the
 * client reads it and no faster. Writing stops when the client goes away.
 */
import type { ServerResponse } from 'node:http';

const CHUNK = Buffer.alloc(64 * 1024, ' ');

/** Writes the body and ends the response; resolves with the bytes the client was sent. */
export async function streamPaddedBody(
  response: ServerResponse,
  bytes: number,
  head: string,
  tail: string,
): Promise<number> {
  let sent = 0;
  const write = async (chunk: Buffer): Promise<boolean> => {
    if (response.destroyed) return false;
    sent += chunk.length;
    if (response.write(chunk)) return true;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
    return !response.destroyed;
  };
  const headBytes = Buffer.from(head);
  const tailBytes = Buffer.from(tail);
  let padding = Math.max(0, bytes - headBytes.length - tailBytes.length);
  if (!(await write(headBytes))) return sent;
  while (padding > 0) {
    const chunk = padding >= CHUNK.length ? CHUNK : CHUNK.subarray(0, padding);
    padding -= chunk.length;
    if (!(await write(chunk))) return sent;
  }
  if (await write(tailBytes)) response.end();
  return sent;
}
