/**
 * The emulated Entra ID endpoints MSAL (inside @azure/identity's ClientSecretCredential) calls:
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   tenant discovery
 *   POST /{tenant}/oauth2/v2.0/token                       client-credentials grant (or, with
 *                                                          the token-hang fault, no answer)
 *   GET  /{tenant}/discovery/v2.0/keys                     the token signing keys (JWKS)
 */
import { randomUUID } from 'node:crypto';
import type { AccessTokenIssuer } from './access-token';
import type { Directory } from './directory';
import { entraErrorResponse, entraErrors, type EntraError } from './entra-errors';
import type { FaultSwitches } from './faults';
import {
  json,
  type CallDetails,
  type EmulatorRequest,
  type EmulatorResponse,
} from './http-exchange';

/** Resources whose tokens Azure Resource Manager accepts (its allowed audiences). */
export const ARM_AUDIENCES = [
  'https://management.azure.com',
  'https://management.azure.com/',
  'https://management.core.windows.net',
  'https://management.core.windows.net/',
];

/** The audiences of the metrics data plane (`{region}.metrics.monitor.azure.com`, metrics:getBatch). */
export const METRICS_AUDIENCES = [
  'https://metrics.monitor.azure.com',
  'https://metrics.monitor.azure.com/',
];

/** Scopes MSAL may add to any request; they name no resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

export interface TokenEndpointContext {
  directory: Directory;
  faults: FaultSwitches;
  issuer: AccessTokenIssuer;
  /** `https://127.0.0.1:PORT`, known once the server listens. */
  authorityHost: () => string;
  now: () => number;
  tokenLifetimeSeconds: number;
}

const DISCOVERY = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/;
const TOKEN = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
const KEYS = /^\/([^/]+)\/discovery\/v2\.0\/keys$/;

/** Answers the request when it is for Entra ID; undefined when the path is not one of its. */
export function handleEntraRequest(
  context: TokenEndpointContext,
  request: EmulatorRequest,
  call: CallDetails,
): EmulatorResponse | undefined {
  const discovery = DISCOVERY.exec(request.path);
  if (discovery && request.method === 'GET') {
    call.operation = 'openid-configuration';
    call.tenantId = decodeURIComponent(discovery[1]);
    return openIdConfiguration(context, call.tenantId);
  }
  const token = TOKEN.exec(request.path);
  if (token && request.method === 'POST') {
    call.operation = 'token';
    call.tenantId = decodeURIComponent(token[1]);
    if (context.faults.nextRequest('token').response?.kind === 'token-hang') {
      call.fault = 'token-hang';
      return { status: 0, body: '', hang: true };
    }
    return issueToken(context, call.tenantId, request, call);
  }
  const keys = KEYS.exec(request.path);
  if (keys && request.method === 'GET') {
    call.operation = 'jwks';
    call.tenantId = decodeURIComponent(keys[1]);
    return context.directory.hasTenant(call.tenantId)
      ? json(200, context.issuer.jwks())
      : fail(context, entraErrors.tenantNotFound(call.tenantId));
  }
  return undefined;
}

function openIdConfiguration(context: TokenEndpointContext, tenantId: string): EmulatorResponse {
  if (!context.directory.hasTenant(tenantId)) {
    return fail(context, entraErrors.tenantNotFound(tenantId));
  }
  const tenantUrl = `${context.authorityHost()}/${encodeURIComponent(tenantId)}`;
  return json(200, {
    token_endpoint: `${tenantUrl}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${tenantUrl}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${tenantUrl}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${tenantUrl}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${tenantUrl}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${tenantUrl}/oauth2/v2.0/logout`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
  });
}

function issueToken(
  context: TokenEndpointContext,
  tenantId: string,
  request: EmulatorRequest,
  call: CallDetails,
): EmulatorResponse {
  const form = new URLSearchParams(request.body);
  const correlationId = form.get('client-request-id') ?? request.query.get('client-request-id');
  const reject = (failure: EntraError): EmulatorResponse =>
    fail(context, failure, correlationId ?? undefined);

  if (!context.directory.hasTenant(tenantId)) {
    return reject(entraErrors.tenantNotFound(tenantId));
  }
  const grantType = form.get('grant_type');
  if (!grantType) {
    return reject(entraErrors.missingParameter('grant_type'));
  }
  if (grantType !== 'client_credentials') {
    return reject(entraErrors.unsupportedGrantType(grantType));
  }
  const clientId = form.get('client_id');
  if (!clientId) {
    return reject(entraErrors.missingParameter('client_id'));
  }
  call.clientId = clientId;
  const principal = context.directory.find(tenantId, clientId);
  if (!principal) {
    return reject(entraErrors.applicationNotFound(clientId, tenantId));
  }
  const secret = form.get('client_secret');
  if (!secret) {
    return reject(entraErrors.missingClientCredential());
  }
  if (secret !== principal.clientSecret) {
    return reject(entraErrors.invalidClientSecret(clientId));
  }
  const scope = form.get('scope');
  if (!scope) {
    return reject(entraErrors.missingParameter('scope'));
  }
  const resourceScopes = scope.split(' ').filter((s) => s !== '' && !OIDC_SCOPES.has(s));
  if (resourceScopes.length !== 1 || !resourceScopes[0].endsWith('/.default')) {
    return reject(entraErrors.invalidScope(scope));
  }
  const resource = resourceScopes[0].slice(0, -'/.default'.length);
  if (!ARM_AUDIENCES.includes(resource) && !METRICS_AUDIENCES.includes(resource)) {
    return reject(entraErrors.resourceNotFound(resource, tenantId));
  }

  const issuedAt = Math.floor(context.now() / 1000);
  const accessToken = context.issuer.issue({
    aud: resource,
    iss: `${context.authorityHost()}/${principal.tenantId}/`,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + context.tokenLifetimeSeconds,
    appid: principal.clientId,
    appidacr: '1',
    idp: `${context.authorityHost()}/${principal.tenantId}/`,
    idtyp: 'app',
    oid: principal.objectId,
    sub: principal.objectId,
    tid: principal.tenantId,
    uti: randomUUID(),
    ver: '1.0',
  });
  return json(200, {
    token_type: 'Bearer',
    expires_in: context.tokenLifetimeSeconds,
    ext_expires_in: context.tokenLifetimeSeconds,
    access_token: accessToken,
  });
}

function fail(
  context: TokenEndpointContext,
  failure: EntraError,
  correlationId?: string,
): EmulatorResponse {
  return entraErrorResponse(failure, new Date(context.now()), correlationId);
}
