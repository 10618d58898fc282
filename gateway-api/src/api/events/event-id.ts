import type { EventCheckpoint } from '../../ledger/ledger-port';

/**
 * The id of each streamed event is where the stream stands on every
 * channel it reads — `channel-aws:12:<txId>,channel-market:7:<txId>` — so
 * the `Last-Event-ID` a client sends back on reconnection resumes each
 * channel just after what it received. Channel names hold no ':' or ','.
 */

export type Checkpoints = Map<string, EventCheckpoint>;

const ENTRY = /^([a-z][a-z0-9.-]{0,248}):(\d{1,15}):([0-9A-Za-z_-]{1,128})$/;
const MAX_ID_LENGTH = 4096;

export function encodeEventId(checkpoints: Checkpoints): string {
  return [...checkpoints.entries()]
    .map(([channel, checkpoint]) => `${channel}:${checkpoint.blockNumber}:${checkpoint.txId ?? ''}`)
    .join(',');
}

/** The checkpoints an id names, or undefined when it is not one this gateway wrote. */
export function decodeEventId(id: string): Checkpoints | undefined {
  if (id.length > MAX_ID_LENGTH) return undefined;
  const checkpoints: Checkpoints = new Map();
  for (const entry of id.split(',')) {
    const match = ENTRY.exec(entry.trim());
    if (match === null) return undefined;
    const [, channel, block, txId] = match as unknown as [string, string, string, string];
    if (checkpoints.has(channel)) return undefined;
    checkpoints.set(channel, { blockNumber: Number(block), txId });
  }
  return checkpoints;
}
