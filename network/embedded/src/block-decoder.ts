/**
 * Reads stored blocks back into the records the ledger view exposes: each endorser transaction's
 * header (tx id, timestamp, creator), invocation arguments, endorsers, the endorsed chaincode
 * action (response, event, read/write set of the chaincode's namespace) and its validation code
 * from TRANSACTIONS_FILTER. The path through the envelope is protoutil's (txutils.go,
 * commonutils.go): Envelope → Payload → Transaction → TransactionAction → ChaincodeActionPayload
 * → ChaincodeEndorsedAction → ProposalResponsePayload → ChaincodeAction.
 */
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { headerOf, transactionsFilter } from './block-format';
import type {
  BlockRecord,
  ChaincodeEventData,
  MetadataWriteRecord,
  RangeQueryRecord,
  ReadRecord,
  TransactionRecord,
  ValidationCode,
  WriteRecord,
} from './records';
import type { Version } from './state-entry';

const kvrwset = ledger.rwset.kvrwset;

export function decodeBlock(block: common.Block, chaincodeName: string): BlockRecord {
  const number = headerOf(block).number;
  const codes = transactionsFilter(block);
  const transactions: TransactionRecord[] = [];
  (block.getData()?.getDataList_asU8() ?? []).forEach((bytes, txIndex) => {
    const record = decodeTransaction(bytes, chaincodeName, {
      blockNumber: number,
      txIndex,
      code: codes[txIndex],
    });
    if (record !== undefined) {
      transactions.push(record);
    }
  });
  return { number, transactions };
}

/** An endorser transaction of the block; undefined for a config transaction. */
function decodeTransaction(
  bytes: Uint8Array,
  chaincodeName: string,
  at: { blockNumber: number; txIndex: number; code: number | undefined },
): TransactionRecord | undefined {
  const envelope = common.Envelope.deserializeBinary(bytes);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const header = payload.getHeader();
  if (header === undefined) {
    throw new Error(`transaction ${at.txIndex} of block ${at.blockNumber} has no header`);
  }
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
    return undefined;
  }
  const signatureHeader = common.SignatureHeader.deserializeBinary(
    header.getSignatureHeader_asU8(),
  );
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8());
  const [txAction] = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList();
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(txAction.getPayload_asU8());
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(
    actionPayload.getChaincodeProposalPayload_asU8(),
  );
  const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(
    proposalPayload.getInput_asU8(),
  );
  const [fn, ...args] = (invocation.getChaincodeSpec()?.getInput()?.getArgsList_asU8() ?? []).map(
    (arg) => Buffer.from(arg).toString('utf8'),
  );
  const endorsed = actionPayload.getAction();
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array(),
  );
  const action = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
  const response = action.getResponse();
  const event = decodeEvent(action.getEvents_asU8());
  const timestamp = channelHeader.getTimestamp();
  return {
    blockNumber: at.blockNumber,
    txIndex: at.txIndex,
    txId: channelHeader.getTxId(),
    timestamp: new Date(
      (timestamp?.getSeconds() ?? 0) * 1000 + Math.floor((timestamp?.getNanos() ?? 0) / 1e6),
    ),
    creatorMspId: creator.getMspid(),
    creatorCertificate: Buffer.from(creator.getIdBytes_asU8()).toString('utf8'),
    chaincodeName,
    functionName: fn ?? '',
    args,
    validationCode: validationCodeName(at.code),
    endorsingOrgs: (endorsed?.getEndorsementsList() ?? []).map((endorsement) =>
      msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid(),
    ),
    response: {
      status: response?.getStatus() ?? 0,
      message: response?.getMessage() ?? '',
      payload: Buffer.from(response?.getPayload_asU8() ?? []),
    },
    ...(event !== undefined ? { event } : {}),
    ...decodeReadWriteSet(action.getResults_asU8(), chaincodeName),
    envelope: Buffer.from(bytes),
  };
}

function decodeEvent(bytes: Uint8Array): ChaincodeEventData | undefined {
  if (bytes.length === 0) {
    return undefined;
  }
  const event = peer.ChaincodeEvent.deserializeBinary(bytes);
  return { name: event.getEventName(), payload: Buffer.from(event.getPayload_asU8()) };
}

function decodeReadWriteSet(
  bytes: Uint8Array,
  namespace: string,
): {
  reads: ReadRecord[];
  rangeQueries: RangeQueryRecord[];
  writes: WriteRecord[];
  metadataWrites: MetadataWriteRecord[];
} {
  const set = ledger.rwset.TxReadWriteSet.deserializeBinary(bytes);
  const ns = set.getNsRwsetList().find((candidate) => candidate.getNamespace() === namespace);
  if (ns === undefined) {
    return { reads: [], rangeQueries: [], writes: [], metadataWrites: [] };
  }
  const kv = kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
  return {
    reads: kv.getReadsList().map((read) => {
      const version = versionOf(read.getVersion());
      return version === undefined ? { key: read.getKey() } : { key: read.getKey(), version };
    }),
    rangeQueries: kv.getRangeQueriesInfoList().map((info) => ({
      startKey: info.getStartKey(),
      endKey: info.getEndKey(),
      itrExhausted: info.getItrExhausted(),
      reads: (info.getRawReads()?.getKvReadsList() ?? []).map((read) => ({
        key: read.getKey(),
        version: versionOf(read.getVersion()) ?? { blockNum: 0, txNum: 0 },
      })),
    })),
    writes: kv
      .getWritesList()
      .map((write) =>
        write.getIsDelete()
          ? { key: write.getKey(), isDelete: true }
          : { key: write.getKey(), isDelete: false, value: Buffer.from(write.getValue_asU8()) },
      ),
    metadataWrites: kv.getMetadataWritesList().map((write) => {
      const entries: Record<string, Buffer> = {};
      for (const entry of write.getEntriesList()) {
        entries[entry.getName()] = Buffer.from(entry.getValue_asU8());
      }
      return { key: write.getKey(), entries };
    }),
  };
}

function versionOf(version: InstanceType<typeof kvrwset.Version> | undefined): Version | undefined {
  return version === undefined
    ? undefined
    : { blockNum: version.getBlockNum(), txNum: version.getTxNum() };
}

function validationCodeName(code: number | undefined): ValidationCode {
  const entry = Object.entries(peer.TxValidationCode).find(([, value]) => value === code);
  if (entry === undefined) {
    throw new Error(`unknown validation code ${String(code)}`);
  }
  return entry[0] as ValidationCode;
}
