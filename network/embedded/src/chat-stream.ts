/**
 * In-memory stand-in for the gRPC chat stream between peer and chaincode. Every message crosses
 * as protobuf bytes (serialized on one side, parsed on the other) and is delivered asynchronously
 * in order, like the network would:
 * - chaincode → peer as promise jobs;
 * - peer → chaincode on a later event-loop turn (a worker_threads MessageChannel, which Jest's
 *   fake timers leave alone), so a chaincode that completes without awaiting a stub call sends
 *   COMPLETED before that call's answer arrives, and the peer can tell.
 */
import { EventEmitter } from 'events';
import { MessageChannel } from 'worker_threads';
import { peer } from '@hyperledger/fabric-protos';
import type { ChaincodeStream, OpenChaincodeStream } from './chaincode-stream';
import { newShimMessageHandler, type ChaincodeLike, type ChatStream } from './shim-internals';

/** Runs `chaincode` in this process, behind fabric-shim's handler, as `chaincodeId`. */
export function inProcessChaincode(
  chaincode: ChaincodeLike,
  chaincodeId: string,
): OpenChaincodeStream {
  return (events) => {
    const stream = new InMemoryChatStream(events.message);
    const id = new peer.ChaincodeID();
    id.setName(chaincodeId);
    const register = new peer.ChaincodeMessage();
    register.setType(peer.ChaincodeMessage.Type.REGISTER);
    register.setPayload(id.serializeBinary());
    newShimMessageHandler(stream, chaincode).chat(register);
    return stream;
  };
}

export class InMemoryChatStream extends EventEmitter implements ChatStream, ChaincodeStream {
  private closed = false;

  /** @param toPeer receives what the chaincode writes */
  constructor(private readonly toPeer: (message: peer.ChaincodeMessage) => void) {
    super();
  }

  /** Called by the shim's handler: chaincode → peer. */
  write(message: peer.ChaincodeMessage): boolean {
    if (this.closed) {
      return false;
    }
    const bytes = message.serializeBinary();
    deliver(() => this.toPeer(peer.ChaincodeMessage.deserializeBinary(bytes)));
    return true;
  }

  /** Peer → chaincode; `delivered` runs once the shim has processed the message. */
  send(message: peer.ChaincodeMessage, delivered?: () => void): void {
    if (this.closed) {
      throw new Error('chaincode stream terminated');
    }
    const bytes = message.serializeBinary();
    nextTurn(() => {
      try {
        this.emit('data', peer.ChaincodeMessage.deserializeBinary(bytes));
      } finally {
        delivered?.();
      }
    });
  }

  end(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function deliver(job: () => void): void {
  void Promise.resolve().then(job);
}

const turns = new MessageChannel();
const queued: (() => void)[] = [];
turns.port2.on('message', () => {
  const job = queued.shift();
  if (queued.length === 0) {
    turns.port2.unref();
  }
  job?.();
});
turns.port2.unref();

/** Runs `job` on a later turn of the event loop; keeps the process alive while jobs wait. */
function nextTurn(job: () => void): void {
  queued.push(job);
  turns.port2.ref();
  turns.port1.postMessage(0);
}
