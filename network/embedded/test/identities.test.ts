/**
 * Generated identities are real X.509 certificates that fabric-shim's ClientIdentity reads like
 * Fabric CA enrolment certificates (checked through the embedded peer, i.e. via a real stub).
 */
import { X509Certificate } from 'crypto';
import { FABRIC_ATTRIBUTES_OID, createIdentity, getCertificateAuthority } from '../src/identities';
import { demoNetwork, json } from './fixtures/demo-network';

interface WhoAmI {
  id: string;
  mspId: string;
  role: string | null;
  enrollmentId: string | null;
  isAuditor: boolean;
}

describe('createIdentity', () => {
  it('issues an EC P-256 certificate signed by the MSP’s own CA', () => {
    const carol = createIdentity({ mspId: 'Org3MSP', commonName: 'carol', nodeOu: 'admin' });
    const cert = new X509Certificate(carol.certificate);
    const ca = new X509Certificate(getCertificateAuthority('Org3MSP').certificate);

    expect(cert.subject.split('\n')).toEqual([
      'C=US',
      'O=org3.example.com',
      'OU=admin',
      'CN=carol',
    ]);
    expect(cert.issuer).toBe(ca.subject);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(carol.certificate).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[^\r]+\n-----END CERTIFICATE-----\n$/,
    );
  });

  it('puts attributes in the Fabric CA extension as sorted JSON with the hf.* defaults', () => {
    const dave = createIdentity({
      mspId: 'Org1MSP',
      commonName: 'dave',
      attributes: { role: 'oracle', region: 'eu' },
    });
    const der = new X509Certificate(dave.certificate).raw;
    const json =
      '{"attrs":{"hf.Affiliation":"","hf.EnrollmentID":"dave","hf.Type":"client","region":"eu","role":"oracle"}}';
    expect(der.includes(Buffer.from(json))).toBe(true);
    expect(FABRIC_ATTRIBUTES_OID).toBe('1.2.3.4.5.6.7.8.1');
  });

  it('caches: same options give the same certificate, other options another one', () => {
    const a = createIdentity({ mspId: 'Org1MSP', commonName: 'erin', attributes: { role: 'x' } });
    const b = createIdentity({ mspId: 'Org1MSP', commonName: 'erin', attributes: { role: 'x' } });
    const c = createIdentity({ mspId: 'Org1MSP', commonName: 'erin', attributes: { role: 'y' } });
    expect(b).toBe(a);
    expect(c.certificate).not.toBe(a.certificate);
    expect(getCertificateAuthority('Org1MSP')).toBe(getCertificateAuthority('Org1MSP'));
  });
});

describe('ClientIdentity in chaincode', () => {
  it('sees the MSP id, the Fabric-style id and the certificate attributes', async () => {
    const { channel, alice, bob } = demoNetwork();
    try {
      const fromAlice = json<WhoAmI>(await channel.evaluate(alice, 'demo:whoami'));
      expect(fromAlice).toEqual({
        id: 'x509::/C=US/O=org1.example.com/OU=client/CN=alice::/C=US/O=org1.example.com/CN=ca.org1.example.com',
        mspId: 'Org1MSP',
        role: 'auditor',
        enrollmentId: 'alice',
        isAuditor: true,
      });

      const fromBob = json<WhoAmI>(await channel.evaluate(bob, 'demo:whoami'));
      expect(fromBob.mspId).toBe('Org2MSP');
      expect(fromBob.role).toBeNull();
      expect(fromBob.isAuditor).toBe(false);
      expect(fromBob.id).toContain('/OU=client/CN=bob::');
    } finally {
      await channel.close();
    }
  });
});
