/**
 * An in-process Fabric channel with one chaincode: one peer per member organisation, each with its
 * own chaincode instance (driven through fabric-shim's real message handler, or a chaincode server
 * over gRPC) and its own ledger (world state, history) over the channel's block store; a
 * gateway-like submit/evaluate with the gateway's endorsement plan; an orderer cutting blocks; and
 * every peer validating and committing each block itself, at its own pace. See README.md.
 */
import { peer, type common } from '@hyperledger/fabric-protos';
import { validationStatusCode, type EndorsedTransaction } from './block-committer';
import {
  blockHeaderHash,
  createBlock,
  createGenesisBlock,
  headerOf,
  setTransactionsFilter,
} from './block-format';
import { BlockStore, type ChainVerification } from './block-store';
import type { ChannelEndorsementPolicy } from './endorsement-policy';
import { EndorsingPeer, type Endorser, type Simulation } from './endorsing-peer';
import { EndorsementError, ValidationError } from './errors';
import { collectEndorsements, throwIfFailed, type EndorserChoice } from './gateway-endorsement';
import { createIdentity, type Identity, type NodeOu } from './identities';
import { KeyValueStore } from './key-value-store';
import { DeferredLedgerView } from './deferred-ledger-view';
import { DEFAULT_BATCH_SETTINGS, OrderingService, type BatchSettings } from './ordering-service';
import { PeerCommitter, type OrderedBlock } from './peer-committer';
import { PeerLedger, type LedgerView } from './peer-ledger';
import { buildProposal, type BuiltProposal } from './proposal';
import type {
  ChaincodeEventData,
  DeliveredEvent,
  TransactionRecord,
  ValidationCode,
} from './records';
import { setShimLogLevel, type ShimLogLevel } from './shim-internals';
import type { StateEntry } from './state-entry';

export interface EmbeddedChannelOptions {
  readonly channelId: string;
  /** Chaincode name (= state namespace); default `sla-ledger`. */
  readonly chaincodeName?: string;
  readonly chaincodeVersion?: string;
  readonly endorsers: readonly Endorser[];
  /** Chaincode-level endorsement policy: AND of all member orgs, or MAJORITY of them. */
  readonly policy: ChannelEndorsementPolicy;
  /** Peer and default client clock; default `() => new Date()`. */
  readonly clock?: () => Date;
  /** Chaincode execution timeout (peer default 30 s); 0 disables. */
  readonly executeTimeoutMs?: number;
  /** Results per QueryResponse batch (peer: 100). */
  readonly maxResultLimit?: number;
  /** Results per query (core.yaml totalQueryLimit: 100000). */
  readonly totalQueryLimit?: number;
  /**
   * peer.authentication.timewindow: a proposal whose timestamp is further than this from the peer
   * clock is refused. Default 60 000 (1 minute, as the network sets it; a peer's own default is
   * 15 min); `Infinity` turns the check off.
   */
  readonly timeWindowMs?: number;
  /**
   * Per MSP id, how long after a block is cut that organisation's peer starts committing it
   * (default 0): its state stays a block behind meanwhile, as a real peer's can.
   */
  readonly commitLagMs?: Readonly<Record<string, number>>;
  /** Sets fabric-shim's log level, e.g. 'CRITICAL' to silence it (see setShimLogLevel). */
  readonly shimLogLevel?: ShimLogLevel;
  /** Block cutting for `submitAsync`/`order` (default: 500 transactions or 250 ms, 2 MB). */
  readonly orderer?: Partial<BatchSettings>;
}

/** Where a channel keeps its ledgers and who signs; EmbeddedNetwork provides it. */
export interface ChannelInfrastructure {
  readonly store: KeyValueStore;
  /** The channel's block file; undefined keeps blocks in memory. */
  readonly blockFilePath?: string;
  /** The enrolment of a peer (`nodeOu` peer) or of the orderer. */
  readonly identity: (mspId: string, name: string, nodeOu: NodeOu) => Promise<Identity>;
  /** Close the store with the channel (a channel that opened its own). */
  readonly ownsStore: boolean;
}

export interface InvokeOptions {
  /** Transaction timestamp (ChannelHeader.timestamp); default: the channel clock. */
  readonly timestamp?: Date;
  /** Transient data: reaches the chaincode, never the ledger. */
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
}

