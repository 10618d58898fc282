/**
 * Credentials never reach the ledger: a monitor spec names them by
 * `credentialsRef`. This recognises what looks like one — field names that
 * say "secret", "token", "password"…, and values shaped like the keys of AWS,
 * Entra ID and Azure storage, private keys, JWTs and bearer tokens — in the
 * text as written and as it reads once decoded: after Unicode compatibility
 * normalisation (NFKC), with invisible characters removed and
 * percent-encoding undone, so `%41KIA…`, `AK\u200BIA…` or a full-width
 * `ＡＫＩＡ…` are seen as `AKIA…`. Key patterns need no boundary before them:
 * a key glued to other text is still a key.
 */

const SECRET_FIELD_WORDS = [
  'secret',
  'password',
  'passwd',
  'passphrase',
  'token',
  'accesskey',
  'apikey',
  'privatekey',
  'clientsecret',
  'connectionstring',
  'sastoken',
  'credential',
  'authorization',
];

const ALLOWED_FIELDS = new Set(['credentialsref']);

const SECRET_VALUE_PATTERNS: readonly RegExp[] = [
  /(?:AKIA|ASIA)[0-9A-Z]{16}/, // AWS access key id
  /[A-Za-z0-9_.-]{3}[0-9]Q~[A-Za-z0-9_.~-]{34}/, // Entra ID client secret
  /[A-Za-z0-9+/]{86}==/, // Azure storage account key
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, // a JSON Web Token
  /Bearer\s+[A-Za-z0-9._~+/-]{16,}/i,
  /(?:AccountKey|SharedAccessSignature|sig)=[A-Za-z0-9%+/=]{16,}/,
];

/** Invisible characters: Unicode's format characters and every default-ignorable code point. */
export const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

/** Normalising can reveal new encodings (a full-width % becomes %); a few rounds undo any realistic nesting. */
const DECODING_ROUNDS = 3;

export function looksLikeCredential(text: string): boolean {
  return readings(text).some(
    (reading) =>
      SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(reading)) || holdsRandomKey(reading),
  );
}

export function looksLikeSecretFieldName(name: string): boolean {
  const letters = decoded(name)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return !ALLOWED_FIELDS.has(letters) && SECRET_FIELD_WORDS.some((word) => letters.includes(word));
}

/** The text as written and each decoding of it, until decoding changes nothing. */
function readings(text: string): string[] {
  const forms = [text];
  let current = text;
  for (let round = 0; round < DECODING_ROUNDS; round += 1) {
    const next = decodeOnce(current);
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function decoded(text: string): string {
  return readings(text).at(-1) ?? text;
}

function decodeOnce(text: string): string {
  return percentDecoded(text.normalize('NFKC').replace(INVISIBLE_ALL, ''));
}

const PERCENT = 0x25;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8');

/**
 * Undoes percent-encoding completely in one pass (`%2541` → `%41` → `A`): a
 * stack of UTF-8 bytes where every `%XX` at the top is replaced by its byte,
 * which may complete another `%XX` below it. Each byte is pushed once and
 * each replacement removes two, so the pass is linear.
 */
export function percentDecoded(text: string): string {
  if (!text.includes('%')) return text;
  const bytes = utf8.encode(text);
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (const byte of bytes) {
    out[length] = byte;
    length += 1;
    while (length >= 3 && out[length - 3] === PERCENT) {
      const high = hexValue(out[length - 2]);
      const low = hexValue(out[length - 1]);
      if (high === undefined || low === undefined) break;
      out[length - 3] = high * 16 + low;
      length -= 2;
    }
  }
  return fromUtf8.decode(out.subarray(0, length));
}

function hexValue(byte: number | undefined): number | undefined {
  if (byte === undefined) return undefined;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return undefined;
}

const KEY_LENGTH = 40;

/**
 * An AWS secret access key: 40 base64 characters with high entropy. A run of
 * exactly 40 needs mixed case, a digit and ≥ 4.2 bits per character; 40
 * characters inside a longer run (a key with text glued to it) must look
 * clearly random — at least 8 capitals and 8 small letters besides — so
 * that long paths and camel-case names are not mistaken for keys.
 */
function holdsRandomKey(text: string): boolean {
  for (const run of text.match(/[A-Za-z0-9+/]{40,}/g) ?? []) {
    if (run.length === KEY_LENGTH) {
      if (looksRandom(run, 1)) return true;
      continue;
    }
    for (let start = 0; start + KEY_LENGTH <= run.length; start += 1) {
      if (looksRandom(run.slice(start, start + KEY_LENGTH), 8)) return true;
    }
  }
  return false;
}

function looksRandom(text: string, minimumPerCase: number): boolean {
  let upper = 0;
  let lower = 0;
  let digits = 0;
  const counts = new Map<string, number>();
  for (const char of text) {
    if (char >= 'A' && char <= 'Z') upper += 1;
    else if (char >= 'a' && char <= 'z') lower += 1;
    else if (char >= '0' && char <= '9') digits += 1;
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  if (upper < minimumPerCase || lower < minimumPerCase || digits === 0) return false;
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits >= 4.2;
}

export const CREDENTIAL_VALUE_REASON =
  "holds what looks like a credential; credentials stay in each organisation's credentials store and the ledger names them with credentialsRef";

export interface SecretFinding {
  /** Where, relative to the value scanned. */
  path: PropertyKey[];
  reason: string;
}

/** No field takes a longer string, so the schemas refuse it whatever it holds. */
const LONGEST_SCANNED = 4096;

/** The first place in a JSON value that holds or names a secret. */
export function findSecret(value: unknown, path: PropertyKey[] = []): SecretFinding | undefined {
  if (typeof value === 'string') {
    return value.length <= LONGEST_SCANNED && looksLikeCredential(value)
      ? { path, reason: CREDENTIAL_VALUE_REASON }
      : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, entry] of value.entries()) {
      const finding = findSecret(entry, [...path, index]);
      if (finding) return finding;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const fields = value as Record<string, unknown>;
  if (
    typeof fields.name === 'string' &&
    Object.hasOwn(fields, 'name') &&
    Object.hasOwn(fields, 'value') &&
    looksLikeSecretFieldName(fields.name)
  ) {
    return {
      path: [...path, 'name'],
      reason:
        'names what looks like a secret and is not accepted: the ledger never stores credentials',
    };
  }
  for (const [name, entry] of Object.entries(fields)) {
    if (looksLikeSecretFieldName(name)) {
      return {
        path: [...path, name],
        reason:
          "looks like a secret and is not accepted: the ledger never stores credentials; configure them in your organisation's credentials store and name them with credentialsRef",
      };
    }
    if (looksLikeCredential(name)) {
      return { path: [...path, name], reason: `is a field name that ${CREDENTIAL_VALUE_REASON}` };
    }
    const finding = findSecret(entry, [...path, name]);
    if (finding) return finding;
  }
  return undefined;
}
