import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { common, gateway, google, peer } from '@hyperledger/fabric-protos';

/**
 * A peer's Gateway service (gateway.Gateway: Endorse, Submit, CommitStatus,
 * Evaluate, ChaincodeEvents) over real gRPC and TLS, answering as the test
 * scripts it, for tests of the Fabric adapter's connections, deadlines and
 * error mapping. It endorses nothing: a call's result is whatever `answer`
 * gives for its transaction name and arguments.
 */

export interface GatewayCall {
  method: 'Endorse' | 'Submit' | 'CommitStatus' | 'Evaluate' | 'ChaincodeEvents';
  /** The client's address: one connection, one address. */
  client: string;
  /** Milliseconds from the call's arrival to its deadline (Infinity without one). */
  deadlineInMs: number;
  channel: string;
  txId: string;
  /** The transaction name and its arguments (Endorse, Evaluate). */
  args: string[];
}

/** What a call answers: a result, or a gRPC error with the Gateway service's per-peer details. */
export type Answer =
  | { result: string }
  | {
      code: grpc.status;
      message: string;
      details?: Array<{ address: string; mspId: string; message: string }>;
    };

export interface StoredEvent {
  block: number;
  txId: string;
  name: string;
  payload: string;
}

export class FakeGatewayService {
  readonly calls: GatewayCall[] = [];
  /** What Endorse and Evaluate answer; default: the transaction's arguments as JSON. */
  answer: (call: GatewayCall) => Answer | Promise<Answer> = (call) => ({
    result: JSON.stringify(call.args),
  });
  /** The validation code and block of a transaction's commit status; default VALID in block 7. */
  commitStatus: (txId: string) => { code: number; block: number } = () => ({ code: 0, block: 7 });
  /** What ChaincodeEvents streams, from the request's start position on; then the stream stays open. */
  readonly events: StoredEvent[] = [];
  /** Each ChaincodeEvents request's start: block number and the transaction after which events begin. */
  readonly eventStarts: Array<{ block: number | 'next'; afterTxId: string }> = [];
  private readonly server = new grpc.Server();
  private readonly streams = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  port = 0;

  constructor(private readonly tls: TlsFiles) {}

  async start(): Promise<number> {
    this.server.addService(gateway.GatewayService, this.handlers());
    const credentials = grpc.ServerCredentials.createSsl(null, [
      { cert_chain: readFileSync(this.tls.certificate), private_key: readFileSync(this.tls.key) },
    ]);
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', credentials, (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    return this.port;
  }

  async stop(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.server.forceShutdown();
  }

