/**
 * The peer's end of the chat stream with one chaincode (the `Chaincode.Connect` / `Register`
 * bidi stream of protos/peer/chaincode_shim.proto): in process (chat-stream.ts) or over gRPC to a
 * chaincode server (chaincode-server-stream.ts).
 */
import type { peer } from '@hyperledger/fabric-protos';

export interface ChaincodeStream {
  /** `delivered` runs once the message reached the chaincode (as far as the transport can tell). */
  send(message: peer.ChaincodeMessage, delivered?: () => void): void;
  end(): void;
}

export interface ChaincodeStreamEvents {
  message(message: peer.ChaincodeMessage): void;
  /** The stream failed or the chaincode closed it. */
  terminated(reason: string): void;
}

export type OpenChaincodeStream = (events: ChaincodeStreamEvents) => ChaincodeStream;
