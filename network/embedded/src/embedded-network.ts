/**
 * A network of embedded channels shaped like fabric-gateway for its users: organisations with one
 * peer each, running one chaincode instance per channel they are members of; channels with their
 * members and chaincode-level policy; identities that persist. With a data directory everything
 * is durable (LevelDB for indexes, state and history, block files, MSP folders); without one it
 * all lives in memory.
 *
 * <dataDir>/ledger/             LevelDB: every channel's block index and every peer's state and
 *                               history (key spaces by channel and peer)
 * <dataDir>/blocks/<channel>    block file of each channel
 * <dataDir>/msp/<mspId>/...     CAs and enrolments (identity-store.ts)
 */
import { mkdir } from 'fs/promises';
import { join } from 'path';
import { EmbeddedChannel, type EmbeddedChannelOptions } from './embedded-channel';
import type { ChannelEndorsementPolicy } from './endorsement-policy';
import type { Identity } from './identities';
import { IdentityStore, type EnrolmentOptions } from './identity-store';
import { KeyValueStore } from './key-value-store';
import type { BatchSettings } from './ordering-service';
import type { ChaincodeLike, ShimLogLevel } from './shim-internals';

export interface NetworkOrganization {
  readonly mspId: string;
  /**
   * The organisation's chaincode instance for one channel (called once per channel it is a
   * member of): its own oracle and settings live inside it.
   */
  readonly chaincode: (channel: string) => ChaincodeLike;
}

export interface NetworkChannel {
  readonly name: string;
  /** MSP ids of the member organisations, each with its peer on the channel. */
  readonly members: readonly string[];
  readonly policy: ChannelEndorsementPolicy;
}

export interface EmbeddedNetworkOptions {
  /** Where the ledgers and identities are kept; absent: in memory. */
  readonly dataDir?: string;
  readonly organizations: readonly NetworkOrganization[];
  readonly channels: readonly NetworkChannel[];
  /** Default `sla-ledger`. */
  readonly chaincodeName?: string;
  /** Peer and default client clock of every channel. */
  readonly clock?: () => Date;
  /** See EmbeddedChannelOptions.timeWindowMs (default 60 000). */
  readonly timeWindowMs?: number;
  /** Per MSP id, how far behind the orderer that organisation's peers commit. */
  readonly commitLagMs?: Readonly<Record<string, number>>;
  readonly orderer?: Partial<BatchSettings>;
  readonly executeTimeoutMs?: number;
  readonly shimLogLevel?: ShimLogLevel;
}

export class EmbeddedNetwork {
  private constructor(
    private readonly store: KeyValueStore,
    private readonly identities: IdentityStore,
    private readonly channelsByName: ReadonlyMap<string, EmbeddedChannel>,
  ) {}

  /**
   * Opens (or creates) the network: every channel's block store is read back, each peer's state
   * and history catch up from it, identities are loaded.
   */
  static async open(opts: EmbeddedNetworkOptions): Promise<EmbeddedNetwork> {
    const organizations = new Map(opts.organizations.map((org) => [org.mspId, org]));
    for (const channel of opts.channels) {
      const unknown = channel.members.filter((member) => !organizations.has(member));
      if (unknown.length > 0 || channel.members.length === 0) {
        throw new Error(
          `channel ${channel.name} names members that are not organisations of the network: [${unknown.join(', ')}]`,
        );
      }
    }
    if (opts.dataDir !== undefined) {
      await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    }
    const store = await KeyValueStore.open(
      opts.dataDir === undefined ? undefined : join(opts.dataDir, 'ledger'),
    );
    const identities = new IdentityStore(
      opts.dataDir === undefined ? undefined : join(opts.dataDir, 'msp'),
    );
    const channels = new Map<string, EmbeddedChannel>();
    try {
      for (const spec of opts.channels) {
        const options: EmbeddedChannelOptions = {
          channelId: spec.name,
          endorsers: spec.members.map((mspId) => ({
            mspId,
            chaincode: (organizations.get(mspId) as NetworkOrganization).chaincode(spec.name),
          })),
          policy: spec.policy,
          ...(opts.chaincodeName !== undefined ? { chaincodeName: opts.chaincodeName } : {}),
          ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
          ...(opts.timeWindowMs !== undefined ? { timeWindowMs: opts.timeWindowMs } : {}),
          ...(opts.commitLagMs !== undefined ? { commitLagMs: opts.commitLagMs } : {}),
          ...(opts.orderer !== undefined ? { orderer: opts.orderer } : {}),
          ...(opts.executeTimeoutMs !== undefined
            ? { executeTimeoutMs: opts.executeTimeoutMs }
            : {}),
          ...(opts.shimLogLevel !== undefined ? { shimLogLevel: opts.shimLogLevel } : {}),
        };
        const channel = new EmbeddedChannel(options, {
          store,
          ...(opts.dataDir !== undefined
            ? { blockFilePath: join(opts.dataDir, 'blocks', spec.name) }
            : {}),
          identity: (mspId, name, nodeOu) => identities.identity(mspId, name, { nodeOu }),
          ownsStore: false,
        });
        channels.set(spec.name, channel);
        await channel.opened();
      }
    } catch (err) {
      await Promise.allSettled([...channels.values()].map((channel) => channel.close()));
      await store.close();
      throw err;
    }
    return new EmbeddedNetwork(store, identities, channels);
  }

  /** A client identity of the organisation (kept in the data directory once issued). */
  async identity(mspId: string, name: string, opts: EnrolmentOptions = {}): Promise<Identity> {
    return this.identities.identity(mspId, name, opts);
  }

  channel(name: string): EmbeddedChannel {
    const channel = this.channelsByName.get(name);
    if (channel === undefined) {
      throw new Error(`no channel ${name} in the network`);
    }
    return channel;
  }

  get channels(): readonly string[] {
    return [...this.channelsByName.keys()];
  }

  /** Closes every channel (blocks already cut are committed first), then the storage. */
  async close(): Promise<void> {
    await Promise.all([...this.channelsByName.values()].map((channel) => channel.close()));
    await this.store.close();
  }
}
