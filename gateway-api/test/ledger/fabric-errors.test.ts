import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  CommitError,
  CommitStatusError,
  EndorseError,
  GatewayError,
  StatusCode,
  type ErrorDetail,
} from '@hyperledger/fabric-gateway';
import { SubmitError } from '@hyperledger/fabric-gateway/dist/submiterror';
import {
  ChaincodeRejection,
  LedgerUnavailable,
  TransactionConflict,
  TransactionInvalid,
  commitFailure,
  ledgerErrorFrom,
} from '../../src';

const TX = 'a'.repeat(64);
const AWS = { address: 'peer0.aws.example.com:7051', mspId: 'AwsOrgMSP' };
const CONSUMER = { address: 'peer0.consumer.example.com:9051', mspId: 'ConsumerOrgMSP' };

/** The properties fabric-gateway gives its errors: the gRPC code, message, per-peer details. */
function grpcFailure(code: status, message: string, details: ErrorDetail[] = []) {
  const cause = Object.assign(new Error(`${code} ${status[code]}: ${message}`), {
    code,
    details: message,
    metadata: new Metadata(),
  }) as ServiceError;
  return { code, message: cause.message, details, cause };
}

/** Fabric 3.1's gateway messages (internal/pkg/gateway/endorse.go). */
const FIRST_FAILED = 'failed to endorse transaction, see attached details for more info';
const OTHERS_FAILED =
  'failed to collect enough transaction endorsements, see attached details for more info';

function endorseError(code: status, message: string, details: ErrorDetail[] = []): EndorseError {
  return new EndorseError({ ...grpcFailure(code, message, details), transactionId: TX });
}

