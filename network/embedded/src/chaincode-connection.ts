/**
 * The peer's end of the chat with one chaincode instance (fabric-shim's real
 * ChaincodeMessageHandler, in process or in a chaincode server): the chaincode registers
 * (REGISTER), the peer answers REGISTERED then READY, then sends TRANSACTION/INIT messages carrying
 * the signed proposal and serves the chaincode's state requests until it answers COMPLETED (or
 * ERROR). After core/chaincode/handler.go.
 */
import { peer } from '@hyperledger/fabric-protos';
import type { ChaincodeStream, OpenChaincodeStream } from './chaincode-stream';
import {
  handleShimRequest,
  messageTypeName,
  type TransactionContext,
} from './shim-request-handler';

const Type = peer.ChaincodeMessage.Type;

/** handler.go's error constants. */
export const ERROR_EXECUTION_TIMEOUT = 'timeout expired while executing transaction';
export const ERROR_STREAM_TERMINATED = 'chaincode stream terminated';

export interface ChaincodeExecution {
  /** COMPLETED: the chaincode's peer.Response; ERROR: absent. */
  readonly response?: peer.Response;
  readonly event?: peer.ChaincodeEvent;
  /** ERROR message payload (the shim could not run the transaction). */
  readonly failure?: string;
  /**
   * Requests (message types) the chaincode sent but had not received the answer to when it
   * completed: stub calls it did not await. On a peer they race with the end of the simulation.
   */
  readonly unawaited: readonly string[];
}

interface ActiveExecution {
  readonly context: TransactionContext;
  finish(message: peer.ChaincodeMessage): void;
  abort(reason: string): void;
}

export class ChaincodeConnection {
  private readonly stream: ChaincodeStream;
  private readonly active = new Map<string, ActiveExecution>();
  /** Answers sent to the chaincode and not yet delivered, per transaction. */
  private readonly inFlight = new Map<string, string[]>();
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  private markTerminated: (reason: Error) => void = () => undefined;
  /** Protocol violations seen on the stream (for diagnostics). */
  readonly protocolErrors: string[] = [];

