/**
 * An in-process Fabric channel with one chaincode: endorsing peers (one chaincode instance each,
 * driven through fabric-shim's real message handler, or a chaincode server over gRPC), a
 * gateway-like submit/evaluate with the gateway's endorsement plan, an orderer cutting blocks,
 * and a committing peer's validation. See README.md.
 */
import type { Identity } from './identities';
import { commitBlock, validationStatusCode, type EndorsedTransaction } from './block-committer';
import type { ChannelEndorsementPolicy } from './endorsement-policy';
import { EndorsingPeer, type Endorser, type Simulation } from './endorsing-peer';
import { EndorsementError, ValidationError } from './errors';
import { collectEndorsements, throwIfFailed, type EndorserChoice } from './gateway-endorsement';
import { Ledger, type EventListener, type LedgerView } from './ledger';
import { DEFAULT_BATCH_SETTINGS, OrderingService, type BatchSettings } from './ordering-service';
import { buildProposal, type BuiltProposal } from './proposal';
import type { ChaincodeEventData, TransactionRecord, ValidationCode } from './records';
import { setShimLogLevel, type ShimLogLevel } from './shim-internals';

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
   * peer.authentication.timewindow: refuse proposals whose timestamp is further than this from
   * the channel clock (a real peer does, 15 min by default). Off unless set.
   */
  readonly timeWindowMs?: number;
  /** Sets fabric-shim's log level, e.g. 'CRITICAL' to silence it (see setShimLogLevel). */
  readonly shimLogLevel?: ShimLogLevel;
  /** Block cutting for `submitAsync`/`order` (default: 500 transactions or 250 ms, 2 MB). */
  readonly orderer?: Partial<BatchSettings>;
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
  readonly committed: (record: TransactionRecord) => void;
  readonly failed: (reason: Error) => void;
}

const DEFAULTS = {
  chaincodeName: 'sla-ledger',
  chaincodeVersion: '1.0',
  executeTimeoutMs: 30_000,
  maxResultLimit: 100,
  totalQueryLimit: 100_000,
};

export class EmbeddedChannel {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly policy: ChannelEndorsementPolicy;
  /** Peer clock and default transaction time; assign to move time. */
  clock: () => Date;
  private readonly state = new Ledger();
  private readonly peers: EndorsingPeer[];
  /** The endorsing peer of each member organisation (its first), in channel order. */
  private readonly peerOfOrg = new Map<string, EndorsingPeer>();
  private readonly memberOrgs: string[];
  private readonly prepared = new WeakMap<PreparedTransaction, EndorsedTransaction>();
  private readonly timeWindowMs?: number;
  private readonly orderer: OrderingService<OrderedTransaction>;
  private readonly blocksInFlight = new Set<Promise<void>>();

  constructor(opts: EmbeddedChannelOptions) {
    if (opts.endorsers.length === 0) {
      throw new Error('an embedded channel needs at least one endorser');
    }
    if (opts.shimLogLevel !== undefined) {
      setShimLogLevel(opts.shimLogLevel);
    }
    this.channelId = opts.channelId;
    this.chaincodeName = opts.chaincodeName ?? DEFAULTS.chaincodeName;
    this.clock = opts.clock ?? (() => new Date());
    this.timeWindowMs = opts.timeWindowMs;
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
    const perOrg = new Map<string, number>();
    this.peers = opts.endorsers.map((endorser) => {
      const n = perOrg.get(endorser.mspId) ?? 0;
      perOrg.set(endorser.mspId, n + 1);
      const name = endorser.name ?? `peer${n}.${endorser.mspId}`;
      return new EndorsingPeer(name, endorser, settings);
    });
    const names = new Set(this.peers.map((p) => p.name));
    if (names.size !== this.peers.length) {
      throw new Error('endorser names must be unique');
    }
    for (const p of this.peers) {
      if (!this.peerOfOrg.has(p.mspId)) {
        this.peerOfOrg.set(p.mspId, p);
      }
    }
    this.memberOrgs = [...perOrg.keys()];
    this.policy = opts.policy;
    this.orderer = new OrderingService<OrderedTransaction>(
      { ...DEFAULT_BATCH_SETTINGS, ...opts.orderer },
      (tx) => tx.endorsed.envelope.length,
      (batch) => this.deliver(batch),
    );
  }

