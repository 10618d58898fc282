/**
 * kill -9 the gateway (`npm start`'s process, the built dist/main.js) several times during a
 * stream of service registrations through HTTP: after every restart each registration the API
 * acknowledged (201) is on the ledger, every channel's hash chain verifies, and the services in
 * world state are exactly those registered by valid transactions in the blocks — nothing half
 * written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOKENS_FILE } from '../../src/start/demo-tokens';
import { openEmbeddedDemo } from '../../src/start/embedded-demo';
import { jitsiOnEc2 } from '../../src/demo/demo-services';
import { SlaClient } from '../../src';

const MAIN = join(__dirname, '../../dist/main.js');
const ROUNDS = 4;
const IN_FLIGHT = 6;
const MEASURED_FROM = 1_794_999_960;
const running = new Set<ChildProcess>();

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sla-gateway-crash-'));
});
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the gateway on a free port and resolves with its URL once it serves. */
function startGateway(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, SLA_DATA_DIR: dataDir, PORT: '0', SLA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    const seen = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /gateway on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ child, url });
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`the gateway ended (${code}): ${output}`)));
  });
}

/** Registers services, `IN_FLIGHT` at a time, until the gateway dies; returns those acknowledged. */
async function registerUntilKilled(
  url: string,
  token: string,
  round: number,
  kill: () => void,
): Promise<string[]> {
  const acknowledged: string[] = [];
  const killAfter = 3 + Math.floor(Math.random() * 25);
  let next = 0;
  let dead = false;
  const worker = async (): Promise<void> => {
    while (!dead) {
      const key = `crash-${round}-${next++}`;
      try {
        const response = await fetch(`${url}/api/channels/channel-aws/services`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(jitsiOnEc2(key, MEASURED_FROM)),
          signal: AbortSignal.timeout(20_000),
        });
        if (response.status !== 201) {
          throw new Error(`${key}: ${response.status} ${await response.text()}`);
        }
        acknowledged.push(key);
        if (acknowledged.length === killAfter) {
          kill();
          dead = true;
        }
      } catch (error) {
        if (!dead) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return acknowledged;
}

async function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return child.signalCode ?? child.exitCode;
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

it('keeps every acknowledged registration across kill -9, with a verified chain and nothing partial', async () => {
  const acknowledged: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const { child, url } = await startGateway();
    const token = (
      JSON.parse(readFileSync(join(dataDir, DEMO_TOKENS_FILE), 'utf8')) as Record<string, string>
    )['aws-ops'] as string;
    acknowledged.push(
      ...(await registerUntilKilled(url, token, round, () => child.kill('SIGKILL'))),
    );
    expect(await exited(child)).toBe('SIGKILL');
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(ROUNDS * 3);

  const demo = await openEmbeddedDemo(dataDir);
  try {
    for (const channel of demo.ledger.channels) {
      expect(await demo.ledger.verifyChain(channel)).toEqual(
        expect.objectContaining({ faults: [] }),
      );
    }
    const view = await demo.ledger.ledgerView('channel-aws');
    const registeredInBlocks = new Set(
      (await view.transactions())
        .filter((tx) => tx.validationCode === 'VALID' && tx.functionName === 'services:Register')
        .map((tx) => (JSON.parse(tx.args[0] as string) as { key: string }).key),
    );
    const inState = new Set<string>();
    const aws = new SlaClient(demo.ledger, 'channel-aws', 'aws-ops');
    let bookmark = '';
    do {
      const page = await aws.listServices({ pageSize: 200, bookmark });
      for (const service of page.items) inState.add(service.key);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect([...inState].sort()).toEqual([...registeredInBlocks].sort());
    for (const key of acknowledged) expect(inState.has(key)).toBe(true);
  } finally {
    await demo.close();
  }
}, 240_000);
