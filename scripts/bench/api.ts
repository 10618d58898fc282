/**
 * Latency of the gateway's REST API on the embedded ledger: autocannon
 * (50 connections, ~10 s per route) against the real Express app, which runs
 * in a child process of its own. GET reads a service (its meter,
 * availability and credit so far); PUT measures it now (a services:Update
 * endorsed by both organisations, each reading CloudWatch). Both rotate over
 * many service keys, and the simulated clock moves one period every half
 * turn of the keys, so that every PUT finds a closed window to measure
 * rather than 50 clients racing for one key.
 *   node scripts/dist/bench/api.js [--connections 50] [--duration 10] [--services 1000]
 *     [--routes get,put]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import type { ParentMessage, ServerMessage } from './api-server';
import { CHANNEL, GATEWAY_ENVIRONMENT, GATEWAY_NODE_FLAGS, PERIOD } from './bench-constants';
import { formatTable } from './table';

const READ_P99_TARGET_MS = 50;
const WARM_UP_SECONDS = 2;

interface Load {
  base: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  keys: readonly string[];
  tell(message: ParentMessage): void;
}

interface Measured {
  name: string;
  result: autocannon.Result;
  /** PUT only: answers that measured a window, and those that found none closed. */
  windows?: { measured: number; upToDate: number };
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Service paths, turning over the keys. */
function rotation(load: Load): () => string {
  const prefix = new URL(load.base).pathname;
  let turn = 0;
  return () => `${prefix}${encodeURIComponent(load.keys[turn++ % load.keys.length] as string)}`;
}

async function reads(load: Load): Promise<Measured> {
  const next = rotation(load);
  const requests: autocannon.Request[] = [
    { method: 'GET', setupRequest: (request) => ({ ...request, path: next() }) },
  ];
  const options = { url: load.base, connections: load.connections, headers: load.headers };
  await run({ ...options, duration: WARM_UP_SECONDS, requests }); // JIT, connections; not counted
  const result = await run({ ...options, duration: load.duration, requests });
  return { name: `GET /api/channels/${CHANNEL}/services/{key}`, result };
}

async function writes(load: Load): Promise<Measured> {
  const next = rotation(load);
  const windows = { measured: 0, upToDate: 0 };
  const halfTurn = Math.max(1, Math.floor(load.keys.length / 2));
  let sent = 0;
  const result = await run({
    url: load.base,
    connections: load.connections,
    duration: load.duration,
    headers: load.headers,
    requests: [
      {
        method: 'PUT',
        setupRequest: (request) => {
          sent += 1;
          if (sent % halfTurn === 0) load.tell({ kind: 'advance', seconds: PERIOD });
          return { ...request, path: next() };
        },
        onResponse: (status, body) => {
          if (status !== 200) return;
          const answer = JSON.parse(body) as { measurement: unknown };
          if (answer.measurement === null) windows.upToDate += 1;
          else windows.measured += 1;
        },
      },
    ],
  });
  return { name: `PUT /api/channels/${CHANNEL}/services/{key}`, result, windows };
}

function nextMessage<K extends ServerMessage['kind']>(
  child: ChildProcess,
  kind: K,
): Promise<Extract<ServerMessage, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.kind !== kind) return;
      child.off('message', onMessage);
      resolve(message as Extract<ServerMessage, { kind: K }>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`the gateway process exited ${code}`)));
  });
}

function report(runs: Measured[]): void {
  const header = ['route', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  console.log(
    formatTable(
      [...header, 'non-2xx', 'errors', 'windows measured'],
      runs.map(({ name, result, windows }) => [
        name,
        result.requests.total,
        result.requests.average,
        result.latency.p50,
        result.latency.p90,
        result.latency.p99,
        result.latency.max,
        result.non2xx,
        result.errors + result.timeouts,
        windows === undefined ? '' : `${windows.measured} (${windows.upToDate} found none)`,
      ]),
    ),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      services: { type: 'string', default: '1000' },
      routes: { type: 'string', default: 'get,put' },
    },
  });
  const routes = values.routes.split(',');
  const child = fork(join(__dirname, 'api-server.js'), ['--services', values.services], {
    execArgv: GATEWAY_NODE_FLAGS,
    env: { ...process.env, ...GATEWAY_ENVIRONMENT },
  });
  const tell = (message: ParentMessage): void => void child.send(message);
  try {
    const ready = await nextMessage(child, 'ready');
    const load: Load = {
      base: `${ready.url}/api/channels/${CHANNEL}/services/`,
      connections: Number(values.connections),
      duration: Number(values.duration),
      headers: { authorization: `Bearer ${ready.token}` },
      keys: ready.keys,
      tell,
    };
    console.log(
      `API latency: the gateway's Express app on the embedded ledger (${ready.keys.length} services, registered in ${ready.registerSeconds.toFixed(1)} s); autocannon, ${load.connections} connections, ${load.duration} s per route`,
    );
    const runs: Measured[] = [];
    if (routes.includes('get')) runs.push(await reads(load));
    if (routes.includes('put')) runs.push(await writes(load));
    tell({ kind: 'memory' });
    const memory = await nextMessage(child, 'memory');
    console.log();
    report(runs);
    console.log();
    console.log(
      `gateway process: peak RSS ${memory.peakRssMiB.toFixed(0)} MiB, RSS after GC ${memory.rssMiB.toFixed(0)} MiB`,
    );
    const get = runs.find((measured) => measured.name.startsWith('GET'));
    if (get !== undefined) {
      const p99 = get.result.latency.p99;
      const verdict = p99 < READ_P99_TARGET_MS ? 'met' : 'MISSED';
      console.log(`target: reads p99 < ${READ_P99_TARGET_MS} ms: ${verdict} (${p99} ms)`);
    }
  } finally {
    tell({ kind: 'stop' });
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
