/**
 * Manages an organisation's sealed monitoring credentials file:
 *   keygen                      prints a new key (base64, 32 bytes)
 *   seal <plain.json> <out>     encrypts {"<ref>": {...}, ...} with $SLA_CREDENTIALS_KEY into <out> (mode 0600)
 *   check                       opens $SLA_CREDENTIALS_FILE with $SLA_CREDENTIALS_KEY and lists its refs
 * It never prints a credential.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import {
  CredentialsStoreError,
  generateKey,
  loadCredentialsStore,
  open,
  seal,
  type MonitoringCredentials,
} from '../../chaincode/src/oracles/credentials-store';

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  switch (command) {
    case 'keygen':
      console.log(generateKey());
      return;
    case 'seal': {
      const [input, output] = rest;
      const key = process.env.SLA_CREDENTIALS_KEY;
      if (!input || !output || !key) {
        throw new CredentialsStoreError(
          'usage: SLA_CREDENTIALS_KEY=<key> credentials seal <plain.json> <sealed.json>',
        );
      }
      const entries = JSON.parse(readFileSync(input, 'utf8')) as Record<
        string,
        MonitoringCredentials
      >;
      writeFileSync(output, seal(entries, key), { mode: 0o600 });
      chmodSync(output, 0o600);
      open(readFileSync(output, 'utf8'), key, output);
      console.log(
        `sealed ${Object.keys(entries).length} entries into ${output} (mode 0600): ${Object.keys(entries).sort().join(', ')}`,
      );
      return;
    }
    case 'check': {
      const store = loadCredentialsStore(process.env, (warning) => console.error(warning));
      for (const ref of store.refs()) {
        const entry = store.get(ref) as MonitoringCredentials;
        const overridden = entry.kind === 'aws' ? entry.endpoint : entry.resourceManagerEndpoint;
        console.log(
          `${ref}: ${entry.kind}${overridden === undefined ? '' : ' (endpoint overridden)'}`,
        );
      }
      console.log(`store of ${store.organisation}: ${store.refs().length} entries`);
      return;
    }
    default:
      throw new CredentialsStoreError(
        'usage: credentials keygen | seal <plain.json> <sealed.json> | check',
      );
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof CredentialsStoreError ? error.message : error);
  process.exit(2);
}
