import { EventEmitter } from 'node:events';
import type { LiveEvent, LiveEventSource } from '../../src';
import { accountOf, startGateway, type Gateway } from '../support/gateway';

interface StreamedEvent {
  id?: string;
  type: string;
  data: Record<string, unknown>;
}

/** Reads Server-Sent Events until `until` says stop (or the stream ends), then disconnects. */
async function readEvents(
  gateway: Gateway,
  path: string,
  headers: Record<string, string>,
  until: (events: StreamedEvent[]) => boolean,
  whileReading?: (events: StreamedEvent[]) => Promise<void>,
): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}${path}`, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: StreamedEvent[] = [];
  let buffered = '';
  let acted = false;
  try {
    while (!until(events)) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const frame = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const fields = new Map<string, string>();
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(': ');
          fields.set(line.slice(0, colon), line.slice(colon + 2));
        }
        if (!fields.has('data')) continue;
        events.push({
          ...(fields.has('id') ? { id: fields.get('id') } : {}),
          type: fields.get('event') ?? 'message',
          data: JSON.parse(fields.get('data') as string),
        });
      }
      if (!acted && whileReading !== undefined) {
        acted = true;
        await whileReading(events);
      }
    }
  } finally {
    controller.abort();
  }
  return events;
}

const sessions = new EventEmitter();
const sessionEvents: LiveEventSource = {
  subscribe(listener) {
    sessions.on('event', listener);
    return () => sessions.off('event', listener);
  },
};

let gateway: Gateway;
let alice: string;
const bearer = () => ({ authorization: `Bearer ${gateway.tokens['alice-viewer']}` });
const mint = (amount: string, channel = 'channel-aws') =>
  gateway.client('consumer-treasury', channel).mint(alice, amount);
const chaincode = (events: StreamedEvent[]) => events.filter((event) => event.type === 'chaincode');

beforeAll(async () => {
  gateway = await startGateway({ liveEvents: [sessionEvents] });
  alice = await accountOf(gateway, 'consumer-alice', 'channel-aws');
  await mint('1');
  await mint('2');
});
afterAll(() => gateway.close());

it('streams the chaincode events of a channel from its first, then as they commit', async () => {
  const events = await readEvents(
    gateway,
    '/api/events?channel=channel-aws',
    bearer(),
    (seen) => chaincode(seen).length >= 4,
    async () => {
      await mint('3');
    },
  );
  expect(
    chaincode(events).map((event) => [
      event.data.name,
      (event.data.payload as { amount?: string }).amount,
    ]),
  ).toEqual([
    ['TokensInitialized', undefined],
    ['TokensMinted', '1'],
    ['TokensMinted', '2'],
    ['TokensMinted', '3'],
  ]);
  for (const event of chaincode(events)) {
    expect(event.data).toMatchObject({
      channel: 'channel-aws',
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(event.id).toMatch(/^channel-aws:\d+:[0-9a-f]{64}$/);
  }
});

it('resumes after the Last-Event-ID it was sent, with what committed in between', async () => {
  const first = await readEvents(
    gateway,
    '/api/events?channel=channel-aws',
    bearer(),
    (seen) => chaincode(seen).length >= 2,
  );
  const resumeAt = chaincode(first)[1]?.id as string;
  await mint('40');
  const resumed = await readEvents(
    gateway,
    '/api/events?channel=channel-aws',
    { ...bearer(), 'last-event-id': resumeAt },
    (seen) =>
      chaincode(seen).some((event) => (event.data.payload as { amount?: string }).amount === '40'),
  );
  const amounts = chaincode(resumed).map(
    (event) => (event.data.payload as { amount?: string }).amount,
  );
  expect(amounts[0]).toBe('2');
  expect(amounts).toEqual(['2', '3', '40']);
  const byQuery = await readEvents(
    gateway,
    `/api/events?channel=channel-aws&lastEventId=${encodeURIComponent(chaincode(resumed)[1]?.id as string)}`,
    bearer(),
    (seen) => chaincode(seen).length >= 1,
  );
  expect((chaincode(byQuery)[0]?.data.payload as { amount: string }).amount).toBe('40');
});

it('follows several channels at once; each id resumes every one of them', async () => {
  const marketAlice = await accountOf(gateway, 'consumer-alice', 'channel-market');
  await gateway.client('consumer-treasury', 'channel-market').mint(marketAlice, '7');
  const events = await readEvents(
    gateway,
    '/api/events?channel=channel-aws,channel-market',
    bearer(),
    (seen) =>
      chaincode(seen).some(
        (event) => event.data.channel === 'channel-market' && event.data.name === 'TokensMinted',
      ),
  );
  const last = chaincode(events).at(-1) as StreamedEvent;
  expect(last.id).toMatch(/channel-market:\d+:[0-9a-f]{64}/);
  expect(new Set(chaincode(events).map((event) => event.data.channel))).toEqual(
    new Set(['channel-aws', 'channel-market']),
  );
});

it('passes session events of the channels followed, live', async () => {
  const events = await readEvents(
    gateway,
    '/api/events?channel=channel-aws',
    bearer(),
    (seen) => seen.some((event) => event.type === 'session'),
    async () => {
      const other: LiveEvent = {
        type: 'session',
        channel: 'channel-azure',
        data: { sessionId: 'elsewhere' },
      };
      const ours: LiveEvent = {
        type: 'session',
        channel: 'channel-aws',
        data: { sessionId: 'call-1', state: 'ready' },
      };
      sessions.emit('event', other);
      sessions.emit('event', ours);
    },
  );
  expect(events.filter((event) => event.type === 'session').map((event) => event.data)).toEqual([
    { sessionId: 'call-1', state: 'ready' },
  ]);
  expect(sessions.listenerCount('event')).toBeLessThanOrEqual(1);
});

it('answers 401 without a token, 404 to an unknown channel and 400 to an id it did not send', async () => {
  expect((await gateway.request('GET', '/api/events')).status).toBe(401);
  const unknown = await gateway.request('GET', '/api/events?channel=channel-nowhere', {
    as: 'alice-viewer',
  });
  expect(unknown.status).toBe(404);
  const forged = await gateway.request('GET', '/api/events?channel=channel-aws', {
    as: 'alice-viewer',
    headers: { 'last-event-id': 'channel-aws:1:<script>' },
  });
  expect(forged.status).toBe(400);
  expect(forged.body.field).toBe('Last-Event-ID');
});
