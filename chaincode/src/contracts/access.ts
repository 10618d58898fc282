import { Forbidden } from '../domain/errors';
import type { Caller } from './tx-context';

/** Refuses the call unless the caller's organisation is one of `orgs`. */
export function requireOrg(caller: Caller, orgs: readonly string[], action: string): void {
  if (!orgs.includes(caller.mspId)) {
    throw new Forbidden(
      `${caller.mspId} may not ${action}; only ${[...new Set(orgs)].join(' or ')} may`,
    );
  }
}
