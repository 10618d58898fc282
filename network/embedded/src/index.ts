/** Embedded Fabric peer: see README.md. */
export { EmbeddedChannel } from './embedded-channel';
export type {
  Args,
  ChannelInfrastructure,
  CommitStatus,
  EmbeddedChannelOptions,
  EvaluateOptions,
  InvokeOptions,
  PreparedTransaction,
  SubmitOptions,
  SubmitResult,
  SubmittedTransaction,
} from './embedded-channel';
export type {
  ChaincodeServerEndorser,
  Endorser,
  InProcessEndorser,
  Simulation,
} from './endorsing-peer';
export type { ChaincodeInterest } from './chaincode-interest';
export { DEFAULT_BATCH_SETTINGS, type BatchSettings } from './ordering-service';
export type { ChannelEndorsementPolicy } from './endorsement-policy';
export {
  ChaincodeError,
  EndorsementError,
  EndorsementMismatchError,
  ValidationError,
} from './errors';
export type { LedgerView } from './peer-ledger';
export type * from './records';
export type { StateEntry, VersionedValue } from './state-entry';
export type { ChainVerification } from './block-store';
export { chaincodeFromContracts, setShimLogLevel } from './shim-internals';
export type { ChaincodeLike, ShimLogLevel } from './shim-internals';
export { computeTxId, serializeIdentity } from './proposal';
export { compareKeys } from './key-order';
export {
  createIdentity,
  getCertificateAuthority,
  organizationOf,
  type CertificateAuthority,
  type CreateIdentityOptions,
  type Identity,
  type NodeOu,
} from './identities';
export {
  EmbeddedNetwork,
  type EmbeddedNetworkOptions,
  type NetworkChannel,
  type NetworkOrganization,
} from './embedded-network';
export { IdentityStore, type EnrolmentOptions } from './identity-store';
