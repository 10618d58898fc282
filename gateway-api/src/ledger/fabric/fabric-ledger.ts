import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  EndorseError,
  GatewayError,
  connect,
  hash,
  type Contract,
  type Gateway,
} from '@hyperledger/fabric-gateway';
import { createLogger } from '../../api/logger';
import type { Logger } from '../../logger';
import { ChaincodeRejection, LedgerError, LedgerUnavailable } from '../ledger-errors';
import type { HeldIdentity, IdentityName, LedgerPort, Submitted } from '../ledger-port';
import type { FabricChannel, FabricConfig } from './fabric-config';
import { commitFailure, describe, ledgerErrorFrom } from './fabric-errors';
import { chaincodeEvents } from './fabric-events';
import { PeerConnections } from './peer-connections';
import { signingIdentities, type SigningIdentity } from './signing-identities';

export interface FabricLedgerOptions {
  /** Where endorsement failures are logged with their details; default JSON lines on standard error. */
  logger?: Logger;
}

/**
 * Real Fabric peers behind the ledger port, through their Gateway service
 * (@hyperledger/fabric-gateway): one gRPC connection per peer for the
 * process, a gateway per identity over it, a deadline on every call,
 * submitAsync then the commit status, failures as the port's typed errors.
 * A channel's calls go to its first peer, and to the next while the
 * Gateway service of one cannot be reached before anything was endorsed.
 */
export function fabricLedger(config: FabricConfig, options: FabricLedgerOptions = {}): LedgerPort {
  const logger = options.logger ?? createLogger();
  const connections = new PeerConnections(config);
  const identities = signingIdentities(config);
  const gateways = new Map<string, Gateway>();

  const channelNamed = (name: string): FabricChannel => {
    const channel = config.channels.find((candidate) => candidate.name === name);
    if (channel === undefined) throw new LedgerUnavailable(`no channel ${name} on this ledger`);
    return channel;
  };
  const identityNamed = (name: IdentityName): SigningIdentity => {
    const identity = identities.get(name);
    if (identity === undefined) throw new LedgerUnavailable(`no identity ${name} on this ledger`);
    return identity;
  };
  const gatewayOf = (identityName: IdentityName, peer: string): Gateway => {
    const key = `${identityName}\u0000${peer}`;
    let gateway = gateways.get(key);
    if (gateway === undefined) {
      const { identity, signer } = identityNamed(identityName);
      const deadline = (ms: number) => () => ({ deadline: Date.now() + ms });
      gateway = connect({
        client: connections.client(peer),
        identity,
        signer,
        hash: hash.sha256,
        evaluateOptions: deadline(config.deadlines.evaluateMs),
        endorseOptions: deadline(config.deadlines.endorseMs),
        submitOptions: deadline(config.deadlines.submitMs),
        commitStatusOptions: deadline(config.deadlines.commitStatusMs),
      });
      gateways.set(key, gateway);
    }
    return gateway;
  };
  const contractOf = (channel: string, identity: IdentityName, peer: string): Contract =>
    gatewayOf(identity, peer).getNetwork(channel).getContract(config.chaincode);

  /** Tries the channel's peers in order while the one asked cannot be reached at all. */
  const onPeers = async <T>(
    channel: FabricChannel,
    call: (peer: string) => Promise<T>,
  ): Promise<T> => {
    for (const [index, peer] of channel.peers.entries()) {
      try {
        return await call(peer);
      } catch (error) {
        if (!reachedNothing(error) || index === channel.peers.length - 1) throw error;
        logger.warn(
          { channel: channel.name, peer, error: (error as Error).message },
          `peer ${peer} cannot be reached; trying the next`,
        );
      }
    }
    throw new LedgerUnavailable(`channel ${channel.name} has no peer`);
  };

  /** The Gateway service could not be reached: nothing was endorsed or submitted (a SubmitError may have been). */
  const reachedNothing = (error: unknown): boolean =>
    error instanceof GatewayError &&
    error.code === GrpcStatus.UNAVAILABLE &&
    error.details.length === 0 &&
    (error instanceof EndorseError || !('transactionId' in error));

  /** The port's error for a failed call, logged: refusals at info, the rest at warn with each peer's detail. */
  const failed = (channel: string, identity: IdentityName, fn: string, error: unknown): unknown => {
    const mapped = ledgerErrorFrom(error);
    if (!(mapped instanceof LedgerError)) return mapped;
    const fields = {
      channel,
      identity,
      transaction: fn,
      ...('txId' in mapped && mapped.txId !== undefined ? { txId: mapped.txId } : {}),
      ...(error instanceof GatewayError
        ? { code: GrpcStatus[error.code], details: error.details }
        : {}),
    };
    if (mapped instanceof ChaincodeRejection) {
      logger.info(fields, `${fn} refused: ${mapped.message}`);
    } else {
      logger.warn(
        fields,
        `${fn} failed: ${error instanceof GatewayError ? describe(error) : mapped.message}`,
      );
    }
    return mapped;
  };

  return {
    channels: config.channels.map((channel) => channel.name),
    identities: (): HeldIdentity[] =>
      config.identities.map((held) => ({ name: held.name, mspId: config.mspId })),

    async submit(channel, identity, fn, args): Promise<Submitted> {
      const found = channelNamed(channel);
      identityNamed(identity);
      try {
        const submitted = await onPeers(found, (peer) =>
          contractOf(channel, identity, peer).submitAsync(fn, { arguments: [...args] }),
        );
        const status = await submitted.getStatus();
        if (!status.successful) throw commitFailure(status);
        return {
          txId: submitted.getTransactionId(),
          result: Buffer.from(submitted.getResult()).toString('utf8'),
          blockNumber: Number(status.blockNumber),
        };
      } catch (error) {
        throw failed(channel, identity, fn, error);
      }
    },

    async evaluate(channel, identity, fn, args): Promise<string> {
      const found = channelNamed(channel);
      identityNamed(identity);
      try {
        const result = await onPeers(found, (peer) =>
          contractOf(channel, identity, peer).evaluate(fn, { arguments: [...args] }),
        );
        return Buffer.from(result).toString('utf8');
      } catch (error) {
        throw failed(channel, identity, fn, error);
      }
    },

    events(channel, eventOptions = {}) {
      const found = channelNamed(channel);
      const reader = config.identities[0]?.name as string;
      return chaincodeEvents({
        network: gatewayOf(reader, found.peers[0] as string).getNetwork(channel),
        chaincode: config.chaincode,
        channel,
        ...eventOptions,
        ...(config.eventCheckpoints === undefined
          ? {}
          : { checkpointDirectory: config.eventCheckpoints }),
      });
    },

    async close(): Promise<void> {
      for (const gateway of gateways.values()) gateway.close();
      gateways.clear();
      connections.close();
    },
  };
}
