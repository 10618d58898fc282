/**
 * The Fabric Gateway's Endorse (internal/pkg/gateway/endorse.go): simulate on a first peer, choose
 * the other endorsers (named by the client, or planned from the first peer's chaincode interest),
 * simulate on them in parallel, require byte-identical ProposalResponsePayloads, and assemble the
 * transaction envelope.
 */
import type { EndorsedTransaction } from './block-committer';
import { planEndorsingOrgs, UNSATISFIABLE_PLAN } from './endorsement-plan';
import type { ChannelEndorsementPolicy } from './endorsement-policy';
import type { EndorsingPeer, Simulation } from './endorsing-peer';
import { ChaincodeError, EndorsementError, EndorsementMismatchError } from './errors';
import type { BuiltProposal } from './proposal';
import { encodeTransactionEnvelope, endorse } from './proposal-response';
import { describeMismatch } from './response-diff';

export interface Endorsement {
  readonly transaction: EndorsedTransaction;
  /** First endorser's simulation first; byte-identical proposal responses. */
  readonly simulations: readonly Simulation[];
}

export type EndorserChoice =
  /** The client named the organisations (gateway `planForOrgs`): first = the caller's. */
  | { readonly kind: 'named'; readonly peers: readonly EndorsingPeer[] }
  /** The gateway plans from the first endorser's chaincode interest. */
  | {
      readonly kind: 'planned';
      readonly first: EndorsingPeer;
      /** One endorsing peer per member organisation, in channel order. */
      readonly peerOfOrg: ReadonlyMap<string, EndorsingPeer>;
      readonly policy: ChannelEndorsementPolicy;
    };

export async function collectEndorsements(
  proposal: BuiltProposal,
  choice: EndorserChoice,
  isInit = false,
): Promise<Endorsement> {
  const first = choice.kind === 'named' ? choice.peers[0] : choice.first;
  const firstSimulation = await first.simulate(proposal, isInit);
  throwIfFailed(firstSimulation);
  const others =
    choice.kind === 'named' ? choice.peers.slice(1) : plannedOthers(choice, firstSimulation);
  const rest = await Promise.all(others.map((p) => p.simulate(proposal, isInit)));
  for (const simulation of rest) {
    throwIfFailed(simulation);
  }
  const prp = firstSimulation.proposalResponsePayload;
  const mismatches = rest
    .filter((s) => !s.proposalResponsePayload.equals(prp))
    .map((s) => describeMismatch(firstSimulation, s));
  if (mismatches.length > 0) {
    throw new EndorsementMismatchError({ txId: proposal.txId, details: mismatches });
  }
  const peers = [first, ...others];
  const endorsements = peers.map((p) => endorse(p.identity, prp));
  return {
    simulations: [firstSimulation, ...rest],
    transaction: {
      proposal,
      results: firstSimulation,
      response: {
        status: firstSimulation.status,
        message: firstSimulation.message,
        payload: firstSimulation.payload,
      },
      ...(firstSimulation.event !== undefined ? { event: firstSimulation.event } : {}),
      signers: peers.map((p) => p.signer),
      envelope: encodeTransactionEnvelope(proposal, prp, endorsements),
    },
  };
}

/** Chaincode errors and peer failures as the gateway reports them. */
export function throwIfFailed(simulation: Simulation): void {
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

function plannedOthers(
  choice: Extract<EndorserChoice, { kind: 'planned' }>,
  first: Simulation,
): EndorsingPeer[] {
  const signerOfOrg = new Map([...choice.peerOfOrg].map(([org, p]) => [org, p.signer] as const));
  const orgs = planEndorsingOrgs({
    interest: first.interest,
    chaincodePolicy: choice.policy,
    peerOfOrg: signerOfOrg,
    firstOrg: choice.first.mspId,
  });
  if (orgs === undefined) {
    throw new EndorsementError({
      message: UNSATISFIABLE_PLAN,
      txId: first.txId,
      endorser: '',
      grpcStatus: 'FAILED_PRECONDITION',
    });
  }
  return [...choice.peerOfOrg]
    .filter(([org]) => org !== choice.first.mspId && orgs.includes(org))
    .map(([, p]) => p);
}