export interface SubmitOptions extends InvokeOptions {
  /**
   * Organisations whose peers endorse (gateway `endorsingOrganizations`: one peer each, the
   * caller's first). Default: the gateway's plan, see `PreparedTransaction.endorsingOrgs`.
   */
  readonly endorsingOrgs?: readonly string[];
  /** Send the proposal as an INIT message instead of TRANSACTION. */
  readonly init?: boolean;
}

export interface EvaluateOptions extends InvokeOptions {
  /** Endorser name or MSP id; default: a peer of the caller's org, else the first peer. */
  readonly endorser?: string;
}

export type Args = readonly (string | Uint8Array)[];

export interface SubmitResult {
  readonly txId: string;
  readonly payload: Buffer;
  readonly event?: ChaincodeEventData;
  readonly blockNumber: number;
  /** MSP ids of the endorsing peers, the first endorser's first. */
  readonly endorsingOrgs: readonly string[];
}

/** Endorsed, not yet ordered: commit it later with `commit()` or send it to the orderer with `order()`. */
export interface PreparedTransaction {
  readonly txId: string;
  readonly payload: Buffer;
  readonly event?: ChaincodeEventData;
  /** One per endorsing peer, byte-identical proposal responses, the first endorser's first. */
  readonly simulations: readonly Simulation[];
  /** MSP ids of the endorsing peers, in the order of `simulations`. */
  readonly endorsingOrgs: readonly string[];
}

/** Endorsed and sent to the orderer (fabric-gateway `SubmittedTransaction`). */
export interface SubmittedTransaction {
  readonly txId: string;
  readonly payload: Buffer;
  readonly event?: ChaincodeEventData;
  readonly endorsingOrgs: readonly string[];
  /** Resolves once the block holding the transaction committed, valid or not (`getStatus()`). */
  status(): Promise<CommitStatus>;
}

/** fabric-gateway `Status`: where the transaction committed and its validation code. */
export interface CommitStatus {
  readonly txId: string;
  readonly blockNumber: number;
  readonly code: ValidationCode;
  /** Numeric peer.TxValidationCode. */
  readonly statusCode: number;
  readonly successful: boolean;
}

interface OrderedTransaction {
  readonly endorsed: EndorsedTransaction;
  /** The peer whose commit answers the status: one of the submitter's organisation. */
  readonly statusPeer: string;
  readonly committed: (record: TransactionRecord) => void;
  readonly failed: (reason: Error) => void;
}

const DEFAULTS = {
  chaincodeName: 'sla-ledger',
  chaincodeVersion: '1.0',
  executeTimeoutMs: 30_000,
  maxResultLimit: 100,
  totalQueryLimit: 100_000,
  timeWindowMs: 60_000,
};

const ORDERER_MSP = 'OrdererMSP';

export class EmbeddedChannel {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly policy: ChannelEndorsementPolicy;
  /** Peer clock and default transaction time; assign to move time. */
  clock: () => Date;
  private peers: EndorsingPeer[] = [];
  private committers = new Map<string, PeerCommitter>();
  /** The endorsing peer of each member organisation (its first), in channel order. */
  private readonly peerOfOrg = new Map<string, EndorsingPeer>();
  private readonly memberOrgs: string[];
  private readonly prepared = new WeakMap<PreparedTransaction, EndorsedTransaction>();
  private readonly timeWindowMs: number;
  private readonly orderer: OrderingService<OrderedTransaction>;
  private readonly blocksInFlight = new Set<Promise<unknown>>();
  private readonly eventListeners = new Set<(event: DeliveredEvent) => void>();
  private readonly closeWaiters = new Set<() => void>();
  private readonly ready: Promise<void>;
  private blockStore: BlockStore | undefined;
  private infrastructure: ChannelInfrastructure | undefined;
  private ordererIdentity: Identity | undefined;
  private nextBlock: { number: number; previousHash: Uint8Array } = {
    number: 0,
    previousHash: new Uint8Array(),
  };
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(opts: EmbeddedChannelOptions, infrastructure?: ChannelInfrastructure) {
    if (opts.endorsers.length === 0) {
      throw new Error('an embedded channel needs at least one endorser');
    }
    if (opts.shimLogLevel !== undefined) {
      setShimLogLevel(opts.shimLogLevel);
    }
    this.channelId = opts.channelId;
    this.chaincodeName = opts.chaincodeName ?? DEFAULTS.chaincodeName;
    this.clock = opts.clock ?? (() => new Date());
    this.timeWindowMs = opts.timeWindowMs ?? DEFAULTS.timeWindowMs;
    const names = peerNames(opts.endorsers);
    this.memberOrgs = [...new Set(opts.endorsers.map((e) => e.mspId))];
    this.policy = opts.policy;
    this.orderer = new OrderingService<OrderedTransaction>(
      { ...DEFAULT_BATCH_SETTINGS, ...opts.orderer },
      (tx) => tx.endorsed.envelope.length,
      (batch) => this.deliver(batch),
    );
    this.ready = this.open(opts, names, infrastructure);
    this.ready.catch(() => undefined); // observed by every call
  }

