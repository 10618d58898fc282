/**
 * The peer's end of a chaincode-as-a-service connection: the peer dials the chaincode server
 * (`fabric-chaincode-node server`) and opens the `Chaincode.Connect` bidi stream, on which the
 * server's shim sends REGISTER (fabric-shim lib/server.js; core/container/externalbuilder for the
 * peer side). Plain text, like a connection.json with `tls_required: false`.
 */
import { peer } from '@hyperledger/fabric-protos';
import { ERROR_STREAM_TERMINATED } from './chaincode-connection';
import type { OpenChaincodeStream } from './chaincode-stream';

type ChannelCredentials = ConstructorParameters<typeof peer.ChaincodeClient>[1];
type ConnectCall = ReturnType<peer.ChaincodeClient['connect']>;

interface GrpcModule {
  credentials: { createInsecure(): ChannelCredentials };
}

// The same grpc-js (a declared version, deduplicated) that fabric-protos' generated client is built on.
/* eslint-disable-next-line @typescript-eslint/no-require-imports -- typed by GrpcModule above */
const grpc = require('@grpc/grpc-js') as GrpcModule;

/** connection.json `dial_timeout` of the fabric-samples ccaas packages. */
const DEFAULT_DIAL_TIMEOUT_MS = 10_000;

export function chaincodeServerStream(
  address: string,
  dialTimeoutMs = DEFAULT_DIAL_TIMEOUT_MS,
): OpenChaincodeStream {
  return (events) => {
    const client = new peer.ChaincodeClient(address, grpc.credentials.createInsecure());
    let call: ConnectCall | undefined;
    let ended = false;
    const terminated = (reason: string) => {
      if (!ended) {
        ended = true;
        client.close();
        events.terminated(reason);
      }
    };
    client.waitForReady(Date.now() + dialTimeoutMs, (error) => {
      if (ended) {
        return;
      }
      if (error !== undefined) {
        terminated(`could not connect to chaincode server at ${address}: ${error.message}`);
        return;
      }
      call = client.connect();
      call.on('data', (message: peer.ChaincodeMessage) => events.message(message));
      call.on('error', (err: Error) => terminated(`${ERROR_STREAM_TERMINATED}: ${err.message}`));
      call.on('end', () => terminated(ERROR_STREAM_TERMINATED));
    });
    return {
      // The peer writes only after the chaincode registered, so the call exists by then. A write
      // cannot tell when the chaincode processed it: it counts as delivered at once.
      send(message, delivered) {
        if (call === undefined || ended) {
          throw new Error(ERROR_STREAM_TERMINATED);
        }
        call.write(message);
        delivered?.();
      },
      end() {
        if (!ended) {
          ended = true;
          call?.end();
          client.close();
        }
      },
    };
  };
}
