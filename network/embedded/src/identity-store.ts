/**
 * Identities that outlive the process: one CA per MSP id and one enrolment per name, issued once
 * and kept in a directory laid out like an MSP folder (`<mspId>/ca/{cert,key}.pem`,
 * `<mspId>/users/<name>/{cert,key}.pem`, peers and orderers under `nodes/`, keys mode 0600), so the same name has the same
 * certificate after a restart. Asking for a name with another NodeOU or other attributes
 * enrols it again (a new certificate replaces the old one, as a Fabric CA re-enrolment would).
 * Without a directory, the process-wide test CAs of identities.ts are used.
 */
import { createPublicKey, X509Certificate } from 'crypto';
import { mkdir, readFile, rename, writeFile } from 'fs/promises';
import { join } from 'path';
import {
  createIdentity,
  issueCertificateAuthority,
  issueIdentity,
  organizationOf,
  type CertificateAuthority,
  type Identity,
  type NodeOu,
} from './identities';

export interface EnrolmentOptions {
  readonly nodeOu?: NodeOu;
  readonly attributes?: Readonly<Record<string, string>>;
}

interface Enrolment {
  readonly nodeOu: NodeOu;
  readonly attributes: Readonly<Record<string, string>>;
}

export class IdentityStore {
  /** Issuing in progress per MSP id or identity, so concurrent requests share one. */
  private readonly pending = new Map<string, Promise<unknown>>();

  /** @param directory where identities are kept; undefined: in memory */
  constructor(private readonly directory?: string) {}

  async identity(mspId: string, name: string, opts: EnrolmentOptions = {}): Promise<Identity> {
    const wanted: Enrolment = {
      nodeOu: opts.nodeOu ?? 'client',
      attributes: opts.attributes ?? {},
    };
    if (this.directory === undefined) {
      return createIdentity({
        mspId,
        commonName: name,
        ...wanted,
        attributes: { ...wanted.attributes },
      });
    }
    const folder = wanted.nodeOu === 'peer' || wanted.nodeOu === 'orderer' ? 'nodes' : 'users';
    const directory = join(this.directory, pathSegment(mspId), folder, pathSegment(name));
    return this.once(`${mspId}/${name}`, async () => {
      const kept = await readKept(directory);
      if (kept !== undefined && sameEnrolment(kept.enrolment, wanted)) {
        return {
          mspId,
          certificate: kept.certificate,
          commonName: name,
          nodeOu: wanted.nodeOu,
          privateKey: kept.privateKey,
        };
      }
      const ca = await this.certificateAuthority(mspId);
      const identity = issueIdentity(ca, {
        mspId,
        commonName: name,
        nodeOu: wanted.nodeOu,
        attributes: { ...wanted.attributes },
      });
      await keep(directory, identity.certificate, identity.privateKey, wanted);
      return identity;
    });
  }

  private async certificateAuthority(mspId: string): Promise<CertificateAuthority> {
    const directory = join(this.directory as string, pathSegment(mspId), 'ca');
    return this.once(`${mspId}/ca`, async () => {
      const kept = await readKept(directory);
      if (kept !== undefined) {
        return {
          mspId,
          organization: organizationOf(mspId),
          certificate: kept.certificate,
          privateKey: kept.privateKey,
        };
      }
      const ca = issueCertificateAuthority(mspId);
      await keep(directory, ca.certificate, ca.privateKey);
      return ca;
    });
  }

  private async once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key) as Promise<T> | undefined;
    if (running !== undefined) {
      return running;
    }
    const started = work().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }
}

function sameEnrolment(a: Enrolment, b: Enrolment): boolean {
  return (
    a.nodeOu === b.nodeOu &&
    JSON.stringify(sorted(a.attributes)) === JSON.stringify(sorted(b.attributes))
  );
}

function sorted(record: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(record).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
}

async function readKept(
  directory: string,
): Promise<{ certificate: string; privateKey: string; enrolment: Enrolment } | undefined> {
  try {
    const [certificate, privateKey, enrolment] = await Promise.all([
      readFile(join(directory, 'cert.pem'), 'utf8'),
      readFile(join(directory, 'key.pem'), 'utf8'),
      readFile(join(directory, 'enrolment.json'), 'utf8').catch(
        () => '{"nodeOu":"client","attributes":{}}',
      ),
    ]);
    // A crash between writing a new key and its certificate leaves a pair that does not match.
    const matches = new X509Certificate(certificate).publicKey.equals(createPublicKey(privateKey));
    return matches
      ? { certificate, privateKey, enrolment: JSON.parse(enrolment) as Enrolment }
      : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw err;
  }
}

/** Writes each file under a temporary name, then renames it: a crash leaves old or new, never half. */
async function keep(
  directory: string,
  certificate: string,
  privateKey: string,
  enrolment?: Enrolment,
): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const files: [string, string, number][] = [
    ['key.pem', privateKey, 0o600],
    ['cert.pem', certificate, 0o644],
  ];
  if (enrolment !== undefined) {
    files.unshift(['enrolment.json', `${JSON.stringify(enrolment)}\n`, 0o644]);
  }
  for (const [name, content, mode] of files) {
    const path = join(directory, name);
    await writeFile(`${path}.tmp`, content, { mode, flush: true });
    await rename(`${path}.tmp`, path);
  }
}

/** An MSP id or a name as one path segment: no separators, no dot segments. */
function pathSegment(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\]/.test(name) || name.includes('\0')) {
    throw new Error(`${JSON.stringify(name)} cannot name an identity folder`);
  }
  return name;
}
