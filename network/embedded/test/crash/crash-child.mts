/**
 * Run by crash.test.ts with the project's Node (types stripped): opens the network on the data
 * directory given, submits `pair` transactions with several in flight, and prints
 * `ACK <txId> <n>` once each transaction's status came back VALID, until it is killed.
 */
import { EmbeddedNetwork } from '../../dist/index.js';
import { CRASH_CHANNEL, CRASH_ORGS, PAIR_CHAINCODE } from './pair-chaincode.ts';

const [dataDir, firstArg] = process.argv.slice(2);
const IN_FLIGHT = 16;

const network = await EmbeddedNetwork.open({
  dataDir,
  organizations: CRASH_ORGS.map((mspId) => ({ mspId, chaincode: () => PAIR_CHAINCODE })),
  channels: [{ name: CRASH_CHANNEL, members: CRASH_ORGS, policy: 'all' }],
  chaincodeName: 'pairs',
  commitLagMs: { [CRASH_ORGS[1]]: 15 },
  orderer: { maxMessageCount: 10, batchTimeoutMs: 5 },
  shimLogLevel: 'CRITICAL',
});
const channel = network.channel(CRASH_CHANNEL);
const client = await network.identity(CRASH_ORGS[0], 'writer');
process.stdout.write('READY\n');

let next = Number(firstArg);
async function loop(): Promise<void> {
  for (;;) {
    const n = String(next++);
    const submitted = await channel.submitAsync(client, 'pair', [n]);
    const status = await submitted.status();
    if (status.successful) {
      process.stdout.write(`ACK ${status.txId} ${n}\n`);
    }
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, () => loop()));
