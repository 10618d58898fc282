/**
 * Client side of a transaction, built like the Fabric Gateway client does
 * (fabric-gateway proposalbuilder.ts / transactioncontext.ts):
 * SignedProposal{ Proposal{ Header{ ChannelHeader{ENDORSER_TRANSACTION, channel, tx id, timestamp,
 * epoch 0, ChaincodeHeaderExtension}, SignatureHeader{creator = SerializedIdentity, 24-byte nonce}},
 * ChaincodeProposalPayload{ ChaincodeInvocationSpec, transient map }}, signature }.
 * Transaction id = hex(sha256(nonce || creator)) (protoutil.ComputeTxID).
 */
import { createHash, randomBytes } from 'crypto';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import type { Identity } from './identities';
import { timestampFromDate } from './shim-internals';
import { signLowS } from './signing';

export const NONCE_LENGTH = 24;

export interface ProposalRequest {
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly identity: Identity;
  readonly fn: string;
  readonly args: readonly (string | Uint8Array)[];
  readonly transient?: Readonly<Record<string, string | Uint8Array>>;
  readonly timestamp: Date;
  readonly isInit?: boolean;
}

export interface BuiltProposal {
  readonly txId: string;
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly identity: Identity;
  readonly timestamp: Date;
  readonly fn: string;
  /** All chaincode arguments, function name first. */
  readonly args: readonly Buffer[];
  readonly nonce: Buffer;
  /** Serialized msp.SerializedIdentity of the creator. */
  readonly creator: Uint8Array;
  readonly channelHeader: Uint8Array;
  readonly signatureHeader: Uint8Array;
  readonly input: peer.ChaincodeInput;
  readonly signedProposal: peer.SignedProposal;
  /** ChaincodeProposalPayload without transient map: the part that goes into the transaction. */
  readonly payloadWithoutTransient: Uint8Array;
  /** sha256(channel header || signature header || payload without transient) (endorser). */
  readonly proposalHash: Buffer;
}

export function serializeIdentity(mspId: string, certificatePem: string): Uint8Array {
  const identity = new msp.SerializedIdentity();
  identity.setMspid(mspId);
  identity.setIdBytes(Buffer.from(certificatePem, 'utf8'));
  return identity.serializeBinary();
}

export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return createHash('sha256').update(nonce).update(creator).digest('hex');
}

export function buildProposal(request: ProposalRequest): BuiltProposal {
  const nonce = randomBytes(NONCE_LENGTH);
  const creator = serializeIdentity(request.identity.mspId, request.identity.certificate);
  const txId = computeTxId(nonce, creator);

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(request.chaincodeName);

  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(chaincodeId);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(timestampFromDate(request.timestamp));
  channelHeader.setChannelId(request.channelId);
  channelHeader.setExtension$(extension.serializeBinary());
  channelHeader.setEpoch(0);
  const channelHeaderBytes = channelHeader.serializeBinary();

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator);
  signatureHeader.setNonce(nonce);
  const signatureHeaderBytes = signatureHeader.serializeBinary();

  const header = new common.Header();
  header.setChannelHeader(channelHeaderBytes);
  header.setSignatureHeader(signatureHeaderBytes);

  const args = [request.fn, ...request.args].map((arg) =>
    typeof arg === 'string' ? Buffer.from(arg, 'utf8') : Buffer.from(arg),
  );
  const input = new peer.ChaincodeInput();
  input.setArgsList(args);
  input.setIsInit(request.isInit === true);

  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(chaincodeId);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const invocationBytes = invocation.serializeBinary();

  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(invocationBytes);
  for (const [name, value] of Object.entries(request.transient ?? {})) {
    payload
      .getTransientmapMap()
      .set(name, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  }
  const withoutTransient = new peer.ChaincodeProposalPayload();
  withoutTransient.setInput(invocationBytes);
  const payloadWithoutTransient = withoutTransient.serializeBinary();

  const proposal = new peer.Proposal();
  proposal.setHeader(header.serializeBinary());
  proposal.setPayload(payload.serializeBinary());
  const proposalBytes = proposal.serializeBinary();

  const signedProposal = new peer.SignedProposal();
  signedProposal.setProposalBytes(proposalBytes);
  signedProposal.setSignature(signLowS(proposalBytes, request.identity.privateKey));

  const proposalHash = createHash('sha256')
    .update(channelHeaderBytes)
    .update(signatureHeaderBytes)
    .update(payloadWithoutTransient)
    .digest();

  return {
    txId,
    channelId: request.channelId,
    chaincodeName: request.chaincodeName,
    identity: request.identity,
    timestamp: request.timestamp,
    fn: request.fn,
    args,
    nonce,
    creator,
    channelHeader: channelHeaderBytes,
    signatureHeader: signatureHeaderBytes,
    input,
    signedProposal,
    payloadWithoutTransient,
    proposalHash,
  };
}
