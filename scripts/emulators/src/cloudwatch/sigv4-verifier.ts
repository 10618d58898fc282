/**
 * Verifies AWS Signature Version 4 `Authorization` headers the way an AWS
 * front end does: credential scope (date, region, service, terminator), a
 * 15-minute clock window, then the signature recomputed from the canonical
 * request (signed headers, canonical URI and query, SHA-256 of the body as
 * received, i.e. still compressed).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { serviceErrors } from './service-errors';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SignedRequest {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  /** Lower-case header names; each value as received (Node's `headersDistinct`). */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
  readonly body: Buffer;
}

export interface SignatureScope {
  readonly region: string;
  readonly service: string;
  secretAccessKeyOf(accessKeyId: string): string | undefined;
  /** The verifier's clock, in epoch milliseconds. */
  now(): number;
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(rfc3986(safeDecode(segment)));
  }
  const trailingSlash = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailingSlash}`;
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return [rfc3986(safeDecode(key)), rfc3986(safeDecode(value))] as const;
    })
    .sort(([ka, va], [kb, vb]) => (ka === kb ? (va < vb ? -1 : 1) : ka < kb ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function canonicalHeaderValue(values: readonly string[] | undefined): string {
  return (values ?? []).map((value) => value.trim().replace(/\s+/g, ' ')).join(',');
}

interface AuthorizationParts {
  readonly credential: string;
  readonly signedHeaders: string;
  readonly signature: string;
}

function parseAuthorization(authorization: string): AuthorizationParts {
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== ALGORITHM) {
    throw serviceErrors.incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'.`);
  }
  const parameters = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) parameters.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter(
    (name) => !parameters.has(name),
  );
  if (missing.length > 0) {
    throw serviceErrors.incompleteSignature(
      missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ') +
        ` Authorization=${authorization}`,
    );
  }
  return {
    credential: parameters.get('Credential') ?? '',
    signedHeaders: parameters.get('SignedHeaders') ?? '',
    signature: parameters.get('Signature') ?? '',
  };
}

/** Epoch milliseconds of an ISO-8601 basic-format date (20261125T101500Z). */
function parseAmzDate(amzDate: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (match === null) {
    throw serviceErrors.incompleteSignature(
      `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function basicFormat(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function checkClock(amzDate: string, scope: SignatureScope): void {
  const signedAt = parseAmzDate(amzDate);
  const now = scope.now();
  if (signedAt < now - MAX_CLOCK_SKEW_MS) {
    throw serviceErrors.signatureDoesNotMatch(
      `Signature expired: ${amzDate} is now earlier than ${basicFormat(now - MAX_CLOCK_SKEW_MS)} ` +
        `(${basicFormat(now)} - 15 min.)`,
    );
  }
  if (signedAt > now + MAX_CLOCK_SKEW_MS) {
    throw serviceErrors.signatureDoesNotMatch(
      `Signature not yet current: ${amzDate} is still later than ${basicFormat(now + MAX_CLOCK_SKEW_MS)} ` +
        `(${basicFormat(now)} + 15 min.)`,
    );
  }
}

function checkScope(
  date: string,
  region: string,
  service: string,
  terminator: string,
  amzDate: string,
  scope: SignatureScope,
): void {
  if (date !== amzDate.slice(0, 8)) {
    throw serviceErrors.signatureDoesNotMatch(
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
        `'${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (region !== scope.region) {
    throw serviceErrors.signatureDoesNotMatch(
      `Credential should be scoped to a valid region, not '${region}'. `,
    );
  }
  if (service !== scope.service) {
    throw serviceErrors.signatureDoesNotMatch(
      `Credential should be scoped to correct service: '${scope.service}'. `,
    );
  }
  if (terminator !== TERMINATOR) {
    throw serviceErrors.signatureDoesNotMatch(
      `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'. `,
    );
  }
}

/** The access key id an Authorization header claims, verified or not ('' when there is none). */
export function claimedAccessKeyId(authorization: string | undefined): string {
  return /Credential=([^/,\s]*)/.exec(authorization ?? '')?.[1] ?? '';
}

/** The access key id of a correctly signed request; otherwise throws the error AWS would answer with. */
export function verifySignature(request: SignedRequest, scope: SignatureScope): string {
  const authorization = request.headers.authorization?.[0];
  if (authorization === undefined) throw serviceErrors.missingAuthenticationToken();
  const { credential, signedHeaders, signature } = parseAuthorization(authorization);

  const credentialParts = credential.split('/');
  if (credentialParts.length !== 5) {
    throw serviceErrors.incompleteSignature(
      `Authorization header has an invalid Credential: '${credential}'.`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = credentialParts;
  const secretAccessKey = scope.secretAccessKeyOf(accessKeyId);
  if (secretAccessKey === undefined) throw serviceErrors.invalidClientTokenId();

  const amzDate = request.headers['x-amz-date']?.[0];
  if (amzDate === undefined) {
    throw serviceErrors.incompleteSignature(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `Authorization=${authorization}`,
    );
  }
  checkScope(date, region, service, terminator, amzDate, scope);
  checkClock(amzDate, scope);

  const headerNames = signedHeaders.split(';');
  if (!headerNames.includes('host')) {
    throw serviceErrors.incompleteSignature(
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
  const contentSha256 = request.headers['x-amz-content-sha256']?.[0];
  const payloadHash =
    contentSha256 === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(request.body);
  const questionMark = request.url.indexOf('?');
  const path = questionMark < 0 ? request.url : request.url.slice(0, questionMark);
  const query = questionMark < 0 ? '' : request.url.slice(questionMark + 1);
  const canonicalRequest = [
    request.method,
    canonicalUri(path),
    canonicalQuery(query),
    ...headerNames.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}`),
    '',
    signedHeaders,
    payloadHash,
  ].join('\n');
  const credentialScope = [date, region, service, terminator].join('/');
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const signingKey = [date, region, service, terminator].reduce<Buffer | string>(
    (key, part) => hmac(key, part),
    `AWS4${secretAccessKey}`,
  );
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'));
  const provided = Buffer.from(signature);
  if (expected.length !== provided.length || !timingSafeEqual(expected, provided)) {
    throw serviceErrors.signatureDoesNotMatch(
      'The request signature we calculated does not match the signature you provided. ' +
        'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
        `The String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
  return accessKeyId;
}