  /** Read-only ledger: state, history, block log, events. */
  get ledger(): LedgerView {
    return this.state;
  }

  get organizations(): readonly string[] {
    return [...this.memberOrgs];
  }

  /** Endorse, order alone in a block, commit; throws unless the transaction is VALID. */
  async submit(
    identity: Identity,
    fn: string,
    args: Args = [],
    opts: SubmitOptions = {},
  ): Promise<SubmitResult> {
    const prepared = await this.prepare(identity, fn, args, opts);
    const [record] = await this.commit(prepared);
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
   * in-flight transaction (fabric-gateway `submitAsync`); `status()` tells how it committed.
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
    const status = new Promise<TransactionRecord>((committed, failed) =>
      this.orderer.order({ endorsed, committed, failed }),
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

  /** Cuts the orderer's pending batch and waits until every block cut so far is committed. */
  async flush(): Promise<void> {
    this.orderer.cut();
    await Promise.all([...this.blocksInFlight]);
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
    const proposal = this.propose(identity, fn, args, opts);
    return this.selectPeer(identity, opts.endorser).simulate(proposal, this.state, opts.init);
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
    const { transaction, simulations } = await collectEndorsements(
      proposal,
      this.state,
      choice,
      opts.init,
    );
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
   * Orders the given endorsed transactions into one block, in this order, validates and commits
   * it. Returns each transaction's block log record (check `validationCode`); does not throw for
   * invalid transactions.
   */
  async commit(...txs: PreparedTransaction[]): Promise<TransactionRecord[]> {
    return this.commitBlock(txs.map((tx) => this.endorsedOf(tx)));
  }

  /** Chaincode events of valid transactions as they commit; returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    return this.state.subscribe(listener);
  }

  /**
   * Ends the chat streams with the chaincode instances and stops the orderer: transactions it
   * had not cut into a block fail their `status()`.
   */
  close(): void {
    for (const tx of this.orderer.stop()) {
      tx.failed(
        new Error(
          `channel ${this.channelId} closed before transaction ${tx.endorsed.proposal.txId} was ordered`,
        ),
      );
    }
    for (const p of this.peers) {
      p.close();
    }
  }

  private endorsedOf(tx: PreparedTransaction): EndorsedTransaction {
    const endorsed = this.prepared.get(tx);
    if (endorsed === undefined) {
      throw new Error(`transaction ${tx.txId} was not prepared on channel ${this.channelId}`);
    }
    return endorsed;
  }

  /** Validates and commits one block; blocks commit in the order they ask for the commit lock. */
  private async commitBlock(txs: readonly EndorsedTransaction[]): Promise<TransactionRecord[]> {
    const release = await this.state.lock.acquireExclusive();
    try {
      const block = commitBlock(
        this.state,
        { chaincodeName: this.chaincodeName, policy: this.policy, memberOrgs: this.memberOrgs },
        txs,
      );
      return [...block.transactions];
    } finally {
      release();
    }
  }

  /** A batch the orderer cut: committed as the next block. */
  private deliver(batch: readonly OrderedTransaction[]): void {
    const done = this.commitBlock(batch.map((tx) => tx.endorsed)).then(
      (records) => records.forEach((record, i) => batch[i].committed(record)),
      (err: unknown) => {
        const reason = err instanceof Error ? err : new Error(String(err));
        batch.forEach((tx) => tx.failed(reason));
      },
    );
    this.blocksInFlight.add(done);
    void done.then(() => this.blocksInFlight.delete(done));
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
    if (this.timeWindowMs === undefined) {
      return;
    }
    const now = this.clock();
    if (Math.abs(timestamp.getTime() - now.getTime()) > this.timeWindowMs) {
      throw new EndorsementError({
        message: `request unauthorized due to incorrect timestamp ${rfc3339(timestamp)}, peer time ${rfc3339(now)}, peer.authentication.timewindow ${goDuration(this.timeWindowMs)}`,
        txId: '',
        endorser: '',
      });
    }
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
