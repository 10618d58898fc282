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
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./, // a JSON Web Token
  /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/i,
  /(AccountKey|SharedAccessSignature|sig)=[A-Za-z0-9%+/=]{16,}/,
];

const ALLOWED_FIELDS = new Set(['credentialsref']);

export function rejectSecrets(field: string, value: unknown): void {
  if (typeof value === 'string') {
    if (SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value))) {
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
