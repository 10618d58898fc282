import type { RequestHandler } from 'express';
import { HttpProblem, forbidden, unauthenticated } from '../problems';
import { localsOf } from '../request-context';
import type { Access } from '../routing/route';
import type { TokenRegistry } from './token-registry';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Bearer authentication: no token or a malformed header → 401, a token the
 * tokens file does not hold (unknown or revoked) → 401, a viewer token on a
 * route that writes → 403. The caller is kept for the handler and the log.
 */
export function authenticate(tokens: TokenRegistry, access: Access): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      throw unauthenticated('this route needs a bearer token (Authorization: Bearer <token>)');
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      throw unauthenticated('the Authorization header must be "Bearer <token>"', 'invalid_request');
    }
    const authentication = await tokens.authenticate(token);
    if (authentication.outcome === 'unavailable') {
      throw new HttpProblem(
        503,
        'tokens-unavailable',
        "the gateway's tokens file cannot be read; the operator must fix it",
        { headers: { 'Retry-After': '30' } },
      );
    }
    if (authentication.outcome === 'unknown') {
      throw unauthenticated('the bearer token is not known (or was revoked)', 'invalid_token');
    }
    const caller = authentication.caller;
    localsOf(res).caller = caller;
    if (access === 'write' && caller.role !== 'member') {
      throw forbidden(`token ${caller.tokenId} may only read (role ${caller.role})`);
    }
    next();
  };
}
