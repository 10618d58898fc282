import { readFile } from 'node:fs/promises';
import {
  CredentialsStoreError,
  open,
  seal,
  type MonitoringCredentials,
} from '@sla-ledger/chaincode/credentials';
import { serialisedOn, writeFileAtomically } from '../../files/atomic-write';

/**
 * One organisation's sealed credentials store: the file its chaincode opens
 * (SLA_CREDENTIALS_FILE, AES-256-GCM with SLA_CREDENTIALS_KEY). The gateway
 * adds the credentials users hand it and removes them again when the
 * registration they came with fails. Every change re-reads the file, so
 * entries added by other tools are kept; changes are serialised and each
 * replaces the file atomically with mode 0600.
 */
export interface CredentialsVault {
  readonly organisation: string;
  add(ref: string, credentials: MonitoringCredentials): Promise<void>;
  remove(ref: string): Promise<void>;
  refs(): Promise<string[]>;
}

/** The stores this gateway may write, by MSP id: its own organisation's (the embedded demo holds several). */
export type CredentialsVaults = ReadonlyMap<string, CredentialsVault>;

export class CredentialsRefTaken extends Error {}

export function sealedCredentialsFile(
  organisation: string,
  file: string,
  key: string,
): CredentialsVault {
  const entries = async (): Promise<Record<string, MonitoringCredentials>> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new CredentialsStoreError(
        `${organisation} cannot read its credentials file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    return open(text, key, 'the credentials file');
  };
  const rewrite = (change: (current: Record<string, MonitoringCredentials>) => void) =>
    serialisedOn(file, async () => {
      const current = await entries();
      change(current);
      await writeFileAtomically(file, seal(current, key));
    });

  return {
    organisation,
    add: (ref, credentials) =>
      rewrite((current) => {
        if (Object.hasOwn(current, ref)) {
          throw new CredentialsRefTaken(`credentials ${ref} already exist`);
        }
        current[ref] = credentials;
      }),
    remove: (ref) =>
      rewrite((current) => {
        delete current[ref];
      }),
    refs: async () => Object.keys(await entries()).sort(),
  };
}
