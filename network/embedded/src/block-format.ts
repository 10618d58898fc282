/**
 * Blocks as the orderer and the committing peer build them (Fabric 3.1.5):
 * - header (number, previous_hash, data_hash); previous_hash = SHA-256 of the previous header's
 *   ASN.1 DER encoding SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING
 *   data_hash } (protoutil/blockutils.go `BlockHeaderBytes`, `BlockHeaderHash`);
 * - data_hash = SHA-256 of the concatenated envelopes (`ComputeBlockDataHash`);
 * - metadata: five entries (`NewBlock`); SIGNATURES holds the orderer's OrdererBlockMetadata
 *   (last config index) and its signature over value ‖ signature header ‖ header bytes, LAST_CONFIG
 *   the last config index (orderer/common/multichannel/blockwriter.go `addBlockSignature`,
 *   `addLastConfig`); TRANSACTIONS_FILTER one validation code byte per transaction, set by the
 *   committing peer (core/committer/txvalidator, internal/pkg/txflags).
 */
import { createHash, randomBytes, verify, X509Certificate } from 'crypto';
import { common, msp } from '@hyperledger/fabric-protos';
import type { Identity } from './identities';
import { NONCE_LENGTH, serializeIdentity } from './proposal';
import { timestampFromDate } from './shim-internals';
import { signLowS } from './signing';

const METADATA_ENTRIES = 5;
const Index = common.BlockMetadataIndex;

export interface BlockHeaderFields {
  readonly number: number;
  readonly previousHash: Uint8Array;
  readonly dataHash: Uint8Array;
}

export function blockHeaderBytes(header: BlockHeaderFields): Buffer {
  return derSequence([
    derInteger(header.number),
    derOctetString(header.previousHash),
    derOctetString(header.dataHash),
  ]);
}

export function blockHeaderHash(header: BlockHeaderFields): Buffer {
  return createHash('sha256').update(blockHeaderBytes(header)).digest();
}

export function blockDataHash(envelopes: readonly Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  envelopes.forEach((envelope) => hash.update(envelope));
  return hash.digest();
}

export function headerOf(block: common.Block): BlockHeaderFields {
  const header = block.getHeader();
  if (header === undefined) {
    throw new Error('block without header');
  }
  return {
    number: header.getNumber(),
    previousHash: header.getPreviousHash_asU8(),
    dataHash: header.getDataHash_asU8(),
  };
}

/**
 * The orderer's next block (blockwriter.go `CreateNextBlock`), signed by the orderer, without
 * validation codes yet.
 */
export function createBlock(
  number: number,
  previousHash: Uint8Array,
  envelopes: readonly Uint8Array[],
  orderer: Identity,
): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(blockDataHash(envelopes));
  const data = new common.BlockData();
  data.setDataList([...envelopes]);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList(Array.from({ length: METADATA_ENTRIES }, () => new Uint8Array()));
  block.setMetadata(metadata);
  signBlock(block, orderer);
  return block;
}

/** The channel's first block: one CONFIG transaction naming the member organisations. */
export function createGenesisBlock(
  channelId: string,
  memberOrgs: readonly string[],
  orderer: Identity,
  timestamp: Date,
): common.Block {
  const config = new common.Config();
  config.setSequence(0);
  const application = new common.ConfigGroup();
  for (const org of memberOrgs) {
    application.getGroupsMap().set(org, new common.ConfigGroup());
  }
  const channelGroup = new common.ConfigGroup();
  channelGroup.getGroupsMap().set('Application', application);
  config.setChannelGroup(channelGroup);
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setChannelId(channelId);
  channelHeader.setTimestamp(timestampFromDate(timestamp));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader(orderer));
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const payloadBytes = payload.serializeBinary();
  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  envelope.setSignature(signLowS(payloadBytes, orderer.privateKey));
  return createBlock(0, new Uint8Array(), [envelope.serializeBinary()], orderer);
}

export function setTransactionsFilter(block: common.Block, codes: readonly number[]): void {
  setMetadataEntry(block, Index.TRANSACTIONS_FILTER, Uint8Array.from(codes));
}

export function transactionsFilter(block: common.Block): number[] {
  return [...(metadataList(block)[Index.TRANSACTIONS_FILTER] ?? [])];
}

