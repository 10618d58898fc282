/**
 * Endorser-side encodings: the simulation's TxReadWriteSet, the ProposalResponsePayload that the
 * gateway compares byte for byte across endorsers, endorsements, and the transaction envelope
 * the block stores (core/endorser/endorser.go, protoutil, ledger/rwset protos).
 */
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import type { Identity } from './identities';
import type { BuiltProposal } from './proposal';
import { serializeIdentity } from './proposal';
import type { ChaincodeResponseData, SimulationResults } from './records';
import { signLowS } from './signing';
import type { Version } from './state-entry';

const kvrwset = ledger.rwset.kvrwset;

export function encodeTxReadWriteSet(namespace: string, results: SimulationResults): Uint8Array {
  const set = new ledger.rwset.TxReadWriteSet();
  set.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  const touched =
    results.reads.length +
      results.writes.length +
      results.metadataWrites.length +
      results.rangeQueries.length >
    0;
  if (touched) {
    const kv = new kvrwset.KVRWSet();
    kv.setReadsList(results.reads.map((read) => kvRead(read.key, read.version)));
    kv.setRangeQueriesInfoList(
      results.rangeQueries.map((query) => {
        const info = new kvrwset.RangeQueryInfo();
        info.setStartKey(query.startKey);
        info.setEndKey(query.endKey);
        info.setItrExhausted(query.itrExhausted);
        const raw = new kvrwset.QueryReads();
        raw.setKvReadsList(query.reads.map((read) => kvRead(read.key, read.version)));
        info.setRawReads(raw);
        return info;
      }),
    );
    kv.setWritesList(
      results.writes.map((write) => {
        const entry = new kvrwset.KVWrite();
        entry.setKey(write.key);
        entry.setIsDelete(write.isDelete);
        if (write.value !== undefined) {
          entry.setValue(write.value);
        }
        return entry;
      }),
    );
    kv.setMetadataWritesList(
      results.metadataWrites.map((write) => {
        const entry = new kvrwset.KVMetadataWrite();
        entry.setKey(write.key);
        entry.setEntriesList(
          Object.entries(write.entries).map(([name, value]) => {
            const metadata = new kvrwset.KVMetadataEntry();
            metadata.setName(name);
            metadata.setValue(value);
            return metadata;
          }),
        );
        return entry;
      }),
    );
    const ns = new ledger.rwset.NsReadWriteSet();
    ns.setNamespace(namespace);
    ns.setRwset(kv.serializeBinary());
    set.setNsRwsetList([ns]);
  }
  return set.serializeBinary();
}

function kvRead(key: string, version: Version | undefined): InstanceType<typeof kvrwset.KVRead> {
  const read = new kvrwset.KVRead();
  read.setKey(key);
  if (version !== undefined) {
    const v = new kvrwset.Version();
    v.setBlockNum(version.blockNum);
    v.setTxNum(version.txNum);
    read.setVersion(v);
  }
  return read;
}

export interface ProposalResponseParts {
  readonly proposalHash: Uint8Array;
  readonly response: ChaincodeResponseData;
  readonly results: Uint8Array;
  /** Serialized peer.ChaincodeEvent, absent when the chaincode set none. */
  readonly event?: Uint8Array;
  readonly chaincodeName: string;
  readonly chaincodeVersion: string;
}

export function encodeProposalResponsePayload(parts: ProposalResponseParts): Uint8Array {
  const response = new peer.Response();
  response.setStatus(parts.response.status);
  response.setMessage(parts.response.message);
  response.setPayload(parts.response.payload);
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(parts.chaincodeName);
  chaincodeId.setVersion(parts.chaincodeVersion);
  const action = new peer.ChaincodeAction();
  action.setResults(parts.results);
  if (parts.event !== undefined) {
    action.setEvents(parts.event);
  }
  action.setResponse(response);
  action.setChaincodeId(chaincodeId);
  const payload = new peer.ProposalResponsePayload();
  payload.setProposalHash(parts.proposalHash);
  payload.setExtension$(action.serializeBinary());
  return payload.serializeBinary();
}

export function encodeChaincodeEvent(
  chaincodeName: string,
  txId: string,
  name: string,
  payload: Uint8Array,
): Uint8Array {
  const event = new peer.ChaincodeEvent();
  event.setChaincodeId(chaincodeName);
  event.setTxId(txId);
  event.setEventName(name);
  event.setPayload(payload);
  return event.serializeBinary();
}

export interface EndorsementData {
  readonly endorser: Uint8Array;
  readonly signature: Buffer;
}

/** ESCC: the endorsing peer signs proposal response payload || its serialized identity. */
export function endorse(
  peerIdentity: Identity,
  proposalResponsePayload: Uint8Array,
): EndorsementData {
  const endorser = serializeIdentity(peerIdentity.mspId, peerIdentity.certificate);
  const signature = signLowS(
    Buffer.concat([proposalResponsePayload, endorser]),
    peerIdentity.privateKey,
  );
  return { endorser, signature };
}

/** The transaction as ordered into a block (protoutil.CreateSignedTx). */
export function encodeTransactionEnvelope(
  proposal: BuiltProposal,
  proposalResponsePayload: Uint8Array,
  endorsements: readonly EndorsementData[],
): Buffer {
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(proposalResponsePayload);
  endorsedAction.setEndorsementsList(
    endorsements.map((data) => {
      const endorsement = new peer.Endorsement();
      endorsement.setEndorser(data.endorser);
      endorsement.setSignature(data.signature);
      return endorsement;
    }),
  );
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposal.payloadWithoutTransient);
  actionPayload.setAction(endorsedAction);

  const action = new peer.TransactionAction();
  action.setHeader(proposal.signatureHeader);
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);

  const header = new common.Header();
  header.setChannelHeader(proposal.channelHeader);
  header.setSignatureHeader(proposal.signatureHeader);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const payloadBytes = payload.serializeBinary();

  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  envelope.setSignature(signLowS(payloadBytes, proposal.identity.privateKey));
  return Buffer.from(envelope.serializeBinary());
}
