/**
 * The built chaincode as a service on the project's Node 24 (`fabric-chaincode-node server`, what
 * `npm run start:server -w chaincode` runs), with the embedded peer dialing it over real gRPC:
 * REGISTER → REGISTERED, READY → TRANSACTION with a signed proposal → GET_STATE … → COMPLETED.
 * Needs `npm run build -w chaincode` (the workspace's `npm test` runs it first).
 */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync } from 'fs';
import { createServer, connect } from 'net';
import { join } from 'path';
import { createIdentity } from '@sla-ledger/embedded-network';
import { EmbeddedChannel, EndorsementError } from '@sla-ledger/embedded-network';

const CHAINCODE_DIR = join(__dirname, '..', '..');
const CHAINCODE_ID = 'sla-ledger_1.0:5f0c3a1e';
const ORG = 'Org1MSP';

interface ChaincodeServer {
  readonly process: ChildProcess;
  readonly address: string;
  output(): string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts the server in its own process group, as the chaincode package's `start:server` would. */
async function startChaincodeServer(): Promise<ChaincodeServer> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const cli = require.resolve('fabric-shim/cli.js');
  const child = spawn(process.execPath, [cli, 'server'], {
    cwd: CHAINCODE_DIR,
    detached: true,
    env: {
      ...process.env,
      CORE_CHAINCODE_ADDRESS: address,
      CORE_CHAINCODE_ID: CHAINCODE_ID,
      CORE_CHAINCODE_LOGGING_LEVEL: 'warning',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const server = { process: child, address, output: () => output };
  await waitUntilListening(server, port, 15_000);
  return server;
}

async function waitUntilListening(
  server: ChaincodeServer,
  port: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.process.exitCode !== null || server.process.signalCode !== null) {
      throw new Error(`chaincode server exited (${server.process.exitCode}):\n${server.output()}`);
    }
    const listening = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (listening) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`chaincode server not listening on ${server.address}:\n${server.output()}`);
}

async function stop(server: ChaincodeServer): Promise<void> {
  const { process: child } = server;
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

function serverChannel(address: string, chaincodeId: string): EmbeddedChannel {
  return new EmbeddedChannel({
    channelId: 'channel-aws',
    chaincodeName: 'sla-ledger',
    endorsers: [{ mspId: ORG, chaincodeServer: { address, chaincodeId, dialTimeoutMs: 5_000 } }],
    policy: 'all',
  });
}

describe('chaincode server', () => {
  let server: ChaincodeServer | undefined;
  const alice = createIdentity({ mspId: ORG, commonName: 'alice' });

  beforeAll(async () => {
    expect(process.version).toMatch(/^v24\./);
    if (!existsSync(join(CHAINCODE_DIR, 'dist', 'index.js'))) {
      throw new Error('chaincode not built: run `npm run build -w chaincode` first');
    }
    server = await startChaincodeServer();
  }, 20_000);

  afterAll(async () => {
    if (server !== undefined) {
      await stop(server);
    }
  });

  it('runs on the project’s Node 24 and serves the contract metadata over gRPC', async () => {
    const channel = serverChannel((server as ChaincodeServer).address, CHAINCODE_ID);
    try {
      const metadata = JSON.parse(
        (await channel.evaluate(alice, 'org.hyperledger.fabric:GetMetadata')).toString('utf8'),
      ) as { contracts: Record<string, unknown> };
      expect(Object.keys(metadata.contracts)).toEqual(
        expect.arrayContaining(['services', 'tokens', 'offers', 'agreements', 'governance']),
      );
    } finally {
      await channel.close();
    }
  });

  it('completes a read-only transaction whose state requests the peer answers', async () => {
    const channel = serverChannel((server as ChaincodeServer).address, CHAINCODE_ID);
    try {
      const simulation = await channel.simulate(alice, 'tokens:MyAccount');
      expect(simulation).toMatchObject({ status: 200, peerFailure: false, writes: [] });
      expect(simulation.reads.length + simulation.rangeQueries.length).toBeGreaterThan(0);
      expect(JSON.parse(simulation.payload.toString('utf8'))).toMatchObject({ mspId: ORG });
    } finally {
      await channel.close();
    }
  });

  it('refuses a chaincode that registers with an id the peer did not launch', async () => {
    const channel = serverChannel((server as ChaincodeServer).address, 'other_1.0:0000');
    try {
      const error = await channel.evaluate(alice, 'org.hyperledger.fabric:GetMetadata').then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(EndorsementError);
      expect((error as Error).message).toContain(
        `peer will not accept external chaincode connection ${CHAINCODE_ID} (except in dev mode)`,
      );
    } finally {
      await channel.close();
    }
  });
});
