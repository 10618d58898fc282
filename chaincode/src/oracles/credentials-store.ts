import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Each organisation's monitoring credentials, kept by its own chaincode
 * process in a file encrypted at rest (AES-256-GCM) with a key given in
 * another environment variable. The ledger only ever names an entry.
 * Nothing read from the file is logged, returned or written anywhere.
 */

export interface AwsCredentials {
  kind: 'aws';
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Overrides the CloudWatch endpoint (an emulator, a VPC endpoint). */
  endpoint?: string;
}

export interface AzureCredentials {
  kind: 'azure';
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Overrides the Entra ID authority (https). */
  authorityHost?: string;
  /**
   * Overrides the metrics batch endpoint (https), `https://{region}.metrics.monitor.azure.com`
   * by default; `{region}` stands for the monitored resource's region.
   */
  metricsEndpoint?: string;
  /** PEM certificate(s) to trust for the overridden endpoints. */
  caCertificate?: string;
}

export type MonitoringCredentials = AwsCredentials | AzureCredentials;

export interface CredentialsStore {
  /** The organisation whose store this is, for error messages. */
  readonly organisation: string;
  get(ref: string): MonitoringCredentials | undefined;
  refs(): string[];
}

export const FORMAT = 'sla-ledger-credentials/1';
const KEY_BYTES = 32;

interface SealedFile {
  format: string;
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Why the store cannot be used; the message never holds file contents. */
export class CredentialsStoreError extends Error {}

export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export function seal(entries: Record<string, MonitoringCredentials>, key: string): string {
  checkEntries(entries);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', decodeKey(key), iv);
  cipher.setAAD(Buffer.from(FORMAT));
  const ciphertext = Buffer.concat([
    cipher.update(JSON.stringify({ entries }), 'utf8'),
    cipher.final(),
  ]);
  const sealed: SealedFile = {
    format: FORMAT,
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
  return `${JSON.stringify(sealed, null, 2)}\n`;
}

export function open(
  sealedText: string,
  key: string,
  source: string,
): Record<string, MonitoringCredentials> {
  let sealed: SealedFile;
  try {
    sealed = JSON.parse(sealedText) as SealedFile;
  } catch {
    throw new CredentialsStoreError(`${source} is not a sealed credentials file (not JSON)`);
  }
  if (sealed.format !== FORMAT || sealed.cipher !== 'aes-256-gcm') {
    throw new CredentialsStoreError(
      `${source} is not a sealed credentials file of format ${FORMAT}`,
    );
  }
  const keyBytes = decodeKey(key);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(FORMAT));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new CredentialsStoreError(
      `${source} cannot be decrypted with the key given: wrong key or altered file`,
    );
  }
  let entries: unknown;
  try {
    entries = (JSON.parse(plain) as { entries?: unknown }).entries;
  } catch {
    throw new CredentialsStoreError(`${source} decrypts to something that is not credentials`);
  }
  checkEntries(entries);
  return entries;
}

export interface StoreEnvironment {
  SLA_CREDENTIALS_FILE?: string;
  SLA_CREDENTIALS_KEY?: string;
  SLA_ORGANISATION?: string;
  CORE_PEER_LOCALMSPID?: string;
}

/**
 * Loads the store named by SLA_CREDENTIALS_FILE with the key in
 * SLA_CREDENTIALS_KEY; warns (without contents) when the file is readable by
 * group or others.
 */
export function loadCredentialsStore(
  env: StoreEnvironment,
  warn: (message: string) => void = (message) => process.stderr.write(`${message}\n`),
): CredentialsStore {
  const { organisation, file, key } = configured(env);
  let text: string;
  try {
    warnIfShared(file, statSync(file).mode, warn);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(organisation, file, error);
  }
  const entries = open(text, key, file);
  return {
    organisation,
    get: (ref) => (Object.prototype.hasOwnProperty.call(entries, ref) ? entries[ref] : undefined),
    refs: () => Object.keys(entries).sort(),
  };
}

