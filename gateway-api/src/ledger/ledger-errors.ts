import type { ErrorCode } from '@sla-ledger/chaincode/domain';

/**
 * What can go wrong when the gateway talks to a ledger, as types the API
 * maps to statuses: the chaincode refusing a request (nothing changed), a
 * transaction that lost a race (retry it), one invalidated for another
 * reason, and a ledger that cannot be reached.
 */
export abstract class LedgerError extends Error {}

/** A peer that answered a proposal with an error, as the gateway reported it. */
export interface EndorserFailure {
  mspId: string;
  /** The peer's name or address. */
  peer: string;
  message: string;
}

/** The chaincode refused the request; nothing was written. */
export class ChaincodeRejection extends LedgerError {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** For INVALID_ARGUMENT: the path of the offending field. */
    readonly field?: string,
    /** The peers that refused, where the ledger says (ORACLE_UNAVAILABLE: whose monitor read failed). */
    readonly endorsers: readonly EndorserFailure[] = [],
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ChaincodeRejection';
  }
}

/** Lost a race with another transaction, or reached a peer that had not caught up: retrying may succeed. */
export class TransactionConflict extends LedgerError {
  constructor(
    readonly reason: 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'ENDORSEMENT_MISMATCH',
    message: string,
    readonly txId?: string,
    readonly endorsers: readonly EndorserFailure[] = [],
  ) {
    super(message);
    this.name = 'TransactionConflict';
  }
}

/** Ordered but invalidated at commit for a reason retrying does not fix (e.g. ENDORSEMENT_POLICY_FAILURE). */
export class TransactionInvalid extends LedgerError {
  constructor(
    readonly validationCode: string,
    message: string,
    readonly txId: string,
  ) {
    super(message);
    this.name = 'TransactionInvalid';
  }
}

/** The ledger could not be reached or did not answer in time; whether a submission committed is unknown unless txId says. */
export class LedgerUnavailable extends LedgerError {
  constructor(
    message: string,
    readonly txId?: string,
    /** The peers that failed, where the ledger says. */
    readonly endorsers: readonly EndorserFailure[] = [],
  ) {
    super(message);
    this.name = 'LedgerUnavailable';
  }
}

const CODES: readonly ErrorCode[] = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'FORBIDDEN',
  'FAILED_PRECONDITION',
  'ORACLE_UNAVAILABLE',
];

/**
 * The chaincode's answer to a refused transaction is a message
 * `CODE: detail` (fabric-contract-api answers every error with status 500
 * and a message); peers and gateways may wrap it in prose of their own,
 * gRPC's `2 UNKNOWN: ` included, so the first known code counts.
 */
export function rejectionIn(
  message: string,
  endorsers: readonly EndorserFailure[] = [],
): ChaincodeRejection | undefined {
  for (const match of message.matchAll(/(?:^|[\s,:])([A-Z_]+): /g)) {
    const code = match[1] as ErrorCode;
    if (!CODES.includes(code)) continue;
    const detail = message.slice(match.index + match[0].length).trim();
    const field = code === 'INVALID_ARGUMENT' ? detail.split(' ', 1)[0] : undefined;
    return new ChaincodeRejection(code, detail, field, endorsers);
  }
  return undefined;
}
