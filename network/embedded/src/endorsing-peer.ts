/**
 * One endorsing peer of an organisation with its own chaincode instance: simulates a proposal
 * against its own ledger (holding its commit lock shared, like a TxSimulator does) and produces what the endorser returns — response, event, read/write set, and the
 * ProposalResponsePayload bytes the gateway compares across endorsers.
 */
import type { Identity } from './identities';
import { ChaincodeConnection, type ChaincodeExecution } from './chaincode-connection';
import { chaincodeInterest, type ChaincodeInterest } from './chaincode-interest';
import { chaincodeServerStream } from './chaincode-server-stream';
import type { OpenChaincodeStream } from './chaincode-stream';
import { inProcessChaincode } from './chat-stream';
import type { SignerIdentity } from './endorsement-policy';
import type { PeerLedger } from './peer-ledger';
import type { BuiltProposal } from './proposal';
import { serializeIdentity } from './proposal';
import {
  encodeChaincodeEvent,
  encodeProposalResponsePayload,
  encodeTxReadWriteSet,
} from './proposal-response';
import { QueryContexts, type QueryLimits } from './query-response-builder';
import type { ChaincodeEventData, ChaincodeResponseData, SimulationResults } from './records';
import type { ChaincodeLike } from './shim-internals';
import { TxSimulator } from './tx-simulator';

/** An organisation's endorsing peer and the chaincode it runs. */
export type Endorser = InProcessEndorser | ChaincodeServerEndorser;

export interface InProcessEndorser {
  readonly mspId: string;
  /** Defaults to `peer<n>.<mspId>`. */
  readonly name?: string;
  /** Runs in this process behind fabric-shim's message handler. */
  readonly chaincode: ChaincodeLike;
}

/** Chaincode as a service: the peer dials a running `fabric-chaincode-node server`. */
export interface ChaincodeServerEndorser {
  readonly mspId: string;
  readonly name?: string;
  readonly chaincodeServer: {
    /** host:port the server listens on (CORE_CHAINCODE_ADDRESS), plain text. */
    readonly address: string;
    /** The id the server registers with (CORE_CHAINCODE_ID, the package id on a peer). */
    readonly chaincodeId: string;
    readonly dialTimeoutMs?: number;
  };
}

/** Outcome of simulating one proposal on one endorser (nothing is committed). */
export interface Simulation extends SimulationResults {
  readonly endorser: string;
  readonly mspId: string;
  readonly txId: string;
  readonly status: number;
  readonly message: string;
  readonly payload: Buffer;
  /** Chaincode event; the endorser drops it when the status is an error (>= 400). */
  readonly event?: ChaincodeEventData;
  /** Serialized rwset.TxReadWriteSet of the simulation. */
  readonly rwset: Buffer;
  /** Serialized ProposalResponsePayload (empty when the peer itself failed). */
  readonly proposalResponsePayload: Buffer;
  /** The peer failed (execution timeout, shim ERROR message): status 500 without payload. */
  readonly peerFailure: boolean;
  /** Policies the written keys need, as the proposal response tells the gateway. */
  readonly interest: ChaincodeInterest;
}

export interface PeerSettings {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly chaincodeVersion: string;
  /** core.yaml chaincode.executetimeout (30 s on a peer); 0 disables. */
  readonly executeTimeoutMs: number;
  readonly limits: QueryLimits;
}

const ERROR_THRESHOLD = 400;

export class EndorsingPeer {
  readonly mspId: string;
  readonly identity: Identity;
  readonly signer: SignerIdentity;
  private readonly connection: ChaincodeConnection;

  constructor(
    readonly name: string,
    endorser: Endorser,
    /** The peer's enrolment (NodeOU peer), which signs its endorsements. */
    identity: Identity,
    readonly ledger: PeerLedger,
    private readonly settings: PeerSettings,
  ) {
    this.mspId = endorser.mspId;
    this.identity = identity;
    this.signer = {
      mspId: this.mspId,
      nodeOu: 'peer',
      serialized: serializeIdentity(this.mspId, this.identity.certificate),
    };
    const chaincode = chaincodeOf(
      endorser,
      `${settings.chaincodeName}:${settings.chaincodeVersion}`,
    );
    this.connection = new ChaincodeConnection(chaincode.open, chaincode.chaincodeId);
  }