/** Why `block` does not follow a block whose header hash is `previousHash`; undefined when it does. */
export function chainFault(
  block: common.Block,
  expectedNumber: number,
  previousHash: Uint8Array,
): string | undefined {
  const header = headerOf(block);
  if (header.number !== expectedNumber) {
    return `block ${expectedNumber} carries number ${header.number}`;
  }
  if (!Buffer.from(header.previousHash).equals(Buffer.from(previousHash))) {
    return `block ${expectedNumber}: previous_hash does not match the hash of block ${expectedNumber - 1}'s header`;
  }
  if (
    !blockDataHash(block.getData()?.getDataList_asU8() ?? []).equals(Buffer.from(header.dataHash))
  ) {
    return `block ${expectedNumber}: data_hash does not match its transactions`;
  }
  if (!ordererSignatureValid(block)) {
    return `block ${expectedNumber}: the orderer's signature does not verify`;
  }
  if (transactionsFilter(block).length !== (block.getData()?.getDataList().length ?? 0)) {
    return `block ${expectedNumber}: TRANSACTIONS_FILTER does not hold one code per transaction`;
  }
  return undefined;
}

function signBlock(block: common.Block, orderer: Identity): void {
  const lastConfig = new common.LastConfig();
  lastConfig.setIndex(0);
  const consenterMetadata = new common.Metadata();
  const ordererMetadata = new common.OrdererBlockMetadata();
  ordererMetadata.setLastConfig(lastConfig);
  ordererMetadata.setConsenterMetadata(consenterMetadata.serializeBinary());
  const value = ordererMetadata.serializeBinary();
  const sigHeader = signatureHeader(orderer);
  const signature = new common.MetadataSignature();
  signature.setSignatureHeader(sigHeader);
  signature.setSignature(
    signLowS(
      Buffer.concat([value, sigHeader, blockHeaderBytes(headerOf(block))]),
      orderer.privateKey,
    ),
  );
  const signatures = new common.Metadata();
  signatures.setValue(value);
  signatures.setSignaturesList([signature]);
  const lastConfigMetadata = new common.Metadata();
  lastConfigMetadata.setValue(lastConfig.serializeBinary());
  setMetadataEntry(block, Index.SIGNATURES, signatures.serializeBinary());
  setMetadataEntry(block, Index.LAST_CONFIG, lastConfigMetadata.serializeBinary());
}

function ordererSignatureValid(block: common.Block): boolean {
  const signatures = common.Metadata.deserializeBinary(metadataList(block)[Index.SIGNATURES]);
  const [signature] = signatures.getSignaturesList();
  if (signature === undefined) {
    return false;
  }
  const header = common.SignatureHeader.deserializeBinary(signature.getSignatureHeader_asU8());
  const creator = msp.SerializedIdentity.deserializeBinary(header.getCreator_asU8());
  const certificate = new X509Certificate(Buffer.from(creator.getIdBytes_asU8()));
  return verify(
    'sha256',
    Buffer.concat([
      signatures.getValue_asU8(),
      signature.getSignatureHeader_asU8(),
      blockHeaderBytes(headerOf(block)),
    ]),
    certificate.publicKey,
    signature.getSignature_asU8(),
  );
}

function signatureHeader(signer: Identity): Uint8Array {
  const header = new common.SignatureHeader();
  header.setCreator(serializeIdentity(signer.mspId, signer.certificate));
  header.setNonce(randomBytes(NONCE_LENGTH));
  return header.serializeBinary();
}

function metadataList(block: common.Block): Uint8Array[] {
  const metadata = block.getMetadata();
  if (metadata === undefined) {
    throw new Error('block without metadata');
  }
  return metadata.getMetadataList_asU8();
}

function setMetadataEntry(block: common.Block, index: number, bytes: Uint8Array): void {
  const list = metadataList(block);
  list[index] = bytes;
  block.getMetadata()?.setMetadataList(list);
}

function derSequence(items: readonly Buffer[]): Buffer {
  const body = Buffer.concat(items);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** Go's asn1 big.Int: minimal two's complement, so a leading 0x00 when the top bit is set. */
function derInteger(value: number): Buffer {
  let hex = BigInt(value).toString(16);
  if (hex.length % 2 === 1) {
    hex = `0${hex}`;
  }
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) {
    bytes = Buffer.concat([Buffer.from([0]), bytes]);
  }
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derOctetString(bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([0x04]), derLength(bytes.length), Buffer.from(bytes)]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
