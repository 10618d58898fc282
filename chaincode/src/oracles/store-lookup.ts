import { OracleUnavailable } from '../domain/errors';
import type { CredentialsStore, MonitoringCredentials } from './credentials-store';
import type { MetricQuery } from './metric-oracle';

/** The credentials the queries' monitor names, or an error naming the organisation and the ref. */
export function credentialsFor<T extends MonitoringCredentials>(
  store: CredentialsStore,
  queries: readonly MetricQuery[],
  kind: T['kind'],
): T {
  const first = queries[0] as MetricQuery;
  const ref = first.monitor.credentialsRef;
  const entry = store.get(ref);
  if (entry === undefined) {
    throw new OracleUnavailable(
      `${store.organisation} has no monitoring credentials named "${ref}" (needed for service ${first.serviceKey}); add them to its credentials store`,
    );
  }
  if (entry.kind !== kind) {
    throw new OracleUnavailable(
      `${store.organisation}'s credentials "${ref}" are for ${entry.kind}, but service ${first.serviceKey} needs ${kind} credentials`,
    );
  }
  return entry as T;
}

/** Removes every credential value from a message before it leaves the adapter. */
export function redact(message: string, credentials: MonitoringCredentials): string {
  const secrets = Object.entries(credentials)
    .filter(
      ([field]) =>
        field !== 'kind' &&
        field !== 'endpoint' &&
        field !== 'authorityHost' &&
        field !== 'metricsEndpoint' &&
        field !== 'caCertificate',
    )
    .map(([, value]) => String(value))
    .filter((value) => value.length >= 4);
  return secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), message);
}