  /** @param chaincodeId the id the chaincode must register with (its package id on a peer) */
  constructor(
    open: OpenChaincodeStream,
    private readonly chaincodeId: string,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.markTerminated = reject;
    });
    this.ready.catch(() => undefined); // observed by execute()
    this.stream = open({
      message: (message) => this.receive(message),
      terminated: (reason) => this.terminate(reason),
    });
  }

  /**
   * Runs one transaction (or Init) on the chaincode. Resolves with what the chaincode answered;
   * rejects with the peer's reason when the execution timed out or the stream is gone.
   */
  async execute(
    kind: 'TRANSACTION' | 'INIT',
    context: TransactionContext,
    input: peer.ChaincodeInput,
    signedProposal: peer.SignedProposal,
    timeoutMs: number,
  ): Promise<ChaincodeExecution> {
    await this.ready;
    const key = contextKey(context.channelId, context.txId);
    if (this.active.has(key)) {
      throw new Error(`txid: ${context.txId}(${context.channelId}) exists`);
    }
    return new Promise<ChaincodeExecution>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (message: peer.ChaincodeMessage) => {
        if (timer !== undefined) {
          clearTimeout(timer);
        }
        this.active.delete(key);
        const unawaited = [...(this.inFlight.get(key) ?? [])];
        if (message.getType() === Type.COMPLETED) {
          resolve({
            response: peer.Response.deserializeBinary(message.getPayload_asU8()),
            event: message.getChaincodeEvent(),
            unawaited,
          });
        } else {
          resolve({
            failure: Buffer.from(message.getPayload_asU8()).toString('utf8'),
            event: message.getChaincodeEvent(),
            unawaited,
          });
        }
      };
      const abort = (reason: string) => {
        if (timer !== undefined) {
          clearTimeout(timer);
        }
        this.active.delete(key);
        reject(new Error(reason));
      };
      this.active.set(key, { context, finish, abort });
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => abort(ERROR_EXECUTION_TIMEOUT), timeoutMs);
        timer.unref();
      }
      const message = new peer.ChaincodeMessage();
      message.setType(kind === 'INIT' ? Type.INIT : Type.TRANSACTION);
      message.setPayload(input.serializeBinary());
      message.setTxid(context.txId);
      message.setChannelId(context.channelId);
      message.setProposal(signedProposal);
      try {
        this.stream.send(message);
      } catch (err) {
        abort(err instanceof Error ? err.message : String(err));
      }
    });
  }

  /** Ends the stream; transactions still running fail like on a peer whose chaincode died. */
  close(): void {
    this.stream.end();
    this.terminate(ERROR_STREAM_TERMINATED);
  }

  private terminate(reason: string): void {
    this.markTerminated(new Error(reason));
    for (const execution of [...this.active.values()]) {
      execution.abort(reason);
    }
  }

  private receive(message: peer.ChaincodeMessage): void {
    try {
      this.dispatch(message);
    } catch (err) {
      this.protocolErrors.push(err instanceof Error ? err.message : String(err));
    }
  }

  private dispatch(message: peer.ChaincodeMessage): void {
    switch (message.getType()) {
      case Type.REGISTER:
        this.register(message);
        return;
      case Type.KEEPALIVE:
        return;
      case Type.COMPLETED:
      case Type.ERROR:
        this.active.get(contextKey(message.getChannelId(), message.getTxid()))?.finish(message);
        return;
      default:
        this.answer(message);
    }
  }

  /**
   * HandleRegister (a chaincode the peer did not launch is refused: handler_registry.go), then
   * the launcher's READY once the chaincode it waited for registered.
   */
  private register(message: peer.ChaincodeMessage): void {
    const name = peer.ChaincodeID.deserializeBinary(message.getPayload_asU8()).getName();
    if (name !== this.chaincodeId) {
      const reason = `peer will not accept external chaincode connection ${name} (except in dev mode)`;
      this.protocolErrors.push(reason);
      this.stream.end();
      this.terminate(reason);
      return;
    }
    this.stream.send(reply(message, Type.REGISTERED));
    this.stream.send(reply(message, Type.READY));
    this.markReady();
  }

  private answer(request: peer.ChaincodeMessage): void {
    const key = contextKey(request.getChannelId(), request.getTxid());
    const type = messageTypeName(request.getType());
    const pending = this.inFlight.get(key) ?? [];
    pending.push(type);
    this.inFlight.set(key, pending);
    void this.serve(request).then((answer) => {
      try {
        this.stream.send(answer, () => {
          pending.splice(pending.indexOf(type), 1);
          if (pending.length === 0 && this.inFlight.get(key) === pending) {
            this.inFlight.delete(key);
          }
        });
      } catch (err) {
        this.protocolErrors.push(err instanceof Error ? err.message : String(err));
      }
    });
  }

  /** Handler.HandleTransaction: each request is served on its own, like the peer's goroutines. */
  private async serve(message: peer.ChaincodeMessage): Promise<peer.ChaincodeMessage> {
    const execution = this.active.get(contextKey(message.getChannelId(), message.getTxid()));
    try {
      if (execution === undefined) {
        throw new Error('no ledger context');
      }
      const response = reply(message, Type.RESPONSE);
      response.setPayload(await handleShimRequest(message, execution.context));
      return response;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const error = reply(message, Type.ERROR);
      const type = messageTypeName(message.getType());
      error.setPayload(
        Buffer.from(`${type} failed: transaction ID: ${message.getTxid()}: ${reason}`, 'utf8'),
      );
      return error;
    }
  }
}

function reply(
  to: peer.ChaincodeMessage,
  type: (typeof Type)[keyof typeof Type],
): peer.ChaincodeMessage {
  const message = new peer.ChaincodeMessage();
  message.setType(type);
  message.setTxid(to.getTxid());
  message.setChannelId(to.getChannelId());
  return message;
}

function contextKey(channelId: string, txId: string): string {
  return `${channelId}\u0000${txId}`;
}
