/**
 * The commands of `npm run credentials`, for an organisation's sealed monitoring credentials:
 *   keygen                      prints a new key (base64, 32 bytes)
 *   seal <plain.json> <out>     encrypts {"<ref>": {...}, ...} with $SLA_CREDENTIALS_KEY into <out> (mode 0600)
 *   check                       opens $SLA_CREDENTIALS_FILE with $SLA_CREDENTIALS_KEY and lists its refs
 * None of them prints a credential, nor any part of a file that holds one.
 */
import { readFileSync } from 'node:fs';
import {
  CredentialsStoreError,
  generateKey,
  loadCredentialsStore,
  open,
  replaceSealedFile,
  type MonitoringCredentials,
  type StoreEnvironment,
} from '@sla-ledger/chaincode/credentials';
import { readPlainCredentials } from './plain-credentials';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export function runCredentialsCommand(
  argv: readonly string[],
  env: StoreEnvironment,
  output: CommandOutput,
): void {
  const [command, ...rest] = argv;
  switch (command) {
    case 'keygen':
      output.out(generateKey());
      return;
    case 'seal': {
      const [input, sealed] = rest;
      const key = env.SLA_CREDENTIALS_KEY;
      if (!input || !sealed || !key) {
        throw new CredentialsStoreError(
          'usage: SLA_CREDENTIALS_KEY=<key> credentials seal <plain.json> <sealed.json>',
        );
      }
      const entries = readPlainCredentials(input);
      replaceSealedFile(sealed, entries, key);
      open(readFileSync(sealed, 'utf8'), key, sealed);
      const refs = Object.keys(entries).sort();
      output.out(`sealed ${refs.length} entries into ${sealed} (mode 0600): ${refs.join(', ')}`);
      return;
    }
    case 'check': {
      const store = loadCredentialsStore(env, output.err);
      for (const ref of store.refs()) {
        const entry = store.get(ref) as MonitoringCredentials;
        const overridden = entry.kind === 'aws' ? entry.endpoint : entry.metricsEndpoint;
        output.out(
          `${ref}: ${entry.kind}${overridden === undefined ? '' : ' (endpoint overridden)'}`,
        );
      }
      output.out(`store of ${store.organisation}: ${store.refs().length} entries`);
      return;
    }
    default:
      throw new CredentialsStoreError(
        'usage: credentials keygen | seal <plain.json> <sealed.json> | check',
      );
  }
}

/** What to print for a failed command: the store's own message, or the error's kind only. */
export function failureMessage(error: unknown): string {
  if (error instanceof CredentialsStoreError) return error.message;
  const e = error as { name?: string; code?: string };
  return `credentials: unexpected ${e?.name ?? 'error'}${e?.code ? ` (${e.code})` : ''}`;
}
