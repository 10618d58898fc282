/**
 * Access tokens the emulated Entra ID issues and the emulated ARM accepts: RS256-signed JWTs
 * with the claims of an Entra v1.0 app-only token for Azure Resource Manager (`aud`, `appid`,
 * `tid`, `oid`, `idtyp: app`). The signing key is made per emulator and published as JWKS.
 */
import {
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  appidacr: '1';
  idp: string;
  idtyp: 'app';
  oid: string;
  sub: string;
  tid: string;
  uti: string;
  ver: '1.0';
}

export type TokenVerification =
  { valid: true; claims: AccessTokenClaims } | { valid: false; reason: string };

export interface JsonWebKeySet {
  keys: Array<{ kty: string; use: 'sig'; kid: string; alg: 'RS256'; n: string; e: string }>;
}

export class AccessTokenIssuer {
  readonly #keyId = randomUUID();
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = pair.privateKey;
    this.#publicKey = createPublicKey(pair.privateKey);
  }

  issue(claims: AccessTokenClaims): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.#keyId };
    const signingInput = `${base64UrlJson(header)}.${base64UrlJson(claims)}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.#privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  /** Checks shape and signature only; expiry and audience are the resource server's business. */
  verify(token: string): TokenVerification {
    const parts = token.split('.');
    if (parts.length !== 3) {
      return { valid: false, reason: 'not a JWT: expected three dot-separated parts' };
    }
    const [encodedHeader, encodedClaims, encodedSignature] = parts;
    const header = decodeJson(encodedHeader);
    if (!header || header.alg !== 'RS256' || header.kid !== this.#keyId) {
      return { valid: false, reason: 'the token was not signed by this emulator' };
    }
    const signatureOk = verify(
      'sha256',
      Buffer.from(`${encodedHeader}.${encodedClaims}`),
      this.#publicKey,
      Buffer.from(encodedSignature, 'base64url'),
    );
    if (!signatureOk) {
      return { valid: false, reason: 'signature verification failed' };
    }
    const claims = decodeJson(encodedClaims);
    if (!claims || !isAccessTokenClaims(claims)) {
      return { valid: false, reason: 'the token lacks the claims of an app-only access token' };
    }
    return { valid: true, claims };
  }

  jwks(): JsonWebKeySet {
    const jwk = this.#publicKey.export({ format: 'jwk' });
    return {
      keys: [
        {
          kty: 'RSA',
          use: 'sig',
          kid: this.#keyId,
          alg: 'RS256',
          n: String(jwk.n),
          e: String(jwk.e),
        },
      ],
    };
  }
}

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isAccessTokenClaims(
  claims: Record<string, unknown>,
): claims is Record<string, unknown> & AccessTokenClaims {
  const strings = ['aud', 'iss', 'appid', 'oid', 'sub', 'tid'] as const;
  const numbers = ['iat', 'nbf', 'exp'] as const;
  return (
    strings.every((name) => typeof claims[name] === 'string') &&
    numbers.every((name) => typeof claims[name] === 'number') &&
    claims.idtyp === 'app'
  );
}
