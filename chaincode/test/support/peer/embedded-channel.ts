/**
 * An in-process Fabric channel with one chaincode: endorsing peers (one chaincode instance each,
 * driven through fabric-shim's real message handler), a gateway-like submit/evaluate, an
 * orderer-like block cut, and a committing peer's validation. See README.md.
 */
import type { Identity } from '../identities';
import { commitBlock, validationStatusCode, type EndorsedTransaction } from './block-committer';
import type { ChannelEndorsementPolicy } from './endorsement-policy';
import { EndorsingPeer, type Endorser, type Simulation } from './endorsing-peer';
import {
  ChaincodeError,
  EndorsementError,
  EndorsementMismatchError,
  ValidationError,
} from './errors';
import { Ledger, type EventListener, type LedgerView } from './ledger';
import { buildProposal, type BuiltProposal } from './proposal';
import { encodeTransactionEnvelope, endorse } from './proposal-response';
import type { ChaincodeEventData, TransactionRecord } from './records';
import { describeMismatch } from './response-diff';
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
}

export interface InvokeOptions {
  /** Transaction timestamp (ChannelHeader.timestamp); default: the channel clock. */
  readonly timestamp?: Date;
  /** Transient data: reaches the chaincode, never the ledger. */
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
}

export interface SubmitOptions extends InvokeOptions {
  /** Organisations whose peers endorse (gateway `endorsingOrganizations`); default: all. */
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
}

/** Endorsed, not yet ordered: commit it later with `commit()`. */
export interface PreparedTransaction {
  readonly txId: string;
  readonly payload: Buffer;
  readonly event?: ChaincodeEventData;
  /** One per endorsing peer, byte-identical proposal responses. */
  readonly simulations: readonly Simulation[];
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
  private readonly memberOrgs: string[];
  private readonly prepared = new WeakMap<PreparedTransaction, EndorsedTransaction>();
  private readonly timeWindowMs?: number;

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
      return new EndorsingPeer(name, endorser.mspId, endorser.chaincode, settings);
    });
    const names = new Set(this.peers.map((p) => p.name));
    if (names.size !== this.peers.length) {
      throw new Error('endorser names must be unique');
    }
    this.memberOrgs = [...perOrg.keys()];
    this.policy = opts.policy;
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
    };
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
   * Endorses on every selected peer like the Fabric Gateway (the caller's org first, then the
   * others), checks that the proposal responses agree, and returns the transaction unordered.
   */
  async prepare(
    identity: Identity,
    fn: string,
    args: Args = [],
    opts: SubmitOptions = {},
  ): Promise<PreparedTransaction> {
    const proposal = this.propose(identity, fn, args, opts);
    const peers = this.endorsingPeers(identity, opts.endorsingOrgs);
    const first = await peers[0].simulate(proposal, this.state, opts.init);
    throwIfFailed(first);
    const rest = await Promise.all(
      peers.slice(1).map((p) => p.simulate(proposal, this.state, opts.init)),
    );
    for (const simulation of rest) {
      throwIfFailed(simulation);
    }
    const mismatches = rest
      .filter((s) => !s.proposalResponsePayload.equals(first.proposalResponsePayload))
      .map((s) => describeMismatch(first, s));
    if (mismatches.length > 0) {
      throw new EndorsementMismatchError({ txId: proposal.txId, details: mismatches });
    }
    const simulations = [first, ...rest];
    const endorsements = peers.map((p) => endorse(p.identity, first.proposalResponsePayload));
    const endorsed: EndorsedTransaction = {
      proposal,
      results: first,
      response: { status: first.status, message: first.message, payload: first.payload },
      ...(first.event !== undefined ? { event: first.event } : {}),
      signers: peers.map((p) => p.signer),
      envelope: encodeTransactionEnvelope(proposal, first.proposalResponsePayload, endorsements),
    };
    const prepared: PreparedTransaction = {
      txId: proposal.txId,
      payload: first.payload,
      ...(first.event !== undefined ? { event: first.event } : {}),
      simulations,
    };
    this.prepared.set(prepared, endorsed);
    return prepared;
  }

  /**
   * Orders the given endorsed transactions into one block, in this order, validates and commits
   * it. Returns each transaction's block log record (check `validationCode`); does not throw for
   * invalid transactions.
   */
  async commit(...txs: PreparedTransaction[]): Promise<TransactionRecord[]> {
    const endorsed = txs.map((tx) => {
      const data = this.prepared.get(tx);
      if (data === undefined) {
        throw new Error(`transaction ${tx.txId} was not prepared on channel ${this.channelId}`);
      }
      return data;
    });
    const release = await this.state.lock.acquireExclusive();
    try {
      const block = commitBlock(
        this.state,
        { chaincodeName: this.chaincodeName, policy: this.policy, memberOrgs: this.memberOrgs },
        endorsed,
      );
      return [...block.transactions];
    } finally {
      release();
    }
  }

  /** Chaincode events of valid transactions as they commit; returns an unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    return this.state.subscribe(listener);
  }

  /** Ends the chat streams with the chaincode instances. */
  close(): void {
    for (const p of this.peers) {
      p.close();
    }
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

  private endorsingPeers(identity: Identity, orgs?: readonly string[]): EndorsingPeer[] {
    const selected = orgs ?? this.memberOrgs;
    for (const org of selected) {
      if (!this.memberOrgs.includes(org)) {
        throw new Error(`no endorsing peer for organization ${org} on channel ${this.channelId}`);
      }
    }
    const peers = this.peers.filter((p) => selected.includes(p.mspId));
    return [
      ...peers.filter((p) => p.mspId === identity.mspId),
      ...peers.filter((p) => p.mspId !== identity.mspId),
    ];
  }
}

function throwIfFailed(simulation: Simulation): void {
  if (simulation.peerFailure) {
    throw new EndorsementError({
      message: simulation.message,
      txId: simulation.txId,
      endorser: simulation.endorser,
    });
  }
  if (simulation.status < 200 || simulation.status >= 400) {
    throw new ChaincodeError({
      message: simulation.message,
      status: simulation.status,
      txId: simulation.txId,
      endorser: simulation.endorser,
    });
  }
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