  /** Resolves once the ledgers are open and caught up with the block store. */
  async opened(): Promise<void> {
    await this.ready;
  }

  /**
   * The first organisation's peer's ledger, read once that peer has committed every block cut so
   * far (what a test expects after its submits).
   */
  get ledger(): LedgerView {
    return new DeferredLedgerView(
      async () => {
        await this.ready;
        const [first] = this.peers;
        await first.ledger.reached(this.nextBlock.number);
        return first.ledger;
      },
      () => this.blockStore?.height ?? 0,
    );
  }

  /** One organisation's peer's ledger as it is now (it may be behind the others). */
  ledgerOf(mspId: string): LedgerView {
    return new DeferredLedgerView(
      async () => {
        await this.ready;
        return this.peerOf(mspId).ledger;
      },
      () => this.peerOfOrg.get(mspId)?.ledger.height ?? 0,
    );
  }

  get organizations(): readonly string[] {
    return [...this.memberOrgs];
  }

  /** Blocks in the channel's block store. */
  get height(): number {
    return this.blockStore?.height ?? 0;
  }

  /** Endorse, order alone in a block, commit; throws unless the transaction is VALID. */
  async submit(
    identity: Identity,
    fn: string,
    args: Args = [],
    opts: SubmitOptions = {},
  ): Promise<SubmitResult> {
    const prepared = await this.prepare(identity, fn, args, opts);
    const statusPeer = this.selectPeer(identity).name;
    const committed = this.cut([this.endorsedOf(prepared)]).get(statusPeer);
    const [record] = (await (committed as Promise<{ records: readonly TransactionRecord[] }>))
      .records;
    if (record.validationCode !== 'VALID') {
      throw new ValidationError({
        code: record.validationCode,
        statusCode: validationStatusCode(record.validationCode),
        txId: record.txId,
        blockNumber: record.blockNumber,
        reason: record.validationMessage ?? '',
      });
    }
    return {
      txId: prepared.txId,
      payload: prepared.payload,
      ...(prepared.event !== undefined ? { event: prepared.event } : {}),
      blockNumber: record.blockNumber,
      endorsingOrgs: prepared.endorsingOrgs,
    };
  }

  /**
   * Endorses now and sends the transaction to the orderer, which cuts blocks shared by every
   * in-flight transaction (fabric-gateway `submitAsync`); `status()` tells how it committed on a
   * peer of the caller's organisation.
   */
  async submitAsync(
    identity: Identity,
    fn: string,
    args: Args = [],
    opts: SubmitOptions = {},
  ): Promise<SubmittedTransaction> {
    return this.order(await this.prepare(identity, fn, args, opts));
  }

  /** Sends an endorsed transaction to the orderer (fabric-gateway `Transaction.submit`). */
  order(tx: PreparedTransaction): SubmittedTransaction {
    const endorsed = this.endorsedOf(tx);
    if (this.closed) {
      throw new Error(`channel ${this.channelId} is closed`);
    }
    const statusPeer = this.selectPeer(endorsed.proposal.identity).name;
    const status = new Promise<TransactionRecord>((committed, failed) =>
      this.orderer.order({ endorsed, statusPeer, committed, failed }),
    ).then(commitStatus);
    status.catch(() => undefined); // observed through status()
    return {
      txId: tx.txId,
      payload: tx.payload,
      ...(tx.event !== undefined ? { event: tx.event } : {}),
      endorsingOrgs: tx.endorsingOrgs,
      status: () => status,
    };
  }

  /** Cuts the orderer's pending batch and waits until every peer committed every block cut so far. */
  async flush(): Promise<void> {
    this.orderer.cut();
    await Promise.allSettled([...this.blocksInFlight]);
  }

  /** Runs the transaction on one peer and returns its result; nothing is ever committed. */
  async evaluate(
    identity: Identity,
    fn: string,
    args: Args = [],
    opts: EvaluateOptions = {},
  ): Promise<Buffer> {
    const simulation = await this.simulate(identity, fn, args, opts);
    throwIfFailed(simulation);
    return simulation.payload;
  }

