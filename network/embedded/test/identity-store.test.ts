/** Identities kept in a data directory: issued once, found again after a restart. */
import { X509Certificate } from 'crypto';
import { mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { IdentityStore } from '../src';

describe('an identity store on a directory', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'identity-store-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('gives the same certificate and key to the same name after a restart', async () => {
    const first = await new IdentityStore(directory).identity('Org1MSP', 'alice', {
      attributes: { role: 'issuer' },
    });
    const again = await new IdentityStore(directory).identity('Org1MSP', 'alice', {
      attributes: { role: 'issuer' },
    });
    expect(again).toEqual(first);
    expect(statSync(join(directory, 'Org1MSP', 'users', 'alice', 'key.pem')).mode & 0o777).toBe(
      0o600,
    );
    expect(statSync(join(directory, 'Org1MSP', 'ca', 'key.pem')).mode & 0o777).toBe(0o600);
  });

  it('issues every enrolment of an organisation from its one CA', async () => {
    const store = new IdentityStore(directory);
    const [alice, peer] = await Promise.all([
      store.identity('Org1MSP', 'alice'),
      store.identity('Org1MSP', 'peer0.Org1MSP', { nodeOu: 'peer' }),
    ]);
    expect(new X509Certificate(alice.certificate).issuer).toBe(
      new X509Certificate(peer.certificate).issuer,
    );
    expect(
      statSync(join(directory, 'Org1MSP', 'nodes', 'peer0.Org1MSP', 'cert.pem')).isFile(),
    ).toBe(true);
  });

  it('enrols a name again when asked for other attributes', async () => {
    const store = new IdentityStore(directory);
    const auditor = await store.identity('Org1MSP', 'bob', { attributes: { role: 'auditor' } });
    const issuer = await store.identity('Org1MSP', 'bob', { attributes: { role: 'issuer' } });
    expect(issuer.certificate).not.toBe(auditor.certificate);
    expect(new X509Certificate(issuer.certificate).raw.toString('latin1')).toContain(
      '"role":"issuer"',
    );
    expect(
      await new IdentityStore(directory).identity('Org1MSP', 'bob', {
        attributes: { role: 'issuer' },
      }),
    ).toEqual(issuer);
  });

  it('refuses a name that is not one path segment', async () => {
    await expect(new IdentityStore(directory).identity('Org1MSP', '..')).rejects.toThrow(
      '".." cannot name an identity folder',
    );
  });
});
