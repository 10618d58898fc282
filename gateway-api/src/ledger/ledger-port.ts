/**
 * The one way the gateway reaches a ledger, whichever it is: real Fabric
 * peers through @hyperledger/fabric-gateway, or the embedded ledger. The
 * API, the scheduled jobs, the demo and the benchmarks all go through it
 * (usually through the typed client in sla-client.ts).
 */

/** One of the identities the gateway holds, by its configured name (e.g. "consumer-alice"). */
export type IdentityName = string;

export interface HeldIdentity {
  name: IdentityName;
  mspId: string;
}

export interface Submitted {
  txId: string;
  /** The chaincode's result: canonical JSON text. */
  result: string;
  blockNumber: number;
}

export interface LedgerEvent {
  channel: string;
  blockNumber: number;
  txId: string;
  name: string;
  /** The event's payload: canonical JSON text. */
  payload: string;
}

/** Where a reader of events stopped: events after it are delivered. */
export interface EventCheckpoint {
  blockNumber: number;
  /** The last transaction of that block already processed; absent: none of the block. */
  txId?: string;
}

export interface LedgerPort {
  /** The channels this gateway's organisation is on. */
  readonly channels: readonly string[];
  /** The identities the gateway holds. */
  identities(): readonly HeldIdentity[];
  /**
   * Endorses, orders and waits for the commit on the submitting
   * organisation's peer; resolves only for a valid transaction, else throws
   * a LedgerError (see ledger-errors.ts).
   */
  submit(
    channel: string,
    identity: IdentityName,
    fn: string,
    args: readonly string[],
  ): Promise<Submitted>;
  /** Runs a transaction on one peer of the identity's organisation; nothing is committed. */
  evaluate(
    channel: string,
    identity: IdentityName,
    fn: string,
    args: readonly string[],
  ): Promise<string>;
  /** Chaincode events of valid transactions, from after the checkpoint (or the start), then as they commit. */
  events(
    channel: string,
    options?: { after?: EventCheckpoint; signal?: AbortSignal },
  ): AsyncIterable<LedgerEvent>;
  close(): Promise<void>;
}