/**
 * The store in SLA_CREDENTIALS_FILE as it is at each call: the file is looked
 * at (one stat) and re-opened when it changed (another file renamed into its
 * place, another size or modification time), so a running chaincode process
 * uses entries stored after it started. Writers replace the file atomically
 * (replaceSealedFile); a file that cannot be opened fails the read and is
 * tried again at the next.
 */
export function currentCredentialsStore(
  env: StoreEnvironment,
  warn?: (message: string) => void,
): () => CredentialsStore {
  let opened: { version: string; store: CredentialsStore } | undefined;
  return () => {
    const { organisation, file } = configured(env);
    let version: string;
    try {
      const stat = statSync(file);
      version = [stat.dev, stat.ino, stat.size, stat.mtimeMs, stat.ctimeMs].join(':');
    } catch (error) {
      throw unreadable(organisation, file, error);
    }
    if (opened?.version !== version) {
      opened = { version, store: loadCredentialsStore(env, warn) };
    }
    return opened.store;
  };
}

/**
 * Seals the entries into `file` atomically: written beside it (mode 0600),
 * flushed to disk, then renamed over it, so a reader never sees half a file.
 */
export function replaceSealedFile(
  file: string,
  entries: Record<string, MonitoringCredentials>,
  key: string,
): void {
  const sealed = seal(entries, key);
  const temporary = join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}`,
  );
  try {
    const descriptor = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(descriptor, sealed);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CredentialsStoreError(
      `cannot write the credentials file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const directory = openSync(dirname(file), 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}

function configured(env: StoreEnvironment): { organisation: string; file: string; key: string } {
  const organisation = env.SLA_ORGANISATION ?? env.CORE_PEER_LOCALMSPID ?? 'this organisation';
  const file = env.SLA_CREDENTIALS_FILE;
  if (!file) {
    throw new CredentialsStoreError(
      `${organisation} has no monitoring credentials store configured: set SLA_CREDENTIALS_FILE and SLA_CREDENTIALS_KEY for its chaincode`,
    );
  }
  if (!env.SLA_CREDENTIALS_KEY) {
    throw new CredentialsStoreError(
      `SLA_CREDENTIALS_KEY is not set: ${organisation} cannot decrypt ${file}`,
    );
  }
  return { organisation, file, key: env.SLA_CREDENTIALS_KEY };
}

function warnIfShared(file: string, fileMode: number, warn: (message: string) => void): void {
  const mode = fileMode & 0o777;
  if ((mode & 0o077) !== 0) {
    warn(
      `warning: credentials file ${file} has mode ${mode.toString(8).padStart(4, '0')}; it should be readable by its owner only (chmod 600)`,
    );
  }
}

function unreadable(organisation: string, file: string, error: unknown): CredentialsStoreError {
  return new CredentialsStoreError(
    `${organisation} cannot read its credentials file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
  );
}

function decodeKey(key: string): Buffer {
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new CredentialsStoreError(
      `the credentials key must be ${KEY_BYTES} bytes written in base64 (e.g. from "openssl rand -base64 32")`,
    );
  }
  return bytes;
}

const REQUIRED: Record<MonitoringCredentials['kind'], string[]> = {
  aws: ['accessKeyId', 'secretAccessKey'],
  azure: ['tenantId', 'clientId', 'clientSecret'],
};

function checkEntries(entries: unknown): asserts entries is Record<string, MonitoringCredentials> {
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
    throw new CredentialsStoreError('the credentials must be an object of named entries');
  }
  for (const [ref, entry] of Object.entries(entries as Record<string, Record<string, unknown>>)) {
    const kind = entry?.kind;
    if (kind !== 'aws' && kind !== 'azure') {
      throw new CredentialsStoreError(`credentials entry ${ref} needs "kind": "aws" or "azure"`);
    }
    for (const field of REQUIRED[kind]) {
      if (typeof entry[field] !== 'string' || entry[field] === '') {
        throw new CredentialsStoreError(`credentials entry ${ref} lacks ${field}`);
      }
    }
  }
}
