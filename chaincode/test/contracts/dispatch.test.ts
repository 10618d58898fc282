import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slaNetwork } from '../support/sla-network';

const packageDir = join(__dirname, '..', '..');

/** The public API callers depend on (README, gateway, operators). */
const API: Record<string, string[]> = {
  services: [
    'Register(serviceJson)',
    'Get(serviceKey)',
    'List(pageSize, bookmark)',
    'Measurements(serviceKey, pageSize, bookmark)',
    'Update(serviceKey, windowStart, windowEnd)',
    'UpdateMany(requestsJson)',
    'Deactivate(serviceKey)',
  ],
  tokens: [
    'Init(configJson)',
    'Mint(accountId, amount)',
    'Transfer(toAccountId, amount)',
    'Collect()',
    'Balance(accountId)',
    'MyAccount()',
  ],
  offers: [
    'Create(offerJson)',
    'Approve(offerId, approvalJson)',
    'Withdraw(offerId)',
    'Get(offerId)',
    'List(pageSize, bookmark)',
  ],
  agreements: [
    'Accept(offerId, offerVersion, agreementId)',
    'StartSession(agreementId, sessionId, placementJson)',
    'StopSession(agreementId, sessionId)',
    'Sessions(agreementId, pageSize, bookmark)',
    'Stop(agreementId)',
    'Settle(agreementId)',
    'SettleDue(maxCount)',
    'Resolve(agreementId, creditBp)',
    'Get(agreementId)',
    'List(filterJson, pageSize, bookmark)',
  ],
  governance: [
    'Propose(proposalJson)',
    'Vote(proposalId, approve)',
    'Decide(proposalId)',
    'Join()',
    'Get(proposalId)',
  ],
};

interface Metadata {
  contracts: Record<
    string,
    {
      transactions: Array<{
        name: string;
        tag?: string[];
        parameters?: Array<{ name: string; schema: { type: string } }>;
      }>;
    }
  >;
}

function signatures(metadata: Metadata): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(metadata.contracts)
      .filter(([name]) => name !== 'org.hyperledger.fabric')
      .map(([name, contract]) => [
        name,
        contract.transactions.map(
          (tx) => `${tx.name}(${(tx.parameters ?? []).map((p) => p.name).join(', ')})`,
        ),
      ]),
  );
}

/** The latest modification time of the files below `dir`. */
function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }, 0);
}

/** Whether the built package is missing or older than `sources`. */
function builtBefore(sources: number): boolean {
  const built = join(packageDir, 'dist', 'index.js');
  return !existsSync(built) || statSync(built).mtimeMs < sources;
}

describe('contract metadata', () => {
  it('is what fabric-chaincode-node metadata generate produces, listing every transaction', () => {
    if (builtBefore(newestSource(join(packageDir, 'src')))) {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: packageDir });
    }
    const file = join(mkdtempSync(join(tmpdir(), 'sla-metadata-')), 'metadata.json');
    execFileSync('npx', ['fabric-chaincode-node', 'metadata', 'generate', '--file', file], {
      cwd: packageDir,
      env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'CRITICAL' },
    });
    const metadata = JSON.parse(readFileSync(file, 'utf8')) as Metadata;
    expect(signatures(metadata)).toEqual(API);
    const submits = metadata.contracts.tokens?.transactions
      .filter((tx) => tx.tag?.includes('SUBMIT'))
      .map((tx) => tx.name);
    expect(submits).toEqual(['Init', 'Mint', 'Transfer', 'Collect']);
    expect(metadata.contracts.services?.transactions[0]?.parameters?.[0]?.schema).toEqual({
      type: 'string',
    });
  });

  it('is served by the deployed chaincode through GetMetadata', async () => {
    const net = await slaNetwork({ init: false });
    expect(
      signatures(
        await net.evaluate<Metadata>(net.people.alice, 'org.hyperledger.fabric:GetMetadata'),
      ),
    ).toEqual(API);
  });
});

describe('dispatch through fabric-contract-api', () => {
  it('refuses a call with the wrong number of arguments', async () => {
    const net = await slaNetwork();
    await expect(
      net.channel.submit(net.people.issuer, 'tokens:Mint', ['only-one']),
    ).rejects.toThrow('Expected 2 parameters, but 1 have been supplied');
  });

  it('refuses a transaction that does not exist', async () => {
    const net = await slaNetwork();
    await expect(net.channel.submit(net.people.alice, 'services:Nope', [])).rejects.toThrow(
      'NOT_FOUND: transaction services:Nope does not exist',
    );
    await expect(net.channel.submit(net.people.alice, 'nothing:Get', [])).rejects.toThrow(
      'Contract name is not known: nothing',
    );
  });
});