  private handlers(): gateway.IGatewayServer {
    const unary =
      <Request, Response>(
        method: GatewayCall['method'],
        read: (request: Request) => Pick<GatewayCall, 'channel' | 'txId' | 'args'>,
        respond: (call: GatewayCall, request: Request) => Promise<Response>,
      ): grpc.handleUnaryCall<Request, Response> =>
      (serverCall, callback) => {
        const call = this.record(method, serverCall, read(serverCall.request));
        respond(call, serverCall.request).then(
          (response) => callback(null, response),
          (error: unknown) => callback(error as grpc.ServiceError),
        );
      };
    return {
      endorse: unary<gateway.EndorseRequest, gateway.EndorseResponse>(
        'Endorse',
        (request) => ({
          channel: request.getChannelId(),
          txId: request.getTransactionId(),
          args: argumentsOf(request.getProposedTransaction() as peer.SignedProposal),
        }),
        async (call) => {
          const response = new gateway.EndorseResponse();
          response.setPreparedTransaction(
            preparedTransaction(call.channel, call.txId, await this.result(call)),
          );
          return response;
        },
      ),
      submit: unary<gateway.SubmitRequest, gateway.SubmitResponse>(
        'Submit',
        (request) => ({
          channel: request.getChannelId(),
          txId: request.getTransactionId(),
          args: [],
        }),
        async () => new gateway.SubmitResponse(),
      ),
      commitStatus: unary<gateway.SignedCommitStatusRequest, gateway.CommitStatusResponse>(
        'CommitStatus',
        (signed) => {
          const request = gateway.CommitStatusRequest.deserializeBinary(signed.getRequest_asU8());
          return { channel: request.getChannelId(), txId: request.getTransactionId(), args: [] };
        },
        async (call) => {
          const status = this.commitStatus(call.txId);
          const response = new gateway.CommitStatusResponse();
          response.setResult(
            status.code as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap],
          );
          response.setBlockNumber(status.block);
          return response;
        },
      ),
      evaluate: unary<gateway.EvaluateRequest, gateway.EvaluateResponse>(
        'Evaluate',
        (request) => ({
          channel: request.getChannelId(),
          txId: request.getTransactionId(),
          args: argumentsOf(request.getProposedTransaction() as peer.SignedProposal),
        }),
        async (call) => {
          const result = new peer.Response();
          result.setStatus(200);
          result.setPayload(Buffer.from(await this.result(call)));
          const response = new gateway.EvaluateResponse();
          response.setResult(result);
          return response;
        },
      ),
      chaincodeEvents: (stream) => this.chaincodeEvents(stream),
    };
  }

  private chaincodeEvents(
    stream: grpc.ServerWritableStream<
      gateway.SignedChaincodeEventsRequest,
      gateway.ChaincodeEventsResponse
    >,
  ): void {
    const request = gateway.ChaincodeEventsRequest.deserializeBinary(
      stream.request.getRequest_asU8(),
    );
    this.record('ChaincodeEvents', stream, { channel: request.getChannelId(), txId: '', args: [] });
    const position = request.getStartPosition();
    const start = position?.hasSpecified() ? (position.getSpecified()?.getNumber() ?? 0) : 'next';
    const afterTxId = request.getAfterTransactionId();
    this.eventStarts.push({ block: start, afterTxId });
    let skipping = afterTxId !== '';
    for (const event of this.events) {
      if (start === 'next' || event.block < start) continue;
      if (skipping) {
        skipping = !(event.block === start && event.txId === afterTxId) && event.block === start;
        if (event.block === start) continue;
      }
      const chaincodeEvent = new peer.ChaincodeEvent();
      chaincodeEvent.setChaincodeId(request.getChaincodeId());
      chaincodeEvent.setTxId(event.txId);
      chaincodeEvent.setEventName(event.name);
      chaincodeEvent.setPayload(Buffer.from(event.payload));
      const response = new gateway.ChaincodeEventsResponse();
      response.setBlockNumber(event.block);
      response.setEventsList([chaincodeEvent]);
      stream.write(response);
    }
    this.streams.add(stream as grpc.ServerWritableStream<unknown, unknown>);
    stream.on('cancelled', () =>
      this.streams.delete(stream as grpc.ServerWritableStream<unknown, unknown>),
    );
  }

  private async result(call: GatewayCall): Promise<string> {
    const answer = await this.answer(call);
    if ('result' in answer) return answer.result;
    throw gatewayError(answer);
  }

  private record(
    method: GatewayCall['method'],
    serverCall: { getPeer(): string; getDeadline(): grpc.Deadline },
    seen: Pick<GatewayCall, 'channel' | 'txId' | 'args'>,
  ): GatewayCall {
    const deadline = serverCall.getDeadline();
    const call: GatewayCall = {
      method,
      client: serverCall.getPeer(),
      deadlineInMs:
        deadline instanceof Date ? deadline.getTime() - Date.now() : Number(deadline) - Date.now(),
      ...seen,
    };
    this.calls.push(call);
    return call;
  }
}

/** A gRPC error as the Gateway service sends it: status details carrying gateway.ErrorDetail messages. */
function gatewayError(answer: Exclude<Answer, { result: string }>): Partial<grpc.ServiceError> {
  const status = new google.rpc.Status();
  status.setCode(answer.code);
  status.setMessage(answer.message);
  for (const detail of answer.details ?? []) {
    const errorDetail = new gateway.ErrorDetail();
    errorDetail.setAddress(detail.address);
    errorDetail.setMspId(detail.mspId);
    errorDetail.setMessage(detail.message);
    const any = status.addDetails();
    any.setTypeUrl('type.googleapis.com/gateway.ErrorDetail');
    any.setValue(errorDetail.serializeBinary());
  }
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  return { code: answer.code, details: answer.message, metadata };
}

function argumentsOf(signed: peer.SignedProposal): string[] {
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8());
  return (invocation.getChaincodeSpec()?.getInput()?.getArgsList_asU8() ?? []).map((arg) =>
    Buffer.from(arg).toString('utf8'),
  );
}

/** The envelope fabric-gateway reads a submitted transaction's result from. */
function preparedTransaction(channel: string, txId: string, result: string): common.Envelope {
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(Buffer.from(result));
  const chaincodeAction = new peer.ChaincodeAction();
  chaincodeAction.setResponse(response);
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setExtension$(chaincodeAction.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setChannelId(channel);
  channelHeader.setTxId(txId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

export interface TlsFiles {
  certificate: string;
  key: string;
}

/** A self-signed TLS certificate for `hostName` (it is its own CA), made with openssl. */
export function tlsCertificate(hostName: string): TlsFiles {
  const directory = mkdtempSync(join(tmpdir(), 'sla-fake-peer-'));
  const files = { certificate: join(directory, 'tls.crt'), key: join(directory, 'tls.key') };
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      files.key,
      '-out',
      files.certificate,
      '-days',
      '2',
      '-subj',
      `/CN=${hostName}`,
      '-addext',
      `subjectAltName=DNS:${hostName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ],
    { stdio: 'ignore' },
  );
  return files;
}
