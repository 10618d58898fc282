import { InvalidArgument } from './errors';
import { join } from './input';

/**
 * Credentials never reach the ledger: a monitor spec names them by
 * `credentialsRef`. Anything that looks like a credential is rejected, never
 * stripped, and the error never repeats the value.
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

const SECRET_VALUE_PATTERNS: RegExp[] = [
  /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, // AWS access key id
  /(^|[^A-Za-z0-9_.~-])[A-Za-z0-9_.-]{3}[0-9]Q~[A-Za-z0-9_.~-]{34}($|[^A-Za-z0-9_.~-])/, // Entra ID client secret
  /(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}==/, // Azure storage account key
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, // a JSON Web Token
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/i,
  /(AccountKey|SharedAccessSignature|sig)=[A-Za-z0-9%+/=]{16,}/,
];

const ALLOWED_FIELDS = new Set(['credentialsref']);

export function rejectSecrets(field: string, value: unknown): void {
  if (typeof value === 'string') {
    if (SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value)) || holdsRandomKey(value)) {
      throw new InvalidArgument(
        field,
        "holds what looks like a credential; credentials stay in each organisation's credentials store and the ledger names them with credentialsRef",
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((entry, index) => rejectSecrets(`${field}[${index}]`, entry));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const pair = value as { name?: unknown; value?: unknown };
    if (typeof pair.name === 'string' && 'value' in pair && looksLikeSecretField(pair.name)) {
      throw new InvalidArgument(
        join(field, 'name'),
        'names what looks like a secret and is not accepted: the ledger never stores credentials',
      );
    }
    for (const [name, entry] of Object.entries(value)) {
      const path = join(field, name);
      if (looksLikeSecretField(name)) {
        throw new InvalidArgument(
          path,
          "looks like a secret and is not accepted: the ledger never stores credentials; configure them in your organisation's credentials store and name them with credentialsRef",
        );
      }
      rejectSecrets(path, entry);
    }
  }
}

function looksLikeSecretField(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (ALLOWED_FIELDS.has(normalized)) {
    return false;
  }
  return SECRET_FIELD_WORDS.some((word) => normalized.includes(word));
}

/**
 * A 40-character run of base64 characters with high entropy, as an AWS
 * secret access key: mixed case and digits, and not a path of words.
 */
function holdsRandomKey(text: string): boolean {
  for (const run of text.match(/[A-Za-z0-9+/]{40,}/g) ?? []) {
    if (
      run.length === 40 &&
      /[a-z]/.test(run) &&
      /[A-Z]/.test(run) &&
      /[0-9]/.test(run) &&
      entropyBits(run) >= 4.2
    ) {
      return true;
    }
  }
  return false;
}

function entropyBits(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
