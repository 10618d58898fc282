/** Errors of the embedded channel, shaped after what a Fabric Gateway client observes. */
import type { ValidationCode } from './records';

/** The chaincode answered with an error status (below 200 or from 400): nothing is written. */
export class ChaincodeError extends Error {
  readonly status: number;
  readonly txId: string;
  readonly endorser: string;
  /** The gateway's error detail for this endorser: `chaincode response <status>, <message>`. */
  readonly detail: string;

  constructor(props: { message: string; status: number; txId: string; endorser: string }) {
    super(props.message);
    this.name = 'ChaincodeError';
    this.status = props.status;
    this.txId = props.txId;
    this.endorser = props.endorser;
    this.detail = `chaincode response ${props.status}, ${props.message}`;
  }
}

/**
 * No endorsement could be collected. Either a peer could not produce one (execution timeout,
 * chaincode stream ERROR message, proposal refused by the peer: the proposal response carries
 * status 500 without payload; the gateway answers ABORTED), or no set of member organisations
 * satisfies the policies the transaction needs (the gateway answers FAILED_PRECONDITION).
 */
export class EndorsementError extends Error {
  readonly txId: string;
  /** The peer that failed; empty for a plan that cannot be satisfied. */
  readonly endorser: string;
  /** The gRPC status the Fabric Gateway returns for this failure. */
  readonly grpcStatus: 'ABORTED' | 'FAILED_PRECONDITION';

  constructor(props: {
    message: string;
    txId: string;
    endorser: string;
    grpcStatus?: 'ABORTED' | 'FAILED_PRECONDITION';
  }) {
    super(props.message);
    this.name = 'EndorsementError';
    this.txId = props.txId;
    this.endorser = props.endorser;
    this.grpcStatus = props.grpcStatus ?? 'ABORTED';
  }
}

/**
 * Endorsers returned different proposal response payloads: the gateway refuses to submit and
 * answers ABORTED (internal/pkg/gateway/endorse.go), e.g. when one peer is a block behind.
 */
export class EndorsementMismatchError extends Error {
  readonly txId: string;
  readonly grpcStatus = 'ABORTED';
  /** One line per mismatching endorser: what differs from the first endorser's response. */
  readonly details: readonly string[];

  constructor(props: { txId: string; details: readonly string[] }) {
    super(
      'failed to collect enough transaction endorsements, see attached details for more info: ' +
        props.details.join('; '),
    );
    this.name = 'EndorsementMismatchError';
    this.txId = props.txId;
    this.details = props.details;
  }
}

/** The committer invalidated the transaction; it is in the block log, none of its writes applied. */
export class ValidationError extends Error {
  readonly code: ValidationCode;
  /** Numeric peer.TxValidationCode. */
  readonly statusCode: number;
  readonly txId: string;
  readonly blockNumber: number;
  /** The committing peer's reason (log wording), e.g. which key's policy failed. */
  readonly reason: string;

  constructor(props: {
    code: ValidationCode;
    statusCode: number;
    txId: string;
    blockNumber: number;
    reason: string;
  }) {
    super(
      `Transaction ${props.txId} failed to commit with status code ${props.statusCode} (${props.code})`,
    );
    this.name = 'ValidationError';
    this.code = props.code;
    this.statusCode = props.statusCode;
    this.txId = props.txId;
    this.blockNumber = props.blockNumber;
    this.reason = props.reason;
  }
}
