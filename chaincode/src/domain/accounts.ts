import { InvalidArgument } from './errors';
import { requiredString } from './input';

/**
 * A token account belongs to one identity: its MSP id and its certificate's
 * subject, e.g. "ConsumerOrgMSP::/C=US/O=ConsumerOrg/OU=client/CN=alice".
 */

const ACCOUNT_ID = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})::(\/.+)$/s;

export function accountIdOf(mspId: string, subject: string): string {
  return `${mspId}::${subject}`;
}

export function parseAccountId(field: string, value: unknown): string {
  const text = requiredString(field, value, 1024);
  if (!ACCOUNT_ID.test(text)) {
    throw new InvalidArgument(
      field,
      `must be an account id "<MSP id>::<certificate subject>" such as "ConsumerOrgMSP::/C=US/O=ConsumerOrg/OU=client/CN=alice" (tokens:MyAccount tells yours), got ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  return text;
}

export function accountOrg(accountId: string): string {
  return accountId.slice(0, accountId.indexOf('::'));
}
