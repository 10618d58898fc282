import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CredentialsStoreError,
  generateKey,
  loadCredentialsStore,
  seal,
  type MonitoringCredentials,
} from '../../src/oracles/credentials-store';
import { oracleFromEnvironment } from '../../src/oracles/oracle-from-environment';
import { parseMonitor } from '../../src/domain/monitor';
import { cloudWatchService } from '../fixtures/services';

const entries: Record<string, MonitoringCredentials> = {
  'aws-monitoring': {
    kind: 'aws',
    accessKeyId: 'AKIASTORETEST0000001',
    secretAccessKey: 'store/Secret+Key/0123456789abcdefABCDEF',
  },
  'azure-monitoring': {
    kind: 'azure',
    tenantId: 't',
    clientId: 'c',
    clientSecret: 'azure-client-secret-value',
  },
};

function sealedFile(key: string, mode = 0o600): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sla-credentials-')), 'credentials.json');
  writeFileSync(file, seal(entries, key), { mode });
  chmodSync(file, mode);
  return file;
}

describe('the credentials store', () => {
  it('is encrypted at rest and opens with its key', () => {
    const key = generateKey();
    const file = sealedFile(key);
    const text = readFileSync(file, 'utf8');
    for (const secret of [
      'AKIASTORETEST0000001',
      'store/Secret+Key',
      'azure-client-secret-value',
      'aws-monitoring',
    ]) {
      expect(text).not.toContain(secret);
    }
    const store = loadCredentialsStore({
      SLA_CREDENTIALS_FILE: file,
      SLA_CREDENTIALS_KEY: key,
      SLA_ORGANISATION: 'AwsOrgMSP',
    });
    expect(store.organisation).toBe('AwsOrgMSP');
    expect(store.refs()).toEqual(['aws-monitoring', 'azure-monitoring']);
    expect(store.get('aws-monitoring')).toEqual(entries['aws-monitoring']);
    expect(store.get('toString')).toBeUndefined();
  });

  it('refuses a wrong key or an altered file without showing contents', () => {
    const file = sealedFile(generateKey());
    expect(() =>
      loadCredentialsStore({ SLA_CREDENTIALS_FILE: file, SLA_CREDENTIALS_KEY: generateKey() }),
    ).toThrow(`${file} cannot be decrypted with the key given: wrong key or altered file`);
    const key = generateKey();
    const altered = sealedFile(key);
    const sealed = JSON.parse(readFileSync(altered, 'utf8')) as { ciphertext: string };
    sealed.ciphertext = Buffer.from(
      Buffer.from(sealed.ciphertext, 'base64').map((byte, i) => (i === 3 ? byte ^ 1 : byte)),
    ).toString('base64');
    writeFileSync(altered, JSON.stringify(sealed));
    expect(() =>
      loadCredentialsStore({ SLA_CREDENTIALS_FILE: altered, SLA_CREDENTIALS_KEY: key }),
    ).toThrow('wrong key or altered file');
    expect(() =>
      loadCredentialsStore({ SLA_CREDENTIALS_FILE: file, SLA_CREDENTIALS_KEY: 'short' }),
    ).toThrow('must be 32 bytes written in base64');
  });

  it('warns, naming the file only, when it is readable by others', () => {
    const key = generateKey();
    const file = sealedFile(key, 0o644);
    const warnings: string[] = [];
    loadCredentialsStore({ SLA_CREDENTIALS_FILE: file, SLA_CREDENTIALS_KEY: key }, (message) =>
      warnings.push(message),
    );
    expect(warnings).toEqual([
      `warning: credentials file ${file} has mode 0644; it should be readable by its owner only (chmod 600)`,
    ]);
    const quiet: string[] = [];
    loadCredentialsStore(
      { SLA_CREDENTIALS_FILE: sealedFile(key), SLA_CREDENTIALS_KEY: key },
      (message) => quiet.push(message),
    );
    expect(quiet).toEqual([]);
  });

  it('explains what is missing from the environment', () => {
    expect(() => loadCredentialsStore({ SLA_ORGANISATION: 'AwsOrgMSP' })).toThrow(
      'AwsOrgMSP has no monitoring credentials store configured: set SLA_CREDENTIALS_FILE and SLA_CREDENTIALS_KEY for its chaincode',
    );
    expect(() =>
      loadCredentialsStore({
        SLA_CREDENTIALS_FILE: '/nonexistent/credentials.json',
        SLA_CREDENTIALS_KEY: generateKey(),
      }),
    ).toThrow('cannot read its credentials file /nonexistent/credentials.json (ENOENT)');
    expect(() =>
      seal({ x: { kind: 'aws', accessKeyId: 'a' } as MonitoringCredentials }, generateKey()),
    ).toThrow(CredentialsStoreError);
  });

  it('makes the chaincode process fail a measurement clearly when it is not configured', async () => {
    const oracle = oracleFromEnvironment({ CORE_PEER_LOCALMSPID: 'AwsOrgMSP' });
    const monitor = parseMonitor('monitor', cloudWatchService().monitor);
    await expect(
      oracle.read([
        { id: 'q', serviceKey: 'jitsi-eu-1', monitor, start: 0, end: 60, periodSeconds: 60 },
      ]),
    ).rejects.toThrow(
      'ORACLE_UNAVAILABLE: AwsOrgMSP has no monitoring credentials store configured',
    );
  });

  it('refuses malformed limits in the environment', () => {
    expect(() => oracleFromEnvironment({ SLA_ORACLE_TIMEOUT_MS: 'soon' })).toThrow(
      'SLA_ORACLE_TIMEOUT_MS must be a whole number between 100 and 120000',
    );
  });
});
