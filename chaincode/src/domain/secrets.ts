import { InvalidArgument } from './errors';
import { findSecret } from '../schemas/credentials';
import { fieldPath } from '../schemas/issues';

/**
 * Credentials never reach the ledger: a monitor spec names them by
 * `credentialsRef`. Anything that looks like a credential (see
 * `schemas/credentials`) is rejected, never stripped, and the error never
 * repeats the value.
 */
export function rejectSecrets(field: string, value: unknown): void {
  const finding = findSecret(value);
  if (finding) {
    throw new InvalidArgument(fieldPath(field, finding.path), finding.reason);
  }
}

export { looksLikeCredential } from '../schemas/credentials';