  /** Simulates on one peer and exposes everything it produced; never throws for chaincode errors. */
  async simulate(
    identity: Identity,
    fn: string,
    args: Args = [],
    opts: EvaluateOptions & { init?: boolean } = {},
  ): Promise<Simulation> {
    await this.ready;
    const proposal = this.propose(identity, fn, args, opts);
    return this.selectPeer(identity, opts.endorser).simulate(proposal, opts.init);
  }

  /**
   * Endorses like the Fabric Gateway: on a peer of the caller's organisation (else the first
   * peer), then on the organisations `endorsingOrgs` names or, by default, on those the
   * gateway's plan needs for the policies of what the first simulation wrote; checks that the
   * proposal responses agree, and returns the transaction unordered.
   */
  async prepare(
    identity: Identity,
    fn: string,
    args: Args = [],
    opts: SubmitOptions = {},
  ): Promise<PreparedTransaction> {
    await this.ready;
    const proposal = this.propose(identity, fn, args, opts);
    const choice: EndorserChoice =
      opts.endorsingOrgs === undefined
        ? {
            kind: 'planned',
            first: this.selectPeer(identity),
            peerOfOrg: this.peerOfOrg,
            policy: this.policy,
          }
        : { kind: 'named', peers: this.namedPeers(identity, opts.endorsingOrgs) };
    const { transaction, simulations } = await collectEndorsements(proposal, choice, opts.init);
    const [first] = simulations;
    const prepared: PreparedTransaction = {
      txId: proposal.txId,
      payload: first.payload,
      ...(first.event !== undefined ? { event: first.event } : {}),
      simulations,
      endorsingOrgs: simulations.map((s) => s.mspId),
    };
    this.prepared.set(prepared, transaction);
    return prepared;
  }

  /**
   * Orders the given endorsed transactions into one block, in this order; every peer validates
   * and commits it. Returns each transaction's record (check `validationCode`); does not throw
   * for invalid transactions.
   */
  async commit(...txs: PreparedTransaction[]): Promise<TransactionRecord[]> {
    const committed = [...this.cut(txs.map((tx) => this.endorsedOf(tx))).values()];
    const [first] = await Promise.all(committed);
    return [...first.records];
  }

