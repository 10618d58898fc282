/**
 * kill -9 during a stream of acknowledged submissions, several times: after each restart every
 * acknowledged transaction is in the block store and its index, the hash chain verifies, no
 * transaction is partly visible, and every peer's state and history equal a replay of the valid
 * blocks. The child runs the built package (`npm test` builds it first) on the Jest worker's Node.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EmbeddedNetwork, type EmbeddedChannel, type StateEntry } from '../../src';
import { CRASH_CHANNEL, CRASH_ORGS, PAIR_CHAINCODE } from './pair-chaincode';

const ROUNDS = 6;
const CHILD = join(__dirname, 'crash-child.mts');

interface Acknowledged {
  readonly txId: string;
  readonly n: number;
}

/** Starts the child, kills it with SIGKILL after a random number of acknowledgements. */
async function runAndKill(dataDir: string, firstN: number): Promise<Acknowledged[]> {
  const child = spawn(
    process.execPath,
    ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', CHILD, dataDir, String(firstN)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killAfter = 5 + Math.floor(Math.random() * 120);
  const acknowledged: Acknowledged[] = [];
  let pending = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [word, txId, n] = line.split(' ');
      if (word === 'ACK') {
        acknowledged.push({ txId, n: Number(n) });
        if (acknowledged.length === killAfter) {
          child.kill('SIGKILL');
        }
      }
    }
  });
  const exit = await new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  if (exit !== 'SIGKILL') {
    throw new Error(`the child ended with ${String(exit)} before it was killed: ${errors}`);
  }
  return acknowledged;
}

function openNetwork(dataDir: string): Promise<EmbeddedNetwork> {
  return EmbeddedNetwork.open({
    dataDir,
    organizations: CRASH_ORGS.map((mspId) => ({ mspId, chaincode: () => PAIR_CHAINCODE })),
    channels: [{ name: CRASH_CHANNEL, members: CRASH_ORGS, policy: 'all' }],
    chaincodeName: 'pairs',
    shimLogLevel: 'CRITICAL',
  });
}

/** World state and histories a replay of the valid transactions of the block log gives. */
async function replayOf(channel: EmbeddedChannel): Promise<{
  state: Map<string, { value: string; version: string }>;
  history: Map<string, string[]>;
  pairs: number[];
}> {
  const state = new Map<string, { value: string; version: string }>();
  const history = new Map<string, string[]>();
  const pairs: number[] = [];
  for await (const block of channel.ledger.blockRecords()) {
    for (const tx of block.transactions) {
      if (tx.validationCode !== 'VALID') {
        continue;
      }
      pairs.push(Number(tx.args[0]));
      for (const write of tx.writes) {
        state.set(write.key, {
          value: write.value?.toString() ?? '',
          version: `${tx.blockNumber}:${tx.txIndex}`,
        });
        history.set(write.key, [tx.txId, ...(history.get(write.key) ?? [])]);
      }
    }
  }
  return { state, history, pairs };
}

function described(
  entries: readonly StateEntry[],
): Map<string, { value: string; version: string }> {
  return new Map(
    entries.map((e) => [
      e.key,
      { value: e.value.toString(), version: `${e.version.blockNum}:${e.version.txNum}` },
    ]),
  );
}

describe('a network killed with SIGKILL while it acknowledges transactions', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'embedded-crash-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every acknowledged transaction, whole, with a verifiable chain', async () => {
    const acknowledged: Acknowledged[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      acknowledged.push(...(await runAndKill(dataDir, round * 1_000_000)));
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(ROUNDS * 5);

    const network = await openNetwork(dataDir);
    try {
      const channel = network.channel(CRASH_CHANNEL);
      expect(await channel.verifyChain()).toEqual({ height: channel.height, faults: [] });
      for (const { txId, n } of acknowledged) {
        const record = await channel.ledger.transaction(txId);
        expect({ txId, code: record?.validationCode, n: record?.args[0] }).toEqual({
          txId,
          code: 'VALID',
          n: String(n),
        });
      }

      const replay = await replayOf(channel);
      const valid = new Set(replay.pairs);
      expect(valid.size).toBe(replay.pairs.length);
      for (const mspId of CRASH_ORGS) {
        const ledger = channel.ledgerOf(mspId);
        expect(ledger.height).toBe(channel.height);
        const state = described(await ledger.entries());
        expect(state).toEqual(replay.state);
        // Both keys of every valid transaction, and nothing else.
        expect(state.size).toBe(2 * valid.size);
        for (const n of valid) {
          expect([state.get(`a-${n}`)?.value, state.get(`b-${n}`)?.value]).toEqual([
            String(n),
            String(n),
          ]);
        }
        for (const key of [...replay.history.keys()].slice(0, 50)) {
          expect((await ledger.history(key)).map((e) => e.txId)).toEqual(replay.history.get(key));
        }
      }
      const events = await channel.ledger.events();
      expect(events.map((e) => Number(e.payload.toString())).sort((a, b) => a - b)).toEqual(
        [...valid].sort((a, b) => a - b),
      );
    } finally {
      await network.close();
    }
  });
});