  async simulate(proposal: BuiltProposal, isInit = false): Promise<Simulation> {
    const ledger = this.ledger;
    const release = await ledger.lock.acquireShared();
    let execution: ChaincodeExecution | undefined;
    let failure: string | undefined;
    let results: SimulationResults;
    let interest: ChaincodeInterest;
    try {
      const simulator = new TxSimulator(ledger.state, proposal.txId);
      const queries = new QueryContexts(this.settings.limits);
      try {
        execution = await this.connection.execute(
          isInit ? 'INIT' : 'TRANSACTION',
          {
            channelId: proposal.channelId,
            txId: proposal.txId,
            namespace: this.settings.chaincodeName,
            simulator,
            queries,
            history: (key) => ledger.historyDb.scan(key),
            isInit,
          },
          proposal.input,
          proposal.signedProposal,
          this.settings.executeTimeoutMs,
        );
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        failure = `error in simulation: failed to execute transaction ${proposal.txId}: ${reason}`;
      }
      queries.closeAll();
      simulator.done();
      results = simulator.results();
      interest = chaincodeInterest(simulator.writtenKeyPolicies());
    } finally {
      release();
    }
    if (execution?.response === undefined && failure === undefined) {
      failure = `error in simulation: transaction returned with failure: ${execution?.failure ?? ''}`;
    }
    if (failure === undefined && execution !== undefined && execution.unawaited.length > 0) {
      failure =
        `error in simulation: chaincode completed transaction ${proposal.txId} before the peer ` +
        `answered its ${execution.unawaited.join(', ')} request(s): a stub call was not awaited, ` +
        'and on a peer its effect would race with the end of the simulation';
    }
    return this.simulation(proposal, { ...results, interest }, execution, failure);
  }

  close(): void {
    this.connection.close();
  }

  private simulation(
    proposal: BuiltProposal,
    results: SimulationResults & { interest: ChaincodeInterest },
    execution: ChaincodeExecution | undefined,
    failure: string | undefined,
  ): Simulation {
    const rwset = Buffer.from(encodeTxReadWriteSet(this.settings.chaincodeName, results));
    const base = { endorser: this.name, mspId: this.mspId, txId: proposal.txId, ...results, rwset };
    if (failure !== undefined || execution?.response === undefined) {
      return {
        ...base,
        status: 500,
        message: failure ?? '',
        payload: Buffer.alloc(0),
        proposalResponsePayload: Buffer.alloc(0),
        peerFailure: true,
      };
    }
    const response: ChaincodeResponseData = {
      status: execution.response.getStatus(),
      message: execution.response.getMessage(),
      payload: Buffer.from(execution.response.getPayload_asU8()),
    };
    const rawEvent = response.status < ERROR_THRESHOLD ? execution.event : undefined;
    const event: ChaincodeEventData | undefined =
      rawEvent === undefined
        ? undefined
        : { name: rawEvent.getEventName(), payload: Buffer.from(rawEvent.getPayload_asU8()) };
    const proposalResponsePayload = encodeProposalResponsePayload({
      proposalHash: proposal.proposalHash,
      response,
      results: rwset,
      event:
        event === undefined
          ? undefined
          : encodeChaincodeEvent(
              this.settings.chaincodeName,
              proposal.txId,
              event.name,
              event.payload,
            ),
      chaincodeName: this.settings.chaincodeName,
      chaincodeVersion: this.settings.chaincodeVersion,
    });
    return {
      ...base,
      ...response,
      ...(event !== undefined ? { event } : {}),
      proposalResponsePayload: Buffer.from(proposalResponsePayload),
      peerFailure: false,
    };
  }
}

/** How the peer reaches the endorser's chaincode, and the id it must register with. */
function chaincodeOf(
  endorser: Endorser,
  inProcessId: string,
): { open: OpenChaincodeStream; chaincodeId: string } {
  if ('chaincodeServer' in endorser) {
    const { address, chaincodeId, dialTimeoutMs } = endorser.chaincodeServer;
    return { open: chaincodeServerStream(address, dialTimeoutMs), chaincodeId };
  }
  return { open: inProcessChaincode(endorser.chaincode, inProcessId), chaincodeId: inProcessId };
}
