import { bindEnvironment, contracts, type ChaincodeSettings } from '@sla-ledger/chaincode/host';
import {
  ChaincodeError,
  EmbeddedNetwork,
  EndorsementError,
  EndorsementMismatchError,
  chaincodeFromContracts,
  type ChaincodeLike,
  type EmbeddedChannel,
  type EmbeddedNetworkOptions,
  type Identity,
  type ChainVerification,
  type LedgerView,
} from '@sla-ledger/embedded-network';
import {
  LedgerUnavailable,
  type EndorserFailure,
  TransactionConflict,
  TransactionInvalid,
  rejectionIn,
} from '../ledger-errors';
import type {
  EventCheckpoint,
  HeldIdentity,
  IdentityName,
  LedgerEvent,
  LedgerPort,
  Submitted,
} from '../ledger-port';
import type { Consortium, ConsortiumOrganisation } from './consortium';

export interface EmbeddedLedgerOptions {
  consortium: Consortium;
  /** Where the ledger and its identities are kept; absent: in memory. */
  dataDir?: string;
  /** Peer clock and transaction time; default the system clock. */
  clock?: () => Date;
  /** How far behind the orderer each organisation's peer commits (tests of the retry). */
  commitLagMs?: Readonly<Record<string, number>>;
  orderer?: EmbeddedNetworkOptions['orderer'];
}

/**
 * The embedded ledger behind the port; `opened()` says when (and whether) it opened, and
 * `ledgerView` shows what only an embedded ledger can: a channel's blocks, state, history and events.
 */
export type EmbeddedLedger = LedgerPort & {
  opened(): Promise<void>;
  ledgerView(channel: string): Promise<LedgerView>;
  /** Checks a channel's block store: numbers, hash chain, data hashes, orderer signatures. */
  verifyChain(channel: string): Promise<ChainVerification>;
};

/**
 * The embedded ledger behind the ledger port: every organisation's peer runs
 * the real chaincode in process, with its own monitors and settings, and
 * keeps its ledger in `dataDir`.
 */
export function embeddedLedger(options: EmbeddedLedgerOptions): EmbeddedLedger {
  const { consortium } = options;
  const settings = settingsOf(consortium);
  const network = EmbeddedNetwork.open({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    organizations: consortium.organisations.map((organisation) => ({
      mspId: organisation.mspId,
      chaincode: () => chaincodeOf(organisation, settings),
    })),
    channels: consortium.channels.map((channel) => ({
      name: channel.name,
      members: channel.members,
      policy: channel.endorsement,
    })),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.commitLagMs === undefined ? {} : { commitLagMs: options.commitLagMs }),
    ...(options.orderer === undefined ? {} : { orderer: options.orderer }),
    shimLogLevel: 'CRITICAL',
  });
  const identities = network.then(async (opened) => {
    const held = new Map<IdentityName, Identity>();
    for (const identity of consortium.identities) {
      held.set(
        identity.name,
        await opened.identity(identity.mspId, identity.commonName, {
          ...(identity.nodeOu === undefined ? {} : { nodeOu: identity.nodeOu }),
          ...(identity.attributes === undefined ? {} : { attributes: identity.attributes }),
        }),
      );
    }
    return held;
  });
  const channelNamed = async (name: string): Promise<EmbeddedChannel> => {
    const opened = await network;
    if (!opened.channels.includes(name)) {
      throw new LedgerUnavailable(`no channel ${name} on this ledger`);
    }
    return opened.channel(name);
  };
  const identityNamed = async (name: IdentityName): Promise<Identity> => {
    const identity = (await identities).get(name);
    if (identity === undefined) throw new LedgerUnavailable(`no identity ${name} on this ledger`);
    return identity;
  };

  return {
    channels: consortium.channels.map((channel) => channel.name),
    opened: async () => {
      await identities;
    },
    identities: (): HeldIdentity[] =>
      consortium.identities.map((held) => ({ name: held.name, mspId: held.mspId })),
    async submit(channel, identity, fn, args): Promise<Submitted> {
      const on = await channelNamed(channel);
      const as = await identityNamed(identity);
      const submitted = await translated(() => on.submitAsync(as, fn, [...args]));
      const status = await submitted.status();
      if (!status.successful) {
        const message = `transaction ${status.txId} was invalidated at commit: ${status.code}`;
        if (status.code === 'MVCC_READ_CONFLICT' || status.code === 'PHANTOM_READ_CONFLICT') {
          throw new TransactionConflict(status.code, message, status.txId);
        }
        throw new TransactionInvalid(status.code, message, status.txId);
      }
      return {
        txId: submitted.txId,
        result: submitted.payload.toString('utf8'),
        blockNumber: status.blockNumber,
      };
    },
    async evaluate(channel, identity, fn, args): Promise<string> {
      const on = await channelNamed(channel);
      const as = await identityNamed(identity);
      const payload = await translated(() => on.evaluate(as, fn, [...args]));
      return payload.toString('utf8');
    },
    events: (channel, eventOptions) => eventsOf(channelNamed(channel), channel, eventOptions ?? {}),
    ledgerView: async (channel) => (await channelNamed(channel)).ledger,
    verifyChain: async (channel) => (await channelNamed(channel)).verifyChain(),
    async close(): Promise<void> {
      await (await network).close();
    },
  };
}

