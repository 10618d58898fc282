import { ClientSecretCredential } from '@azure/identity';
import { MetricsClient } from '@azure/monitor-query-metrics';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { MAX_RESPONSE_BYTES } from './bounded-body';
import { boundedHttpClient } from './bounded-http-client';
import type { AzureCredentials } from './credentials-store';
import type { OracleSettings } from './oracle-settings';

/** The regional data-plane endpoint of the metrics batch API. */
export const DEFAULT_METRICS_ENDPOINT = 'https://{region}.metrics.monitor.azure.com';
/** Its token audience: not Azure Resource Manager's. */
export const METRICS_SCOPE = 'https://metrics.monitor.azure.com/.default';

export function metricsEndpoint(credentials: AzureCredentials, region: string): string {
  return (credentials.metricsEndpoint ?? DEFAULT_METRICS_ENDPOINT).replaceAll('{region}', region);
}

/**
 * A service principal of this organisation, with the HTTP client its token requests and its
 * metrics requests share: every request has a timeout and a size limit.
 */
export interface ServicePrincipal {
  credentials: AzureCredentials;
  credential: ClientSecretCredential;
  httpClient: HttpClient;
}

export function servicePrincipal(
  credentials: AzureCredentials,
  settings: OracleSettings,
): ServicePrincipal {
  const httpClient = boundedHttpClient({
    timeoutMs: settings.timeoutMs,
    maxBytes: MAX_RESPONSE_BYTES,
  });
  const credential = new ClientSecretCredential(
    credentials.tenantId,
    credentials.clientId,
    credentials.clientSecret,
    {
      ...(credentials.authorityHost === undefined
        ? {}
        : { authorityHost: credentials.authorityHost, disableInstanceDiscovery: true }),
      ...tlsOf(credentials),
      httpClient,
      retryOptions: { maxRetries: settings.maxAttempts - 1 },
    },
  );
  return { credentials, credential, httpClient };
}

/** A metrics batch client of the principal for one regional endpoint. */
export function azureMetricsClient(
  endpoint: string,
  principal: ServicePrincipal,
  settings: OracleSettings,
): MetricsClient {
  return new MetricsClient(endpoint, principal.credential, {
    ...tlsOf(principal.credentials),
    httpClient: principal.httpClient,
    retryOptions: { maxRetries: settings.maxAttempts - 1 },
    credentials: { scopes: [METRICS_SCOPE] },
  });
}

function tlsOf(credentials: AzureCredentials): { tlsOptions?: { ca: string } } {
  return credentials.caCertificate === undefined
    ? {}
    : { tlsOptions: { ca: credentials.caCertificate } };
}
