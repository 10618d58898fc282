/**
 * Test identities: real X.509 certificates (EC P-256, ECDSA-SHA256) issued by one self-signed
 * CA per MSP id, in the shape Fabric CA enrolls them:
 * - subject `/C=US/O=<org>/OU=<client|admin|peer>/CN=<name>` (the OU is the NodeOU role),
 * - attributes in extension 1.2.3.4.5.6.7.8.1 as the JSON `{"attrs":{...}}` with Fabric CA's
 *   default `hf.EnrollmentID`, `hf.Type`, `hf.Affiliation` plus the requested ones (keys sorted,
 *   as Go's encoding/json writes a map), so fabric-shim's ClientIdentity reads them.
 * `getCertificateAuthority` and `createIdentity` cache what they issue: the same options give the
 * same certificate in one process. `issueCertificateAuthority` and `issueIdentity` issue anew
 * (IdentityStore keeps what they issue on disk).
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'crypto';
import { KJUR } from 'jsrsasign';

export type NodeOu = 'client' | 'admin' | 'peer' | 'orderer';

export interface Identity {
  mspId: string;
  /** PEM of the enrolment certificate (the `id_bytes` of the serialized identity). */
  certificate: string;
  commonName: string;
  nodeOu: NodeOu;
  /** PKCS#8 PEM of the identity's EC P-256 private key. */
  privateKey: string;
}

export interface CreateIdentityOptions {
  mspId: string;
  commonName: string;
  nodeOu?: NodeOu;
  attributes?: Record<string, string>;
}

export interface CertificateAuthority {
  mspId: string;
  organization: string;
  certificate: string;
  privateKey: string;
}

/** OID Fabric CA uses for the attribute extension (fabric-shim reads the same OID). */
export const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';

const NOT_BEFORE = '000101000000Z'; // 2000-01-01, so tests may move the clock far back
const NOT_AFTER = '491231235959Z'; // last UTCTime year

const authorities = new Map<string, CertificateAuthority>();
const identities = new Map<string, Identity>();

/** `Org1MSP` → `org1.example.com`, the organisation name used in subjects. */
export function organizationOf(mspId: string): string {
  const base = mspId.replace(/MSP$/i, '') || mspId;
  return `${base.toLowerCase()}.example.com`;
}

export function getCertificateAuthority(mspId: string): CertificateAuthority {
  const cached = authorities.get(mspId);
  if (cached) {
    return cached;
  }
  const ca = issueCertificateAuthority(mspId);
  authorities.set(mspId, ca);
  return ca;
}

export function createIdentity(opts: CreateIdentityOptions): Identity {
  const nodeOu = opts.nodeOu ?? 'client';
  const attributes = fabricCaAttributes(opts.commonName, nodeOu, opts.attributes ?? {});
  const cacheKey = JSON.stringify([opts.mspId, opts.commonName, nodeOu, attributes]);
  const cached = identities.get(cacheKey);
  if (cached) {
    return cached;
  }
  const identity = issueIdentity(getCertificateAuthority(opts.mspId), opts);
  identities.set(cacheKey, identity);
  return identity;
}

/** A new self-signed CA for the MSP id. */
export function issueCertificateAuthority(mspId: string): CertificateAuthority {
  const organization = organizationOf(mspId);
  const keys = newKeyPair();
  const subject = `/C=US/O=${organization}/CN=ca.${organization}`;
  const certificate = issue({
    subject,
    issuer: subject,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [
      { extname: 'basicConstraints', critical: true, cA: true },
      {
        extname: 'keyUsage',
        critical: true,
        names: ['digitalSignature', 'keyCertSign', 'cRLSign'],
      },
      { extname: 'subjectKeyIdentifier', kid: keys.publicKey },
    ],
  });
  return { mspId, organization, certificate, privateKey: keys.privateKey };
}

/** A new enrolment certificate and key, issued by `ca`. */
export function issueIdentity(ca: CertificateAuthority, opts: CreateIdentityOptions): Identity {
  if (opts.commonName.includes('/')) {
    throw new Error(`commonName must not contain '/': ${opts.commonName}`);
  }
  const nodeOu = opts.nodeOu ?? 'client';
  const attributes = fabricCaAttributes(opts.commonName, nodeOu, opts.attributes ?? {});
  const keys = newKeyPair();
  const attributesJson = JSON.stringify({ attrs: attributes });
  const certificate = issue({
    subject: `/C=US/O=${ca.organization}/OU=${nodeOu}/CN=${opts.commonName}`,
    issuer: `/C=US/O=${ca.organization}/CN=ca.${ca.organization}`,
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      { extname: 'basicConstraints', critical: true, cA: false },
      { extname: 'keyUsage', critical: true, names: ['digitalSignature'] },
      { extname: 'subjectKeyIdentifier', kid: keys.publicKey },
      { extname: 'authorityKeyIdentifier', kid: ca.certificate },
      {
        extname: FABRIC_ATTRIBUTES_OID,
        extn: Buffer.from(attributesJson, 'utf8').toString('hex'),
      },
    ],
  });
  return {
    mspId: ca.mspId,
    certificate,
    commonName: opts.commonName,
    nodeOu,
    privateKey: keys.privateKey,
  };
}

/** Fabric CA always adds hf.EnrollmentID, hf.Type and hf.Affiliation; keys sorted like Go's JSON. */
function fabricCaAttributes(
  enrollmentId: string,
  type: NodeOu,
  requested: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = {
    'hf.Affiliation': '',
    'hf.EnrollmentID': enrollmentId,
    'hf.Type': type,
    ...requested,
  };
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(merged).sort()) {
    sorted[name] = merged[name];
  }
  return sorted;
}

interface KeyPairPem {
  publicKey: string;
  privateKey: string;
}

function newKeyPair(): KeyPairPem {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

interface IssueRequest {
  subject: string;
  issuer: string;
  publicKey: string;
  signingKey: string;
  extensions: Record<string, unknown>[];
}

function issue(request: IssueRequest): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x10; // positive, no leading zero byte
  const tbsParams = {
    version: 3,
    serial: { hex: serial.toString('hex') },
    sigalg: 'SHA256withECDSA',
    issuer: { str: request.issuer },
    subject: { str: request.subject },
    notbefore: NOT_BEFORE,
    notafter: NOT_AFTER,
    sbjpubkey: request.publicKey,
    ext: request.extensions,
  };
  // The typings model only a subset of the extension parameters jsrsasign accepts.
  const tbs = new KJUR.asn1.x509.TBSCertificate(
    tbsParams as unknown as ConstructorParameters<typeof KJUR.asn1.x509.TBSCertificate>[0],
  );
  // jsrsasign's pure-JS ECDSA takes over a second per certificate; Node's crypto signs the same
  // DER-encoded TBSCertificate in microseconds.
  const tbsDer = Buffer.from(tbs.getEncodedHex(), 'hex');
  const signature = sign('sha256', tbsDer, createPrivateKey(request.signingKey));
  const certificate = new KJUR.asn1.x509.Certificate({
    ...tbsParams,
    sighex: signature.toString('hex'),
  } as unknown as ConstructorParameters<typeof KJUR.asn1.x509.Certificate>[0]);
  return certificate.getPEM().replace(/\r\n/g, '\n');
}