/** Every organisation's settings name the channels alike: the consortium's. */
function settingsOf(consortium: Consortium): ChaincodeSettings {
  return {
    endorserRole: 'peer',
    source: 'the embedded consortium',
    channels: new Map(
      consortium.channels.map((channel) => [
        channel.name,
        {
          channel: channel.name,
          members: [...channel.members].sort(),
          endorsement: channel.endorsement,
          tokenIssuer: channel.tokenIssuer,
        },
      ]),
    ),
  };
}

/** One organisation's chaincode: the real contracts with its own monitors and settings. */
function chaincodeOf(
  organisation: ConsortiumOrganisation,
  settings: ChaincodeSettings,
): ChaincodeLike {
  const chaincode = chaincodeFromContracts(contracts as Array<new () => object>, {
    title: 'sla-ledger',
  });
  const implementations = (
    chaincode as unknown as {
      contractImplementations: Record<string, { contractInstance: object }>;
    }
  ).contractImplementations;
  for (const { contractInstance } of Object.values(implementations)) {
    if ('useEnvironment' in contractInstance) {
      bindEnvironment(contractInstance, { oracle: organisation.oracle, settings });
    }
  }
  return chaincode;
}

/** The network names each organisation's one peer `peer0.<mspId>`. */
function failureOf(peer: string, message: string): EndorserFailure[] {
  return peer === '' ? [] : [{ mspId: peer.slice('peer0.'.length), peer, message }];
}

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ChaincodeError) {
      const endorsers = failureOf(error.endorser, error.detail);
      throw (
        rejectionIn(error.message, endorsers) ??
        new LedgerUnavailable(error.message, error.txId, endorsers)
      );
    }
    if (error instanceof EndorsementMismatchError) {
      throw new TransactionConflict('ENDORSEMENT_MISMATCH', error.message, error.txId);
    }
    if (error instanceof EndorsementError) {
      throw new LedgerUnavailable(
        error.message,
        error.txId,
        failureOf(error.endorser, error.message),
      );
    }
    throw error;
  }
}

/**
 * Events from the block store of the identity's organisation's peer, after
 * the checkpoint: the rest of its block (those after its transaction), then
 * every later one as it commits.
 */
async function* eventsOf(
  channelOpening: Promise<EmbeddedChannel>,
  name: string,
  options: { after?: EventCheckpoint; signal?: AbortSignal },
): AsyncGenerator<LedgerEvent> {
  const channel = await channelOpening;
  const after = options.after;
  let checkpointPassed = after?.txId === undefined;
  const events = channel.events(
    after === undefined ? { startBlock: 0 } : { startBlock: after.blockNumber },
  );
  const stop = (): void => {
    void events.return(undefined);
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    while (!options.signal?.aborted) {
      const next = await Promise.race([
        events.next(),
        new Promise<IteratorResult<never>>((resolve) => {
          if (options.signal?.aborted) resolve({ done: true, value: undefined });
          options.signal?.addEventListener(
            'abort',
            () => resolve({ done: true, value: undefined }),
            {
              once: true,
            },
          );
        }),
      ]);
      if (next.done === true) return;
      const event = next.value;
      if (after !== undefined && event.blockNumber === after.blockNumber && !checkpointPassed) {
        checkpointPassed = event.txId === after.txId;
        continue;
      }
      yield {
        channel: name,
        blockNumber: event.blockNumber,
        txId: event.txId,
        name: event.name,
        payload: event.payload.toString('utf8'),
      };
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
}
