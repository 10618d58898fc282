import { common, msp } from '@hyperledger/fabric-protos';
import type { ChannelSettings } from '../settings/channel-settings';

/**
 * The key-level endorsement policy of a record: the channel's policy AND the
 * organisations the record belongs to. A key-level policy replaces the
 * chaincode-level one for its key, so it must never ask less than the channel.
 *
 * Fabric evaluates signature policies greedily and lets each endorsement
 * satisfy one principal only (common/cauthdsl), so "a majority of members
 * AND the parties" is written without overlap: every party, plus as many
 * other members as the majority still lacks.
 */
export function recordPolicy(
  channel: ChannelSettings,
  parties: readonly string[],
  role: 'peer' | 'member',
): Uint8Array {
  const required = [...new Set(parties)].sort();
  const members = [...new Set([...channel.members, ...required])].sort();
  const principals = members.map((mspId) => principal(mspId, role));
  const signedBy = (mspId: string): common.SignaturePolicy => {
    const rule = new common.SignaturePolicy();
    rule.setSignedBy(members.indexOf(mspId));
    return rule;
  };
  let rule: common.SignaturePolicy;
  if (channel.endorsement === 'all') {
    rule = nOutOf(members.length, members.map(signedBy));
  } else {
    const majority = Math.floor(channel.members.length / 2) + 1;
    const others = members.filter((mspId) => !required.includes(mspId));
    const missing = majority - required.length;
    const ofParties = nOutOf(required.length, required.map(signedBy));
    rule = missing <= 0 ? ofParties : nOutOf(2, [ofParties, nOutOf(missing, others.map(signedBy))]);
  }
  const envelope = new common.SignaturePolicyEnvelope();
  envelope.setVersion(0);
  envelope.setRule(rule);
  envelope.setIdentitiesList(principals);
  return envelope.serializeBinary();
}

function nOutOf(n: number, rules: common.SignaturePolicy[]): common.SignaturePolicy {
  const inner = new common.SignaturePolicy.NOutOf();
  inner.setN(n);
  inner.setRulesList(rules);
  const rule = new common.SignaturePolicy();
  rule.setNOutOf(inner);
  return rule;
}

function principal(mspId: string, role: 'peer' | 'member'): msp.MSPPrincipal {
  const mspRole = new msp.MSPRole();
  mspRole.setMspIdentifier(mspId);
  mspRole.setRole(role === 'peer' ? msp.MSPRole.MSPRoleType.PEER : msp.MSPRole.MSPRoleType.MEMBER);
  const result = new msp.MSPPrincipal();
  result.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  result.setPrincipal(mspRole.serializeBinary());
  return result;
}
