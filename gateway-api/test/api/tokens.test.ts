import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTokensCli } from '../../src/cli/tokens';
import { hashToken, readTokensFile } from '../../src';
import { startGateway, type Gateway } from '../support/gateway';

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startGateway();
});
afterAll(() => gateway.close());

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTokensCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { SLA_TOKENS_FILE: gateway.tokensFile },
  });
  return { code, out, err };
}

it('adds a token for an identity, printing it once and keeping only its hash (mode 0600)', async () => {
  const { code, out, err } = await cli(
    'add',
    'consumer-bob',
    '--role',
    'viewer',
    '--note',
    'bob laptop',
  );
  expect(code).toBe(0);
  expect(out).toHaveLength(1);
  const token = out[0] as string;
  expect(token).toMatch(/^slt_[A-Za-z0-9_-]{43}$/);
  expect(err.join('\n')).not.toContain(token);
  const text = readFileSync(gateway.tokensFile, 'utf8');
  expect(text).not.toContain(token);
  expect(text).toContain(hashToken(token));
  expect(statSync(gateway.tokensFile).mode & 0o777).toBe(0o600);
  const entry = (await readTokensFile(gateway.tokensFile)).tokens.find(
    (item) => item.sha256 === hashToken(token),
  );
  expect(entry).toMatchObject({ identity: 'consumer-bob', role: 'viewer', note: 'bob laptop' });

  const listed = await cli('list');
  expect(listed.out.join('\n')).toContain(`${entry?.id}\tconsumer-bob\tviewer`);
  expect(listed.out.join('\n')).not.toContain(token);

  const read = await gateway.request('GET', '/api/channels', { as: `raw:${token}` });
  expect(read.status).toBe(200);
  const write = await gateway.request(
    'POST',
    '/api/channels/channel-aws/accounts/mine/collections',
    {
      as: `raw:${token}`,
    },
  );
  expect(write.status).toBe(403);
});

it('revokes a token by id or by value: the running gateway refuses it on the next request', async () => {
  const added = await cli('add', 'consumer-alice');
  const token = added.out[0] as string;
  expect((await gateway.request('GET', '/api/channels', { as: `raw:${token}` })).status).toBe(200);
  const id = (await readTokensFile(gateway.tokensFile)).tokens.find(
    (entry) => entry.sha256 === hashToken(token),
  )?.id;
  const revoked = await cli('revoke', id as string);
  expect(revoked.code).toBe(0);
  const refused = await gateway.request('GET', '/api/channels', { as: `raw:${token}` });
  expect(refused.status).toBe(401);
  expect(refused.headers.get('www-authenticate')).toContain('invalid_token');

  const rotated = (await cli('add', 'consumer-alice')).out[0] as string;
  expect((await gateway.request('GET', '/api/channels', { as: `raw:${rotated}` })).status).toBe(
    200,
  );
  expect((await cli('revoke', rotated)).code).toBe(0);
  expect((await gateway.request('GET', '/api/channels', { as: `raw:${rotated}` })).status).toBe(
    401,
  );
  expect((await cli('revoke', 'tok-00000000')).code).toBe(1);
});

it('ignores tokens naming an identity the gateway does not hold, and refuses everyone while the file is broken', async () => {
  const ghost = (await cli('add', 'nobody-held')).out[0] as string;
  expect((await gateway.request('GET', '/api/channels', { as: `raw:${ghost}` })).status).toBe(401);
  const good = readFileSync(gateway.tokensFile, 'utf8');
  writeFileSync(gateway.tokensFile, '{ "format": "sla-ledger-tokens/1", "tokens": [ ');
  const broken = await gateway.request('GET', '/api/channels', { as: 'consumer-alice' });
  expect(broken.status).toBe(503);
  expect(broken.body.type).toBe('urn:sla-ledger:problem:tokens-unavailable');
  writeFileSync(gateway.tokensFile, good);
  expect((await gateway.request('GET', '/api/channels', { as: 'consumer-alice' })).status).toBe(
    200,
  );
});

it('explains its usage and refuses a bad role', async () => {
  expect((await cli()).code).toBe(2);
  expect((await cli('add', 'consumer-alice', '--role', 'root')).code).toBe(2);
});

it("uses the gateway's tokens file in SLA_DATA_DIR when no file is named", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sla-tokens-cli-'));
  try {
    const printed: string[] = [];
    const io = { out: (line: string) => void printed.push(line), err: () => undefined };
    expect(
      await runTokensCli(['add', 'consumer-alice'], { ...io, env: { SLA_DATA_DIR: dataDir } }),
    ).toBe(0);
    const file = await readTokensFile(join(dataDir, 'tokens.json'));
    expect(file.tokens.map((entry) => entry.identity)).toEqual(['consumer-alice']);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('serialises concurrent changes: none is lost', async () => {
  const before = (await readTokensFile(gateway.tokensFile)).tokens.length;
  await Promise.all(Array.from({ length: 8 }, () => cli('add', 'consumer-bob')));
  expect((await readTokensFile(gateway.tokensFile)).tokens.length).toBe(before + 8);
});
