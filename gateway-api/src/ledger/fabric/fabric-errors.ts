import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  CommitError,
  CommitStatusError,
  EndorseError,
  GatewayError,
  StatusCode,
  type ErrorDetail,
  type Status,
} from '@hyperledger/fabric-gateway';
import {
  ChaincodeRejection,
  LedgerUnavailable,
  TransactionConflict,
  TransactionInvalid,
  rejectionIn,
  type EndorserFailure,
  type LedgerError,
} from '../ledger-errors';

/**
 * fabric-gateway's errors as the port's typed errors.
 *
 * | from                                                   | to                                        |
 * | ------------------------------------------------------ | ----------------------------------------- |
 * | any detail "ProposalResponsePayloads do not match"     | TransactionConflict ENDORSEMENT_MISMATCH  |
 * | chaincode `CODE: detail` after another org endorsed    | TransactionConflict ENDORSEMENT_MISMATCH  |
 * | `chaincode response 500, CODE: detail` (details, or    | ChaincodeRejection (refusing peers named) |
 * | the message of an evaluation)                          |                                           |
 * | commit MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT       | TransactionConflict                       |
 * | commit with any other invalid code                     | TransactionInvalid                        |
 * | UNAVAILABLE, DEADLINE_EXCEEDED, anything else; Submit- | LedgerUnavailable (with the txId)         |
 * | and CommitStatusError                                  |                                           |
 *
 * The Gateway service answers a chaincode error with ABORTED and one detail
 * per peer (`chaincode response 500, CODE: detail`); when the first
 * endorsement succeeded and another organisation's peer refused ("failed to
 * collect enough transaction endorsements"), deterministic chaincode can
 * only disagree because that peer has not yet committed the previous block,
 * so retrying helps — except ORACLE_UNAVAILABLE, which is that organisation's
 * monitor failing.
 */
export function ledgerErrorFrom(error: unknown): unknown {
  if (error instanceof CommitError) {
    return commitFailure({
      code: error.code,
      transactionId: error.transactionId,
      blockNumber: 0n,
      successful: false,
    });
  }
  if (!(error instanceof GatewayError)) return error;
  const txId = transactionIdOf(error);
  const endorsers = error.details.map(endorserFailure);
  if (
    error.details.some((detail) => detail.message.includes('ProposalResponsePayloads do not match'))
  ) {
    return new TransactionConflict('ENDORSEMENT_MISMATCH', describe(error), txId, endorsers);
  }
  const refused = error.details.filter((detail) => chaincodeAnswerIn(detail.message) !== undefined);
  const rejection =
    refused.length > 0
      ? chaincodeAnswerIn((refused[0] as ErrorDetail).message, refused.map(endorserFailure))
      : chaincodeAnswerIn(error.message);
  if (rejection !== undefined) {
    const othersDisagreed =
      error instanceof EndorseError &&
      error.message.includes('failed to collect enough transaction endorsements') &&
      rejection.code !== 'ORACLE_UNAVAILABLE';
    return othersDisagreed
      ? new TransactionConflict('ENDORSEMENT_MISMATCH', describe(error), txId, rejection.endorsers)
      : rejection;
  }
  return new LedgerUnavailable(describe(error), txId, endorsers);
}

/**
 * The chaincode's refusal in a peer's or gateway's text: what follows
 * `chaincode response <status>, ` (gRPC's own status names, FAILED_PRECONDITION
 * and NOT_FOUND among them, must not pass for the chaincode's codes).
 */
function chaincodeAnswerIn(
  text: string,
  endorsers: EndorserFailure[] = [],
): ChaincodeRejection | undefined {
  const answer = /chaincode response \d+, (.*)$/s.exec(text)?.[1];
  return answer === undefined ? undefined : rejectionIn(answer, endorsers);
}

/** A commit status that is not VALID. */
export function commitFailure(status: Status): LedgerError {
  const name = statusName(status.code);
  const message = `transaction ${status.transactionId} was invalidated at commit: ${name}`;
  if (
    status.code === StatusCode.MVCC_READ_CONFLICT ||
    status.code === StatusCode.PHANTOM_READ_CONFLICT
  ) {
    return new TransactionConflict(
      status.code === StatusCode.MVCC_READ_CONFLICT
        ? 'MVCC_READ_CONFLICT'
        : 'PHANTOM_READ_CONFLICT',
      message,
      status.transactionId,
    );
  }
  return new TransactionInvalid(name, message, status.transactionId);
}

/** The error's gRPC code, message and each peer's detail on one line, for logs and messages. */
export function describe(error: GatewayError): string {
  const code = GrpcStatus[error.code] ?? String(error.code);
  const details = error.details.map(
    (detail) => `${detail.mspId} ${detail.address}: ${detail.message}`,
  );
  return [`${code}: ${error.message}`, ...details].join('; ');
}

/** The validation code's name, e.g. `ENDORSEMENT_POLICY_FAILURE` for 10. */
function statusName(code: number): string {
  return Object.entries(StatusCode).find(([, value]) => value === code)?.[0] ?? String(code);
}

function endorserFailure(detail: ErrorDetail): EndorserFailure {
  return { mspId: detail.mspId, peer: detail.address, message: detail.message };
}

function transactionIdOf(error: GatewayError): string | undefined {
  return error instanceof EndorseError ||
    error instanceof CommitStatusError ||
    'transactionId' in error
    ? (error as { transactionId?: string }).transactionId
    : undefined;
}
