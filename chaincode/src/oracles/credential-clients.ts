import { createHash } from 'node:crypto';
import type { MonitoringCredentials } from './credentials-store';

/**
 * Clients built from credentials entries, kept for the life of the process
 * and built again when the entry they came from changed in the store (keys
 * rotated): the old client is discarded, so nothing keeps using replaced
 * credentials. Entries are compared by digest, not kept twice in memory.
 */
export class CredentialClients<C> {
  private readonly built = new Map<string, { digest: string; client: C }>();

  constructor(private readonly discard: (client: C) => void = () => {}) {}

  get(key: string, credentials: MonitoringCredentials, build: () => C): C {
    const digest = digestOf(credentials);
    const cached = this.built.get(key);
    if (cached?.digest === digest) return cached.client;
    if (cached !== undefined) this.discard(cached.client);
    const client = build();
    this.built.set(key, { digest, client });
    return client;
  }
}

function digestOf(credentials: MonitoringCredentials): string {
  const fields = Object.entries(credentials).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
