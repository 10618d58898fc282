/**
 * Commits many small transactions (one 32-byte write each, two organisations endorsing) through
 * the orderer in blocks of 500 and prints throughput and memory as it goes:
 *
 *   npm run bench -- [--transactions 200000] [--data-dir DIR] [--in-flight 1000]
 *       [--package PATH_TO_DIST_INDEX]
 *
 * Without --data-dir the channel keeps its ledgers in memory. --package runs the same load on
 * another build of the package (e.g. an older commit's dist) for comparison.
 */
import { createRequire } from 'module';
import { resolve } from 'path';
import { parseArgs } from 'util';

const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '200000' },
    'data-dir': { type: 'string' },
    package: { type: 'string', default: new URL('../dist/index.js', import.meta.url).pathname },
    'in-flight': { type: 'string', default: '1000' },
  },
});
const total = Number(values.transactions);
const inFlight = Number(values['in-flight']);
const require = createRequire(import.meta.url);
const embedded = require(resolve(values.package));
const { Shim } = require('fabric-shim');

const ORGS = ['Org1MSP', 'Org2MSP'];
const chaincode = {
  async Init() {
    return Shim.success();
  },
  async Invoke(stub: {
    getFunctionAndParameters(): { params: string[] };
    putState(key: string, value: Buffer): Promise<void>;
  }) {
    const [key] = stub.getFunctionAndParameters().params;
    await stub.putState(key, Buffer.alloc(32, 7));
    return Shim.success();
  },
};
const orderer = { maxMessageCount: 500, batchTimeoutMs: 250 };

let channel: {
  submitAsync(
    identity: unknown,
    fn: string,
    args: string[],
  ): Promise<{ status(): Promise<{ successful: boolean }> }>;
  ledger: { height: number };
  height?: number;
};
let close: () => Promise<void> | void;
let client: unknown;
if (values['data-dir'] !== undefined) {
  const network = await embedded.EmbeddedNetwork.open({
    dataDir: values['data-dir'],
    organizations: ORGS.map((mspId) => ({ mspId, chaincode: () => chaincode })),
    channels: [{ name: 'load', members: ORGS, policy: 'all' }],
    orderer,
    shimLogLevel: 'CRITICAL',
  });
  channel = network.channel('load');
  client = await network.identity(ORGS[0], 'load-client');
  close = () => network.close();
} else {
  channel = new embedded.EmbeddedChannel({
    channelId: 'load',
    endorsers: ORGS.map((mspId) => ({ mspId, chaincode })),
    policy: 'all',
    orderer,
    shimLogLevel: 'CRITICAL',
  });
  client = embedded.createIdentity({ mspId: ORGS[0], commonName: 'load-client' });
  const standalone = channel as unknown as { close(): Promise<void> | void };
  close = () => standalone.close();
}

const started = performance.now();
let submitted = 0;
let committed = 0;
let invalid = 0;
let peakRss = 0;
const report = (): void => {
  const seconds = (performance.now() - started) / 1000;
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  const blocks = channel.height ?? channel.ledger.height;
  process.stdout.write(
    `${String(committed).padStart(7)} tx  ${String(blocks).padStart(5)} blocks  ${seconds.toFixed(1).padStart(6)} s  ` +
      `${(committed / seconds).toFixed(0).padStart(5)} tx/s  rss ${(rss / 2 ** 20).toFixed(0).padStart(5)} MiB  ` +
      `heap ${(heapUsed / 2 ** 20).toFixed(0).padStart(5)} MiB  buffers ${(arrayBuffers / 2 ** 20).toFixed(0).padStart(5)} MiB\n`,
  );
};

async function worker(): Promise<void> {
  while (submitted < total) {
    const n = submitted++;
    const tx = await channel.submitAsync(client, 'put', [`key-${n}`]);
    const status = await tx.status();
    committed++;
    if (!status.successful) {
      invalid++;
    }
    if (committed % 10_000 === 0) {
      report();
    }
  }
}
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 200);
await Promise.all(Array.from({ length: inFlight }, () => worker()));
clearInterval(sampler);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `done: ${committed} transactions (${invalid} invalid) in ${seconds.toFixed(1)} s = ${(committed / seconds).toFixed(0)} tx/s; peak rss ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
);
await close();
