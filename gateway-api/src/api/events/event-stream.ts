import { once } from 'node:events';
import type { RequestHandler, Response } from 'express';
import type { LedgerEvent, LedgerPort } from '../../ledger/ledger-port';
import { invalidArgument, notFound } from '../problems';
import { localsOf } from '../request-context';
import { decodeEventId, encodeEventId, type Checkpoints } from './event-id';
import type { LiveEvent, LiveEventSource } from './live-events';

export interface EventStreamOptions {
  ledger: LedgerPort;
  liveEvents: readonly LiveEventSource[];
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: number;
}

const CHANNELS_PARAMETER = 'channel';
const RESUME_PARAMETER = 'lastEventId';

/**
 * `GET /api/events`: Server-Sent Events. Chaincode events of the channels
 * named by `channel` (repeated or comma-separated; default every channel of
 * the gateway) as `event: chaincode`, each with an id that resumes the
 * stream after it (`Last-Event-ID`, or `lastEventId` in the query for
 * clients that cannot set headers); without one the stream starts at each
 * channel's first event. Live events (sessions) follow as they happen.
 */
export function eventStream(options: EventStreamOptions): RequestHandler {
  return async (req, res) => {
    const channels = requestedChannels(req.query[CHANNELS_PARAMETER], options.ledger);
    const resumeFrom = req.get('last-event-id') ?? singleValue(req.query[RESUME_PARAMETER]);
    const checkpoints =
      resumeFrom === undefined || resumeFrom === '' ? new Map() : decodeEventId(resumeFrom);
    if (checkpoints === undefined) {
      throw invalidArgument('Last-Event-ID', 'is not an event id this gateway sent');
    }
    const controller = new AbortController();
    const { signal } = controller;
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const writer = new EventWriter(res, signal);
    res.on('close', () => controller.abort());
    const heartbeat = setInterval(() => writer.comment('keep-alive'), options.heartbeatMs);
    heartbeat.unref();
    const unsubscribes = options.liveEvents.map((source) =>
      source.subscribe((event: LiveEvent) => {
        if (event.channel === undefined || channels.includes(event.channel)) writer.live(event);
      }),
    );
    try {
      await writer.comment(`streaming ${channels.join(', ')}`);
      await Promise.all(
        channels.map((channel) => follow(options.ledger, channel, checkpoints, writer, signal)),
      );
    } catch (error) {
      if (!signal.aborted)
        localsOf(res).log.warn({ error: (error as Error).message }, 'event stream ended');
    } finally {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribes) unsubscribe();
      res.end();
    }
  };
}

async function follow(
  ledger: LedgerPort,
  channel: string,
  checkpoints: Checkpoints,
  writer: EventWriter,
  signal: AbortSignal,
): Promise<void> {
  const after = checkpoints.get(channel);
  for await (const event of ledger.events(channel, {
    ...(after === undefined ? {} : { after }),
    signal,
  })) {
    checkpoints.set(channel, { blockNumber: event.blockNumber, txId: event.txId });
    await writer.chaincode(event, encodeEventId(checkpoints));
    if (signal.aborted) return;
  }
}

/** Writes SSE frames, waiting for the socket to drain so a slow client does not fill memory. */
class EventWriter {
  constructor(
    private readonly res: Response,
    private readonly signal: AbortSignal,
  ) {}

  chaincode(event: LedgerEvent, id: string): Promise<void> {
    return this.frame(
      `id: ${id}\nevent: chaincode\ndata: ${JSON.stringify({
        channel: event.channel,
        blockNumber: event.blockNumber,
        txId: event.txId,
        name: event.name,
        payload: parsed(event.payload),
      })}\n\n`,
    );
  }

  live(event: LiveEvent): void {
    void this.frame(
      `event: ${event.type.replace(/[^\w.-]/g, '')}\ndata: ${JSON.stringify(event.data)}\n\n`,
    );
  }

  comment(text: string): Promise<void> {
    return this.frame(`: ${text}\n\n`);
  }

  private async frame(text: string): Promise<void> {
    if (this.signal.aborted || this.res.writableEnded) return;
    if (!this.res.write(text)) {
      await once(this.res, 'drain', { signal: this.signal }).catch(() => undefined);
    }
  }
}

function parsed(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

function requestedChannels(value: unknown, ledger: LedgerPort): string[] {
  if (value === undefined) return [...ledger.channels];
  const names = (Array.isArray(value) ? value : [value]).flatMap((item) =>
    typeof item === 'string' ? item.split(',') : [undefined],
  );
  const channels: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string' || name.trim() === '') {
      throw invalidArgument(CHANNELS_PARAMETER, 'must name channels, e.g. channel=channel-aws');
    }
    if (!ledger.channels.includes(name.trim())) {
      throw notFound("a channel named is not one of this gateway's (GET /api/channels lists them)");
    }
    if (!channels.includes(name.trim())) channels.push(name.trim());
  }
  return channels;
}

function singleValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
