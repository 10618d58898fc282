/**
 * A self-signed TLS server certificate made with Node's crypto alone: EC P-256 key,
 * ECDSA-SHA256 signature, subjectAltName with the given IP addresses and DNS names.
 * It is its own CA (basicConstraints CA:TRUE, keyCertSign), so a client that trusts this one
 * PEM — through `tlsOptions.ca` or NODE_EXTRA_CA_CERTS — accepts the server.
 */
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  unsignedInteger,
  utcTime,
  utf8String,
} from './der';

export interface SelfSignedCertificateRequest {
  commonName: string;
  ipAddresses: string[];
  dnsNames?: string[];
  /** Validity from now; the certificate is backdated by an hour against clock skew. */
  validDays?: number;
}

export interface SelfSignedCertificate {
  /** PEM of the certificate: what clients trust and what the server presents. */
  certificate: string;
  /** PKCS#8 PEM of the private key. */
  privateKey: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

/** keyUsage bits digitalSignature (0) and keyCertSign (5): 1000 0100, the last two bits unused. */
const KEY_USAGE_BITS = Buffer.from([0x84]);
const KEY_USAGE_UNUSED_BITS = 2;

export function createSelfSignedCertificate(
  request: SelfSignedCertificateRequest,
): SelfSignedCertificate {
  for (const address of request.ipAddresses) {
    if (isIP(address) !== 4) {
      throw new Error(`only IPv4 addresses are supported in subjectAltName, got '${address}'`);
    }
  }
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = Date.now();
  const notBefore = new Date(now - 60 * 60 * 1000);
  const notAfter = new Date(now + (request.validDays ?? 365) * 24 * 60 * 60 * 1000);
  const name = sequence(
    set(sequence(objectIdentifier(OID.commonName), utf8String(request.commonName))),
  );
  const signatureAlgorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));

  const tbsCertificate = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(serialNumber()),
    signatureAlgorithm,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    keys.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence(boolean(true))),
        extension(OID.keyUsage, true, bitString(KEY_USAGE_BITS, KEY_USAGE_UNUSED_BITS)),
        extension(OID.extendedKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
        extension(OID.subjectAltName, false, subjectAltNames(request)),
      ),
    ),
  );
  const signature = sign('sha256', tbsCertificate, keys.privateKey);
  const der = sequence(tbsCertificate, signatureAlgorithm, bitString(signature));

  const certificate = toPem('CERTIFICATE', der);
  // Parse it back: a malformed encoding fails here rather than in a TLS handshake.
  new X509Certificate(certificate);
  return {
    certificate,
    privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(objectIdentifier(oid), boolean(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

/** GeneralNames: dNSName is [2] IA5String, iPAddress is [7] OCTET STRING (RFC 5280 §4.2.1.6). */
function subjectAltNames(request: SelfSignedCertificateRequest): Buffer {
  const dns = (request.dnsNames ?? []).map((name) =>
    implicitPrimitive(2, Buffer.from(name, 'ascii')),
  );
  const ips = request.ipAddresses.map((address) =>
    implicitPrimitive(7, Buffer.from(address.split('.').map(Number))),
  );
  return sequence(...ips, ...dns);
}

/** 16 random bytes, positive and without a leading zero byte (RFC 5280 §4.1.2.2). */
function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x10;
  return serial;
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
