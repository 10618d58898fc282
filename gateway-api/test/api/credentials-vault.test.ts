import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, loadCredentialsStore } from '@sla-ledger/chaincode/credentials';
import { sealedCredentialsFile } from '../../src';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'sla-vault-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

it('creates the sealed file its chaincode opens, owner-only, with no temporary file left', async () => {
  const file = join(folder, 'credentials.json');
  const key = generateKey();
  const vault = sealedCredentialsFile('AwsOrgMSP', file, key);
  await vault.add('svc.1', {
    kind: 'aws',
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 'very-secret',
  });
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8')).not.toContain('very-secret');
  expect(readdirSync(folder)).toEqual(['credentials.json']);
  const store = loadCredentialsStore(
    { SLA_CREDENTIALS_FILE: file, SLA_CREDENTIALS_KEY: key },
    () => undefined,
  );
  expect(store.get('svc.1')).toEqual({
    kind: 'aws',
    accessKeyId: 'AKIAEXAMPLE',
    secretAccessKey: 'very-secret',
  });
});

it('serialises concurrent additions so that none is lost, and refuses a ref twice', async () => {
  const file = join(folder, 'credentials.json');
  const vault = sealedCredentialsFile('AwsOrgMSP', file, generateKey());
  await Promise.all(
    Array.from({ length: 10 }, (_, index) =>
      vault.add(`ref-${index}`, { kind: 'aws', accessKeyId: `id-${index}`, secretAccessKey: 's' }),
    ),
  );
  expect(await vault.refs()).toHaveLength(10);
  await expect(
    vault.add('ref-3', { kind: 'aws', accessKeyId: 'x', secretAccessKey: 'y' }),
  ).rejects.toThrow('already exist');
  await vault.remove('ref-3');
  expect(await vault.refs()).not.toContain('ref-3');
});

it('refuses to write with the wrong key rather than replace what it cannot read', async () => {
  const file = join(folder, 'credentials.json');
  await sealedCredentialsFile('AwsOrgMSP', file, generateKey()).add('a', {
    kind: 'aws',
    accessKeyId: 'x',
    secretAccessKey: 'y',
  });
  const before = readFileSync(file, 'utf8');
  await expect(
    sealedCredentialsFile('AwsOrgMSP', file, generateKey()).add('b', {
      kind: 'aws',
      accessKeyId: 'x',
      secretAccessKey: 'y',
    }),
  ).rejects.toThrow('cannot be decrypted');
  expect(readFileSync(file, 'utf8')).toBe(before);
});
