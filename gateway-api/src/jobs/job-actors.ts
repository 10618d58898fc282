import type { IdentityName, LedgerPort } from '../ledger/ledger-port';

/** Who a job acts as on one channel: one identity of one organisation the gateway holds. */
export interface JobActor {
  channel: string;
  identity: IdentityName;
  mspId: string;
}

/**
 * The jobs act on every channel of the ledger as each of the named
 * identities, or else as the first identity the gateway holds of each
 * organisation (a consortium gateway holds one organisation's; the embedded
 * demo holds every organisation's).
 */
export function jobActors(ledger: LedgerPort, identities?: readonly IdentityName[]): JobActor[] {
  const held = ledger.identities();
  const chosen =
    identities === undefined
      ? held.filter(
          (identity, index) => held.findIndex((other) => other.mspId === identity.mspId) === index,
        )
      : identities.map((name) => {
          const identity = held.find((candidate) => candidate.name === name);
          if (identity === undefined) {
            throw new Error(
              `the jobs' identity ${name} is not one the gateway holds (${held.map((h) => h.name).join(', ')})`,
            );
          }
          return identity;
        });
  return ledger.channels.flatMap((channel) =>
    chosen.map((identity) => ({ channel, identity: identity.name, mspId: identity.mspId })),
  );
}
