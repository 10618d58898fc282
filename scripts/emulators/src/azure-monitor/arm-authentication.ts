/**
 * How Azure Resource Manager (and the metrics data plane, with its own audience) checks the
 * bearer token of a request: present, well-formed, signed by the directory, not expired, for
 * one of the endpoint's audiences, and for a principal that exists.
 * Failures are 401s with ARM's error codes and a `WWW-Authenticate: Bearer` challenge.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AccessTokenIssuer } from './access-token';
import { armError } from './arm-errors';
import type { Directory, RegisteredPrincipal } from './directory';
import type { EmulatorResponse } from './http-exchange';
import { formatInstant } from './iso8601';
import { ARM_AUDIENCES } from './token-endpoint';

export type ArmAuthentication =
  | { authenticated: true; principal: RegisteredPrincipal }
  | { authenticated: false; response: EmulatorResponse };

export function authenticateArmRequest(
  headers: IncomingHttpHeaders,
  issuer: AccessTokenIssuer,
  directory: Directory,
  authorityHost: string,
  now: number,
  audiences: readonly string[] = ARM_AUDIENCES,
): ArmAuthentication {
  const header = headers.authorization;
  if (header === undefined) {
    return unauthenticated(
      authorityHost,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
    );
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return unauthenticated(
      authorityHost,
      'AuthenticationFailedInvalidHeader',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    );
  }
  const verification = issuer.verify(match[1]);
  if (!verification.valid) {
    return unauthenticated(
      authorityHost,
      'InvalidAuthenticationToken',
      'The access token is invalid.',
    );
  }
  const claims = verification.claims;
  if (claims.exp * 1000 <= now) {
    return unauthenticated(
      authorityHost,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${formatInstant(claims.exp * 1000)}' is earlier than current UTC time '${formatInstant(now)}'.`,
      claims.tid,
    );
  }
  if (!audiences.includes(claims.aud)) {
    return unauthenticated(
      authorityHost,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences ${audiences.map((a) => `'${a}'`).join(',')}.`,
      claims.tid,
    );
  }
  const principal = directory.find(claims.tid, claims.appid);
  if (!principal || principal.objectId !== claims.oid) {
    return unauthenticated(
      authorityHost,
      'InvalidAuthenticationToken',
      'The received access token is not valid: the service principal no longer exists in the tenant.',
      claims.tid,
    );
  }
  return { authenticated: true, principal };
}

function unauthenticated(
  authorityHost: string,
  code: string,
  message: string,
  tenantId = 'common',
): ArmAuthentication {
  return {
    authenticated: false,
    response: armError(401, code, message, {
      'www-authenticate': `Bearer authorization_uri="${authorityHost}/${tenantId}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    }),
  };
}
