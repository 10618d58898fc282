/**
 * A network of channels on a data directory: what survives a restart (blocks, transaction index,
 * events, each peer's state and history, identities), events read back then followed, and peers
 * that commit at their own pace.
 */
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  EmbeddedNetwork,
  EndorsementMismatchError,
  chaincodeFromContracts,
  type DeliveredEvent,
  type EmbeddedNetworkOptions,
} from '../src';
import { makeDemoContract } from './fixtures/demo-contract';
import { ORG1, ORG2 } from './fixtures/demo-network';

const ORG3 = 'Org3MSP';
const T0 = new Date('2026-01-01T00:00:00Z');

function options(dataDir?: string): EmbeddedNetworkOptions {
  return {
    ...(dataDir !== undefined ? { dataDir } : {}),
    organizations: [ORG1, ORG2, ORG3].map((mspId) => ({
      mspId,
      chaincode: () => chaincodeFromContracts([makeDemoContract()]),
    })),
    channels: [
      { name: 'channel-two', members: [ORG1, ORG2], policy: 'all' },
      { name: 'channel-all', members: [ORG1, ORG2, ORG3], policy: 'majority' },
    ],
    chaincodeName: 'demo-cc',
    clock: () => T0,
    shimLogLevel: 'CRITICAL',
  };
}

async function take<T>(items: AsyncIterable<T>, count: number): Promise<T[]> {
  const taken: T[] = [];
  for await (const item of items) {
    taken.push(item);
    if (taken.length === count) {
      break;
    }
  }
  return taken;
}

describe('an embedded network on a data directory', () => {
  let root: string;
  let dataDir: string; // not created: the network makes it
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'embedded-network-'));
    dataDir = join(root, 'sla-data');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds after a restart every block, transaction, event, state and history it acknowledged', async () => {
    const first = await EmbeddedNetwork.open(options(dataDir));
    const alice = await first.identity(ORG1, 'alice', { attributes: { role: 'auditor' } });
    const two = first.channel('channel-two');
    const put = await two.submit(alice, 'demo:put', ['k', 'one']);
    const emitted = await two.submit(alice, 'demo:emit', ['Signed', 'payload']);
    await first.channel('channel-all').submit(alice, 'demo:put', ['k', 'elsewhere']);
    await first.close();

    const second = await EmbeddedNetwork.open(options(dataDir));
    try {
      const again = await second.identity(ORG1, 'alice', { attributes: { role: 'auditor' } });
      expect(again.certificate).toBe(alice.certificate);
      expect(statSync(join(dataDir, 'msp', ORG1, 'users', 'alice', 'key.pem')).mode & 0o777).toBe(
        0o600,
      );
      const channel = second.channel('channel-two');
      expect(channel.height).toBe(3);
      for (const org of [ORG1, ORG2]) {
        expect((await channel.ledgerOf(org).getState('k'))?.toString()).toBe('one');
        expect((await channel.ledgerOf(org).history('k')).map((e) => e.txId)).toEqual([put.txId]);
      }
      expect((await channel.ledger.transaction(emitted.txId))?.validationCode).toBe('VALID');
      expect(await take(channel.events({ startBlock: 0 }), 1)).toMatchObject([
        { blockNumber: emitted.blockNumber, txId: emitted.txId, name: 'Signed' },
      ]);
      expect(await channel.verifyChain()).toEqual({ height: 3, faults: [] });
      expect((await second.channel('channel-all').ledger.getState('k'))?.toString()).toBe(
        'elsewhere',
      );
      const later = await channel.submit(again, 'demo:put', ['k', 'two']);
      expect(later.blockNumber).toBe(3);
      expect(await channel.verifyChain()).toEqual({ height: 4, faults: [] });
    } finally {
      await second.close();
    }
  });

  it('replays committed events, then follows new ones as the peer commits them', async () => {
    const network = await EmbeddedNetwork.open(options());
    try {
      const alice = await network.identity(ORG1, 'alice');
      const channel = network.channel('channel-two');
      await channel.submit(alice, 'demo:emit', ['Before', '1']);
      const received: DeliveredEvent[] = [];
      const following = (async () => {
        for await (const event of channel.events({ startBlock: 1 })) {
          received.push(event);
          if (received.length === 3) {
            return;
          }
        }
      })();
      await channel.submit(alice, 'demo:emit', ['After', '2']);
      await channel.submit(alice, 'demo:put', ['no-event', 'x']);
      await channel.submit(alice, 'demo:emit', ['Last', '3']);
      await following;
      expect(received.map((e) => [e.blockNumber, e.name, e.payload.toString()])).toEqual([
        [1, 'Before', '1'],
        [2, 'After', '2'],
        [4, 'Last', '3'],
      ]);
    } finally {
      await network.close();
    }
  });

  it('has a lagging peer endorse from its older state: ABORTED, as on real peers', async () => {
    const network = await EmbeddedNetwork.open({ ...options(), commitLagMs: { [ORG2]: 200 } });
    try {
      const alice = await network.identity(ORG1, 'alice');
      const bob = await network.identity(ORG2, 'bob');
      const channel = network.channel('channel-two');
      const firstBump = await channel.submit(alice, 'demo:increment', ['counter']);
      // Org1's peer committed; Org2's is still a block behind.
      expect(channel.ledgerOf(ORG1).height).toBe(firstBump.blockNumber + 1);
      expect(channel.ledgerOf(ORG2).height).toBe(firstBump.blockNumber);
      const error = await channel.submit(alice, 'demo:increment', ['counter']).catch((e) => e);
      expect(error).toBeInstanceOf(EndorsementMismatchError);
      expect((error as EndorsementMismatchError).grpcStatus).toBe('ABORTED');

      // Bob's status comes from his own organisation's peer, after its lag.
      const started = Date.now();
      const submitted = await channel.submitAsync(bob, 'demo:put', ['b', '1']);
      await channel.flush();
      const status = await submitted.status();
      expect(status.successful).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(channel.ledgerOf(ORG2).height).toBe(status.blockNumber + 1);
      // Once caught up, the retry endorses.
      await expect(channel.submit(alice, 'demo:increment', ['counter'])).resolves.toMatchObject({
        payload: Buffer.from('2'),
      });
    } finally {
      await network.close();
    }
  });

  it('refuses a channel member that is not an organisation of the network', async () => {
    await expect(
      EmbeddedNetwork.open({
        ...options(),
        channels: [{ name: 'c', members: [ORG1, 'NobodyMSP'], policy: 'all' }],
      }),
    ).rejects.toThrow('channel c names members that are not organisations of the network');
  });
});
