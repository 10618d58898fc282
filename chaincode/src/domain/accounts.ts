import { parseWith } from './input';
import { AccountId } from '../schemas/scalars';

/**
 * A token account belongs to one identity: its MSP id and its certificate's
 * subject, e.g. "ConsumerOrgMSP::/C=US/O=ConsumerOrg/OU=client/CN=alice".
 */

export function accountIdOf(mspId: string, subject: string): string {
  return `${mspId}::${subject}`;
}

export function parseAccountId(field: string, value: unknown): string {
  return parseWith(AccountId, field, value);
}

export function accountOrg(accountId: string): string {
  return accountId.slice(0, accountId.indexOf('::'));
}
