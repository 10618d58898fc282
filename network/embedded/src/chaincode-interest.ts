/**
 * What an endorser tells the gateway about the policies its simulation needs: the
 * peer.ChaincodeInterest of the proposal response for one chaincode, after core/endorser/endorser.go
 * (`buildChaincodeInterest`, `parseWritesetMetadata`) and the gateway's default interest
 * (internal/pkg/gateway/endorse.go `planFromFirstEndorser`) when nothing was read or written.
 */
export interface ChaincodeInterest {
  /** The chaincode-level policy applies: a written key has no validation parameter, or none was written. */
  readonly chaincodePolicy: boolean;
  /** Committed validation parameters (serialized SignaturePolicyEnvelope), one per written key that has one. */
  readonly keyPolicies: readonly Buffer[];
}

/** @param writtenKeyPolicies every written key with its committed validation parameter */
export function chaincodeInterest(
  writtenKeyPolicies: ReadonlyMap<string, Buffer | undefined>,
): ChaincodeInterest {
  const policies = [...writtenKeyPolicies.values()];
  const keyPolicies = policies.filter((policy): policy is Buffer => policy !== undefined);
  return {
    chaincodePolicy: policies.length === 0 || keyPolicies.length < policies.length,
    keyPolicies,
  };
}
