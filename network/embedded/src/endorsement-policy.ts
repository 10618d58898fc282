/**
 * Endorsement policy evaluation over the endorsing peers' identities:
 * - signature policies (common.SignaturePolicyEnvelope, e.g. a key-level validation parameter
 *   made by fabric-shim's KeyEndorsementPolicy), evaluated like common/cauthdsl: NOutOf over
 *   SignedBy rules, each identity usable once, greedy in rule order; principals are MSP roles
 *   (MEMBER, PEER, CLIENT, ADMIN by NodeOU) or exact identities;
 * - the chaincode-level policy of the embedded channel: 'all' = AND of every member org's peer,
 *   'majority' = the channel default `MAJORITY Endorsement` (more than half of the member orgs,
 *   each org's Endorsement policy being OR('<Org>.peer')).
 */
import { common, msp } from '@hyperledger/fabric-protos';
import type { NodeOu } from './identities';

export interface SignerIdentity {
  readonly mspId: string;
  readonly nodeOu: NodeOu;
  /** Serialized msp.SerializedIdentity. */
  readonly serialized: Uint8Array;
}

export type ChannelEndorsementPolicy = 'all' | 'majority';

const NOT_SATISFIED = 'signature set did not satisfy policy';

type CompiledRule = (signers: readonly SignerIdentity[], used: boolean[]) => boolean;

/** Returns undefined when satisfied, else the peer's reason. */
export function evaluateSignaturePolicy(
  envelopeBytes: Uint8Array,
  signers: readonly SignerIdentity[],
): string | undefined {
  let envelope: common.SignaturePolicyEnvelope;
  try {
    envelope = common.SignaturePolicyEnvelope.deserializeBinary(envelopeBytes);
  } catch (err) {
    return `could not unmarshal signature policy envelope: ${String(err)}`;
  }
  const rule = envelope.getRule();
  if (rule === undefined) {
    return 'Empty policy element';
  }
  const compiled = compile(rule, envelope.getIdentitiesList());
  const unique = deduplicate(signers);
  return compiled(
    unique,
    unique.map(() => false),
  )
    ? undefined
    : NOT_SATISFIED;
}

export function evaluateChannelPolicy(
  policy: ChannelEndorsementPolicy,
  memberOrgs: readonly string[],
  signers: readonly SignerIdentity[],
): string | undefined {
  const unique = deduplicate(signers);
  const satisfiedOrgs = memberOrgs.filter((org) =>
    unique.some((signer) => signer.mspId === org && signer.nodeOu === 'peer'),
  );
  if (policy === 'all') {
    return satisfiedOrgs.length === memberOrgs.length ? undefined : NOT_SATISFIED;
  }
  const threshold = Math.floor(memberOrgs.length / 2) + 1;
  if (satisfiedOrgs.length >= threshold) {
    return undefined;
  }
  return `implicit policy evaluation failed - ${satisfiedOrgs.length} sub-policies were satisfied, but this policy requires ${threshold} of the 'Endorsement' sub-policies to be satisfied`;
}

function compile(rule: common.SignaturePolicy, principals: msp.MSPPrincipal[]): CompiledRule {
  if (rule.hasNOutOf()) {
    const nOutOf = rule.getNOutOf() as common.SignaturePolicy.NOutOf;
    const rules = nOutOf.getRulesList().map((child) => compile(child, principals));
    const n = nOutOf.getN();
    return (signers, used) => {
      let verified = 0;
      for (const child of rules) {
        const attempt = [...used];
        if (child(signers, attempt)) {
          verified++;
          attempt.forEach((value, i) => (used[i] = value));
        }
      }
      return verified >= n;
    };
  }
  if (rule.hasSignedBy()) {
    const principal = principals[rule.getSignedBy()];
    if (principal === undefined) {
      return () => false;
    }
    return (signers, used) => {
      for (let i = 0; i < signers.length; i++) {
        if (!used[i] && satisfiesPrincipal(signers[i], principal)) {
          used[i] = true;
          return true;
        }
      }
      return false;
    };
  }
  return () => false;
}

function satisfiesPrincipal(signer: SignerIdentity, principal: msp.MSPPrincipal): boolean {
  const Classification = msp.MSPPrincipal.Classification;
  switch (principal.getPrincipalClassification()) {
    case Classification.ROLE: {
      const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
      if (role.getMspIdentifier() !== signer.mspId) {
        return false;
      }
      const Role = msp.MSPRole.MSPRoleType;
      switch (role.getRole()) {
        case Role.MEMBER:
          return true;
        case Role.PEER:
          return signer.nodeOu === 'peer';
        case Role.CLIENT:
          return signer.nodeOu === 'client';
        case Role.ADMIN:
          return signer.nodeOu === 'admin';
        default:
          return false;
      }
    }
    case Classification.IDENTITY:
      return Buffer.from(principal.getPrincipal_asU8()).equals(Buffer.from(signer.serialized));
    default:
      return false;
  }
}

/** The policy engine counts each identity once, however many endorsements it signed. */
function deduplicate(signers: readonly SignerIdentity[]): SignerIdentity[] {
  const seen = new Set<string>();
  return signers.filter((signer) => {
    const id = Buffer.from(signer.serialized).toString('base64');
    if (seen.has(id)) {
      return false;
    }
    seen.add(id);
    return true;
  });
}
