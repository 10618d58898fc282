import { bindEnvironment, contracts, type ChaincodeSettings } from '@sla-ledger/chaincode/host';
import {
  ChaincodeError,
  EmbeddedChannel,
  EndorsementError,
  EndorsementMismatchError,
  chaincodeFromContracts,
  createIdentity,
  setShimLogLevel,
  type BatchSettings,
  type ChaincodeLike,
  type Identity,
  type LedgerView,
} from '@sla-ledger/embedded-network';
import {
  LedgerUnavailable,
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
  /** Peer clock and transaction time; default the system clock. */
  clock?: () => Date;
  /** Block cutting (default: 500 transactions or 250 ms); tests shorten the timeout. */
  orderer?: Partial<BatchSettings>;
}

/** The port, plus what only an embedded ledger can show: each channel's blocks, state, history and events. */
export interface EmbeddedLedger extends LedgerPort {
  ledgerView(channel: string): LedgerView;
}

/**
 * The embedded ledger behind the ledger port: every organisation's peer runs
 * the real chaincode in process, with its own monitors and settings.
 */
export function embeddedLedger(options: EmbeddedLedgerOptions): EmbeddedLedger {
  setShimLogLevel('CRITICAL');
  const { consortium } = options;
  const settings = settingsOf(consortium);
  const channels = new Map(
    consortium.channels.map((channel) => [
      channel.name,
      new EmbeddedChannel({
        channelId: channel.name,
        endorsers: channel.members.map((mspId) => ({
          mspId,
          chaincode: chaincodeOf(organisation(consortium, mspId), settings),
        })),
        policy: channel.endorsement,
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.orderer === undefined ? {} : { orderer: options.orderer }),
      }),
    ]),
  );
  const identities = new Map<IdentityName, Identity>(
    consortium.identities.map((held) => [
      held.name,
      createIdentity({
        mspId: held.mspId,
        commonName: held.commonName,
        ...(held.nodeOu === undefined ? {} : { nodeOu: held.nodeOu }),
        ...(held.attributes === undefined ? {} : { attributes: held.attributes }),
      }),
    ]),
  );
  const channelNamed = (name: string): EmbeddedChannel => {
    const channel = channels.get(name);
    if (channel === undefined) throw new LedgerUnavailable(`no channel ${name} on this ledger`);
    return channel;
  };
  const identityNamed = (name: IdentityName): Identity => {
    const identity = identities.get(name);
    if (identity === undefined) throw new LedgerUnavailable(`no identity ${name} on this ledger`);
    return identity;
  };

  return {
    channels: [...channels.keys()],
    identities: (): HeldIdentity[] =>
      consortium.identities.map((held) => ({ name: held.name, mspId: held.mspId })),
    async submit(channel, identity, fn, args): Promise<Submitted> {
      const submitted = await translated(() =>
        channelNamed(channel).submitAsync(identityNamed(identity), fn, [...args]),
      );
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
      const payload = await translated(() =>
        channelNamed(channel).evaluate(identityNamed(identity), fn, [...args]),
      );
      return payload.toString('utf8');
    },
    events: (channel, eventOptions) => eventsOf(channelNamed(channel), channel, eventOptions ?? {}),
    ledgerView: (channel) => channelNamed(channel).ledger,
    async close(): Promise<void> {
      for (const channel of channels.values()) channel.close();
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

function organisation(consortium: Consortium, mspId: string): ConsortiumOrganisation {
  const found = consortium.organisations.find((candidate) => candidate.mspId === mspId);
  if (found === undefined) {
    throw new Error(`channel member ${mspId} is not an organisation of the consortium`);
  }
  return found;
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

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ChaincodeError) {
      throw rejectionIn(error.message) ?? new LedgerUnavailable(error.message, error.txId);
    }
    if (error instanceof EndorsementMismatchError) {
      throw new TransactionConflict('ENDORSEMENT_MISMATCH', error.message, error.txId);
    }
    if (error instanceof EndorsementError) {
      throw new LedgerUnavailable(error.message, error.txId);
    }
    throw error;
  }
}

async function* eventsOf(
  channel: EmbeddedChannel,
  name: string,
  options: { after?: EventCheckpoint; signal?: AbortSignal },
): AsyncGenerator<LedgerEvent> {
  const toLedgerEvent = (event: {
    blockNumber: number;
    txId: string;
    name: string;
    payload: Buffer;
  }): LedgerEvent => ({
    channel: name,
    blockNumber: event.blockNumber,
    txId: event.txId,
    name: event.name,
    payload: event.payload.toString('utf8'),
  });
  const queue: LedgerEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = channel.onEvent((event) => {
    queue.push(toLedgerEvent(event));
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  const after = options.after;
  let checkpointPassed = after?.txId === undefined;
  let lastDelivered: LedgerEvent | undefined;
  const due = (event: LedgerEvent): boolean => {
    if (lastDelivered !== undefined) {
      return (
        event.blockNumber > lastDelivered.blockNumber ||
        (event.blockNumber === lastDelivered.blockNumber && event.txId !== lastDelivered.txId)
      );
    }
    if (after === undefined || event.blockNumber > after.blockNumber) return true;
    if (event.blockNumber < after.blockNumber) return false;
    if (!checkpointPassed) {
      checkpointPassed = event.txId === after.txId;
      return false;
    }
    return true;
  };
  try {
    for (const event of [...channel.ledger.events().map(toLedgerEvent), ...queue.splice(0)]) {
      if (due(event)) {
        lastDelivered = event;
        yield event;
      }
    }
    while (!options.signal?.aborted) {
      const event = queue.shift();
      if (event === undefined) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
        wake = undefined;
      } else if (due(event)) {
        lastDelivered = event;
        yield event;
      }
    }
  } finally {
    unsubscribe();
  }
}
