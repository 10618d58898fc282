import * as grpc from '@grpc/grpc-js';
import { readConfiguredFile, type FabricConfig, type FabricPeer } from './fabric-config';

/** Fabric peers accept messages up to 100 MiB; an UpdateMany of 500 services is about 1 MiB. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/**
 * One long-lived gRPC connection per peer endpoint for the whole process,
 * shared by every identity and call (fabric-gateway's recommended use):
 * opened on first use, kept alive across idle periods, closed once.
 */
export class PeerConnections {
  private readonly clients = new Map<string, grpc.Client>();

  constructor(private readonly config: FabricConfig) {}

  /** The connection to a configured peer, by name. */
  client(peerName: string): grpc.Client {
    let client = this.clients.get(peerName);
    if (client === undefined) {
      const peer = this.config.peers.find((candidate) => candidate.name === peerName);
      if (peer === undefined) throw new Error(`no peer ${peerName} is configured`);
      client = new grpc.Client(peer.endpoint, this.credentialsFor(peer), optionsFor(peer));
      this.clients.set(peerName, client);
    }
    return client;
  }

  /** How many connections are open (one per peer used so far). */
  get size(): number {
    return this.clients.size;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private credentialsFor(peer: FabricPeer): grpc.ChannelCredentials {
    const tlsCa = readConfiguredFile(peer.tlsCaFile, `the TLS CA certificate of peer ${peer.name}`);
    const clientTls = this.config.clientTls;
    return clientTls === undefined
      ? grpc.credentials.createSsl(tlsCa)
      : grpc.credentials.createSsl(
          tlsCa,
          readConfiguredFile(clientTls.privateKeyFile, 'the client TLS private key'),
          readConfiguredFile(clientTls.certificateFile, 'the client TLS certificate'),
        );
  }
}

function optionsFor(peer: FabricPeer): grpc.ChannelOptions {
  return {
    ...(peer.hostNameOverride === undefined
      ? {}
      : {
          'grpc.ssl_target_name_override': peer.hostNameOverride,
          'grpc.default_authority': peer.hostNameOverride,
        }),
    'grpc.keepalive_time_ms': 120_000,
    'grpc.keepalive_timeout_ms': 20_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.max_pings_without_data': 0,
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  };
}
