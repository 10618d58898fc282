/**
 * The organisations the gateway asks for endorsements when the client names none
 * (internal/pkg/gateway/endorse.go `planFromFirstEndorser`, registry.go `endorsementPlan`,
 * discovery/endorsement/endorsement.go): after the first endorser's simulation, every policy of
 * its chaincode interest must be satisfied — the chaincode-level policy when it applies, and each
 * written key's validation parameter.
 *
 * Discovery lists every layout that satisfies them and the gateway picks one at random among those
 * containing the first endorser's organisation. Here the choice is deterministic: the smallest set
 * of member organisations that contains the first endorser's and satisfies every policy, ties
 * broken by the sorted MSP ids. One peer per organisation, as in the gateway's layouts for
 * role-per-organisation policies; subsets are enumerated, fine for the handful of organisations of
 * a channel.
 */
import type { ChaincodeInterest } from './chaincode-interest';
import {
  evaluateChannelPolicy,
  evaluateSignaturePolicy,
  type ChannelEndorsementPolicy,
  type SignerIdentity,
} from './endorsement-policy';

export interface PlanRequest {
  readonly interest: ChaincodeInterest;
  readonly chaincodePolicy: ChannelEndorsementPolicy;
  /** The endorsing peer of each member organisation, by MSP id. */
  readonly peerOfOrg: ReadonlyMap<string, SignerIdentity>;
  /** The organisation of the peer that simulated first. */
  readonly firstOrg: string;
}

/** gateway registry.go + discovery: the FAILED_PRECONDITION message. */
export const UNSATISFIABLE_PLAN =
  'no combination of peers can be derived which satisfy the endorsement policy: ' +
  'no peer combination can satisfy the endorsement policy';

/** MSP ids of the planned endorsing organisations (sorted), or undefined when none satisfies. */
export function planEndorsingOrgs(request: PlanRequest): string[] | undefined {
  const others = [...request.peerOfOrg.keys()].filter((org) => org !== request.firstOrg).sort();
  for (let size = 0; size <= others.length; size++) {
    for (const combination of combinations(others, size)) {
      const orgs = [request.firstOrg, ...combination].sort();
      if (satisfiesInterest(request, orgs)) {
        return orgs;
      }
    }
  }
  return undefined;
}

function satisfiesInterest(request: PlanRequest, orgs: readonly string[]): boolean {
  const signers = orgs.map((org) => request.peerOfOrg.get(org) as SignerIdentity);
  const members = [...request.peerOfOrg.keys()];
  if (
    request.interest.chaincodePolicy &&
    evaluateChannelPolicy(request.chaincodePolicy, members, signers) !== undefined
  ) {
    return false;
  }
  return request.interest.keyPolicies.every(
    (policy) => evaluateSignaturePolicy(policy, signers) === undefined,
  );
}

/** k-element combinations of `items`, in lexicographic order of positions. */
function* combinations<T>(items: readonly T[], k: number, from = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - k; i++) {
    for (const rest of combinations(items, k - 1, i + 1)) {
      yield [items[i], ...rest];
    }
  }
}