describe("fabric-gateway's errors as the ledger port's", () => {
  it('a chaincode refusal by the first endorser is a ChaincodeRejection naming code, field and peer', () => {
    const error = ledgerErrorFrom(
      endorseError(status.ABORTED, FIRST_FAILED, [
        {
          ...AWS,
          message:
            'chaincode response 500, INVALID_ARGUMENT: requests[3].windowStart is not aligned',
        },
      ]),
    );
    expect(error).toBeInstanceOf(ChaincodeRejection);
    expect(error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'requests[3].windowStart',
      endorsers: [{ mspId: 'AwsOrgMSP', peer: AWS.address }],
    });
  });

  it("another organisation's monitor failing is a ChaincodeRejection naming that organisation", () => {
    const error = ledgerErrorFrom(
      endorseError(status.ABORTED, OTHERS_FAILED, [
        {
          ...CONSUMER,
          message:
            'chaincode response 500, ORACLE_UNAVAILABLE: CloudWatch in eu-west-1 could not be read for service jitsi: access denied',
        },
      ]),
    );
    expect(error).toMatchObject({
      constructor: ChaincodeRejection,
      code: 'ORACLE_UNAVAILABLE',
      endorsers: [expect.objectContaining({ mspId: 'ConsumerOrgMSP' })],
    });
  });

  it("another organisation's peer refusing what the first endorsed is a conflict (it is a block behind)", () => {
    const error = ledgerErrorFrom(
      endorseError(status.ABORTED, OTHERS_FAILED, [
        { ...CONSUMER, message: 'chaincode response 500, NOT_FOUND: agreement a-1 does not exist' },
      ]),
    );
    expect(error).toMatchObject({
      constructor: TransactionConflict,
      reason: 'ENDORSEMENT_MISMATCH',
      txId: TX,
      endorsers: [expect.objectContaining({ mspId: 'ConsumerOrgMSP' })],
    });
  });

  it('endorsements that differ are a conflict', () => {
    const error = ledgerErrorFrom(
      endorseError(status.ABORTED, OTHERS_FAILED, [
        { ...CONSUMER, message: 'ProposalResponsePayloads do not match' },
      ]),
    );
    expect(error).toMatchObject({
      constructor: TransactionConflict,
      reason: 'ENDORSEMENT_MISMATCH',
    });
  });

  it('a peer that failed without a chaincode answer, a timeout, an unreachable gateway or an unsatisfiable plan is LedgerUnavailable', () => {
    const cases = [
      endorseError(status.ABORTED, FIRST_FAILED, [
        { ...AWS, message: 'rpc error: code = Unavailable desc = connection refused' },
      ]),
      endorseError(
        status.DEADLINE_EXCEEDED,
        'endorsement timeout expired while collecting endorsements',
      ),
      endorseError(status.UNAVAILABLE, 'No connection established'),
      endorseError(
        status.FAILED_PRECONDITION,
        'no combination of peers can be derived which satisfy the endorsement policy',
      ),
    ];
    for (const endorse of cases) {
      const error = ledgerErrorFrom(endorse);
      expect(error).toBeInstanceOf(LedgerUnavailable);
      expect(error).toMatchObject({ txId: TX, message: expect.stringContaining(endorse.message) });
    }
    expect(ledgerErrorFrom(cases[0])).toMatchObject({
      endorsers: [expect.objectContaining({ mspId: 'AwsOrgMSP' })],
      message: expect.stringContaining('AwsOrgMSP peer0.aws.example.com:7051: rpc error'),
    });
  });

  it('an evaluated refusal (gRPC UNKNOWN) is a ChaincodeRejection', () => {
    const message =
      'evaluate call to endorser returned error: chaincode response 500, FORBIDDEN: ConsumerOrgMSP may not read service x';
    const error = ledgerErrorFrom(new GatewayError(grpcFailure(status.UNKNOWN, message)));
    expect(error).toMatchObject({
      constructor: ChaincodeRejection,
      code: 'FORBIDDEN',
      detail: 'ConsumerOrgMSP may not read service x',
    });
  });

  it('an orderer or a commit status that failed is LedgerUnavailable with the transaction id', () => {
    const submit = new SubmitError({
      ...grpcFailure(
        status.UNAVAILABLE,
        'insufficient number of orderers could successfully process transaction to satisfy quorum requirement',
      ),
      transactionId: TX,
    });
    expect(ledgerErrorFrom(submit)).toMatchObject({ constructor: LedgerUnavailable, txId: TX });
    const commitStatus = new CommitStatusError({
      ...grpcFailure(status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
      transactionId: TX,
    });
    expect(ledgerErrorFrom(commitStatus)).toMatchObject({
      constructor: LedgerUnavailable,
      txId: TX,
    });
  });

  it('a transaction invalidated at commit is a conflict for MVCC and phantom reads, TransactionInvalid otherwise', () => {
    const commit = (code: CommitError['code']) =>
      new CommitError({ message: `failed with status code ${code}`, code, transactionId: TX });
    expect(ledgerErrorFrom(commit(StatusCode.MVCC_READ_CONFLICT))).toMatchObject({
      constructor: TransactionConflict,
      reason: 'MVCC_READ_CONFLICT',
      txId: TX,
    });
    expect(ledgerErrorFrom(commit(StatusCode.PHANTOM_READ_CONFLICT))).toMatchObject({
      reason: 'PHANTOM_READ_CONFLICT',
    });
    expect(ledgerErrorFrom(commit(StatusCode.ENDORSEMENT_POLICY_FAILURE))).toMatchObject({
      constructor: TransactionInvalid,
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
      message: `transaction ${TX} was invalidated at commit: ENDORSEMENT_POLICY_FAILURE`,
    });
    expect(
      commitFailure({
        code: StatusCode.DUPLICATE_TXID,
        transactionId: TX,
        blockNumber: 4n,
        successful: false,
      }),
    ).toMatchObject({ constructor: TransactionInvalid, validationCode: 'DUPLICATE_TXID' });
  });

  it('leaves errors of other kinds as they are', () => {
    const error = new TypeError('not a ledger error');
    expect(ledgerErrorFrom(error)).toBe(error);
  });
});