  /** Chaincode events of valid transactions as the first peer commits them; returns an unsubscribe function. */
  onEvent(listener: (event: DeliveredEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Chaincode events as a peer delivers them (fabric-gateway `getChaincodeEvents`): from
   * `startBlock` (default: the next block) the committed ones are read back from the block store,
   * then new ones follow as the peer commits them. Ends when the loop breaks or the channel
   * closes. `mspId` names the organisation whose peer answers (default: the first).
   */
  async *events(
    opts: { readonly startBlock?: number; readonly mspId?: string } = {},
  ): AsyncGenerator<DeliveredEvent> {
    await this.ready;
    const ledger = (opts.mspId === undefined ? this.peers[0] : this.peerOf(opts.mspId)).ledger;
    const blockStore = this.blockStore as BlockStore;
    let next = opts.startBlock ?? ledger.height;
    let wake: (() => void) | undefined;
    const stopWatching = ledger.onCommit(() => wake?.());
    try {
      for (;;) {
        const height = ledger.height;
        if (next < height) {
          yield* blockStore.events(next, height);
          next = height;
          continue;
        }
        if (this.closed) {
          return;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          this.closeWaiters.add(resolve);
        });
        this.closeWaiters.delete(wake as () => void);
      }
    } finally {
      stopWatching();
    }
  }

  /**
   * Loads state entries into every peer's world state as they are, as peers joined from a
   * snapshot holding them; only on a channel without transactions.
   */
  async importState(entries: readonly StateEntry[]): Promise<void> {
    await this.ready;
    if (this.nextBlock.number !== 1) {
      throw new Error(`channel ${this.channelId} already has transactions`);
    }
    await Promise.all(this.peers.map((p) => p.ledger.load(entries)));
  }

  /**
   * Checks the block store's hash chain: numbers, previous_hash, data_hash, orderer signatures,
   * validation codes.
   */
  async verifyChain(): Promise<ChainVerification> {
    await this.ready;
    return (this.blockStore as BlockStore).verifyChain();
  }

  /**
   * Stops the orderer (transactions it had not cut into a block fail their `status()`), lets
   * every peer commit the blocks already cut, ends the chat streams with the chaincode instances
   * and closes the storage.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    for (const tx of this.orderer.stop()) {
      tx.failed(
        new Error(
          `channel ${this.channelId} closed before transaction ${tx.endorsed.proposal.txId} was ordered`,
        ),
      );
    }
    for (const wake of [...this.closeWaiters]) {
      wake();
    }
    await this.ready.catch(() => undefined);
    await Promise.allSettled([...this.blocksInFlight]);
    for (const p of this.peers) {
      p.close();
    }
    await this.blockStore?.close();
    if (this.infrastructure?.ownsStore === true) {
      await this.infrastructure.store.close();
    }
  }

  private async open(
    opts: EmbeddedChannelOptions,
    names: readonly string[],
    given: ChannelInfrastructure | undefined,
  ): Promise<void> {
    const infrastructure = given ?? (await inMemoryInfrastructure());
    this.infrastructure = infrastructure;
    const orderer = await infrastructure.identity(ORDERER_MSP, 'orderer0', 'orderer');
    this.ordererIdentity = orderer;
    const blockStore = await BlockStore.open(
      infrastructure.store,
      infrastructure.blockFilePath,
      this.channelId,
      this.chaincodeName,
    );
    this.blockStore = blockStore;
    if (blockStore.height === 0) {
      const genesis = createGenesisBlock(this.channelId, this.memberOrgs, orderer, this.clock());
      setTransactionsFilter(genesis, [peer.TxValidationCode.VALID]);
      await blockStore.append(genesis, { txIds: [''], events: [] });
    }
    this.nextBlock = { number: blockStore.height, previousHash: blockStore.lastHeaderHash };
    const settings = {
      channelId: opts.channelId,
      chaincodeName: this.chaincodeName,
      chaincodeVersion: opts.chaincodeVersion ?? DEFAULTS.chaincodeVersion,
      executeTimeoutMs: opts.executeTimeoutMs ?? DEFAULTS.executeTimeoutMs,
      limits: {
        maxResultLimit: opts.maxResultLimit ?? DEFAULTS.maxResultLimit,
        totalQueryLimit: opts.totalQueryLimit ?? DEFAULTS.totalQueryLimit,
      },
    };
    const config = {
      chaincodeName: this.chaincodeName,
      policy: this.policy,
      memberOrgs: this.memberOrgs,
    };
    for (const [i, endorser] of opts.endorsers.entries()) {
      const name = names[i];
      const ledger = await PeerLedger.open(infrastructure.store, blockStore, name);
      const identity = await infrastructure.identity(endorser.mspId, name, 'peer');
      const peer = new EndorsingPeer(name, endorser, identity, ledger, settings);
      this.peers.push(peer);
      if (!this.peerOfOrg.has(peer.mspId)) {
        this.peerOfOrg.set(peer.mspId, peer);
      }
      const lag = opts.commitLagMs?.[endorser.mspId] ?? 0;
      this.committers.set(name, new PeerCommitter(ledger, blockStore, config, lag));
    }
    this.peers[0].ledger.onCommit((_block, events) => {
      for (const event of events) {
        for (const listener of [...this.eventListeners]) {
          listener(event);
        }
      }
    });
  }

  /**
   * The orderer's next block of these transactions, handed to every peer; resolves per peer
   * name once that peer committed it.
   */
  private cut(
    transactions: readonly EndorsedTransaction[],
  ): Map<string, Promise<{ records: readonly TransactionRecord[] }>> {
    if (this.closed) {
      throw new Error(`channel ${this.channelId} is closed`);
    }
    const block: common.Block = createBlock(
      this.nextBlock.number,
      this.nextBlock.previousHash,
      transactions.map((tx) => tx.envelope),
      this.ordererIdentity as Identity,
    );
    this.nextBlock = {
      number: this.nextBlock.number + 1,
      previousHash: blockHeaderHash(headerOf(block)),
    };
    const ordered: OrderedBlock = { number: headerOf(block).number, block, transactions };
    const committed = new Map<string, Promise<{ records: readonly TransactionRecord[] }>>();
    for (const [name, committer] of this.committers) {
      const done = committer.deliver(ordered);
      done.catch(() => undefined); // observed by the caller
      this.blocksInFlight.add(done);
      void done.finally(() => this.blocksInFlight.delete(done)).catch(() => undefined);
      committed.set(name, done);
    }
    return committed;
  }

  /** A batch the orderer cut: the next block. */
  private deliver(batch: readonly OrderedTransaction[]): void {
    let committed: Map<string, Promise<{ records: readonly TransactionRecord[] }>>;
    try {
      committed = this.cut(batch.map((tx) => tx.endorsed));
    } catch (err) {
      batch.forEach((tx) => tx.failed(err instanceof Error ? err : new Error(String(err))));
      return;
    }
    batch.forEach((tx, i) => {
      (committed.get(tx.statusPeer) as Promise<{ records: readonly TransactionRecord[] }>).then(
        (block) => tx.committed(block.records[i]),
        (err: unknown) => tx.failed(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }

  private endorsedOf(tx: PreparedTransaction): EndorsedTransaction {
    const endorsed = this.prepared.get(tx);
    if (endorsed === undefined) {
      throw new Error(`transaction ${tx.txId} was not prepared on channel ${this.channelId}`);
    }
    return endorsed;
  }

  private propose(
    identity: Identity,
    fn: string,
    args: Args,
    opts: InvokeOptions & { init?: boolean },
  ): BuiltProposal {
    const timestamp = opts.timestamp ?? this.clock();
    this.checkTimeWindow(timestamp);
    return buildProposal({
      channelId: this.channelId,
      chaincodeName: this.chaincodeName,
      identity,
      fn,
      args,
      transient: opts.transient,
      timestamp,
      isInit: opts.init === true,
    });
  }

  private checkTimeWindow(timestamp: Date): void {
    const now = this.clock();
    if (Math.abs(timestamp.getTime() - now.getTime()) > this.timeWindowMs) {
      throw new EndorsementError({
        message: `request unauthorized due to incorrect timestamp ${rfc3339(timestamp)}, peer time ${rfc3339(now)}, peer.authentication.timewindow ${goDuration(this.timeWindowMs)}`,
        txId: '',
        endorser: '',
      });
    }
  }

  private peerOf(mspId: string): EndorsingPeer {
    const peer = this.peerOfOrg.get(mspId);
    if (peer === undefined) {
      throw new Error(`organization ${mspId} has no peer on channel ${this.channelId}`);
    }
    return peer;
  }

  private selectPeer(identity: Identity, wanted?: string): EndorsingPeer {
    if (wanted !== undefined) {
      const peer =
        this.peers.find((p) => p.name === wanted) ?? this.peers.find((p) => p.mspId === wanted);
      if (peer === undefined) {
        throw new Error(`no endorser named or in organization ${wanted}`);
      }
      return peer;
    }
    return this.peers.find((p) => p.mspId === identity.mspId) ?? this.peers[0];
  }

  /** gateway `planForOrgs`: one peer of each named organisation, the caller's first. */
  private namedPeers(identity: Identity, orgs: readonly string[]): EndorsingPeer[] {
    const missing = orgs.filter((org) => !this.peerOfOrg.has(org));
    if (missing.length > 0 || orgs.length === 0) {
      throw new Error(
        `failed to find any endorsing peers for org(s): ${missing.join(', ')} on channel ${this.channelId}`,
      );
    }
    const peers = [...this.peerOfOrg].filter(([org]) => orgs.includes(org)).map(([, p]) => p);
    return [
      ...peers.filter((p) => p.mspId === identity.mspId),
      ...peers.filter((p) => p.mspId !== identity.mspId),
    ];
  }
}

/** `peer<n>.<mspId>` unless named; unique. */
function peerNames(endorsers: readonly Endorser[]): string[] {
  const perOrg = new Map<string, number>();
  const names = endorsers.map((endorser) => {
    const n = perOrg.get(endorser.mspId) ?? 0;
    perOrg.set(endorser.mspId, n + 1);
    return endorser.name ?? `peer${n}.${endorser.mspId}`;
  });
  if (new Set(names).size !== names.length) {
    throw new Error('endorser names must be unique');
  }
  return names;
}

/** A channel on its own: ledgers in memory, identities from the process-wide test CAs. */
async function inMemoryInfrastructure(): Promise<ChannelInfrastructure> {
  return {
    store: await KeyValueStore.open(),
    identity: async (mspId, name, nodeOu) => createIdentity({ mspId, commonName: name, nodeOu }),
    ownsStore: true,
  };
}

function commitStatus(record: TransactionRecord): CommitStatus {
  return {
    txId: record.txId,
    blockNumber: record.blockNumber,
    code: record.validationCode,
    statusCode: validationStatusCode(record.validationCode),
    successful: record.validationCode === 'VALID',
  };
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go's time.Duration String() for whole milliseconds. */
function goDuration(ms: number): string {
  if (ms < 1000) {
    return `${ms}ms`;
  }
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  if (hours > 0) {
    return `${hours}h${minutes}m${seconds}s`;
  }
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
