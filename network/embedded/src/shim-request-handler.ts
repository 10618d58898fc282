/**
 * The peer side of the chaincode's state requests (GET_STATE, PUT_STATE, ... sent by the shim while
 * a transaction runs), after core/chaincode/handler.go. Each handler returns the RESPONSE payload
 * or throws; the caller answers an ERROR message worded like the peer:
 * `<TYPE> failed: transaction ID: <txid>: <reason>`.
 */
import { ledger, peer } from '@hyperledger/fabric-protos';
import type { QueryContexts, QueryResultSource } from './query-response-builder';
import type { HistoryScanner } from './history-database';
import type { RangeScanIterator } from './range-scan-iterator';
import { timestampFromDate } from './shim-internals';
import type { TxSimulator } from './tx-simulator';

/** What the peer keeps for a transaction while its chaincode runs (TransactionContext). */
export interface TransactionContext {
  readonly channelId: string;
  readonly txId: string;
  /** Chaincode name = state namespace. */
  readonly namespace: string;
  readonly simulator: TxSimulator;
  readonly queries: QueryContexts;
  /** Committed history of a key, newest first (history database). */
  readonly history: (key: string) => HistoryScanner;
  readonly isInit: boolean;
}

const Type = peer.ChaincodeMessage.Type;
type MessageType = (typeof Type)[keyof typeof Type];

const TYPE_NAMES = new Map<number, string>(
  Object.entries(Type).map(([name, value]) => [value as number, name]),
);

export function messageTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? String(type);
}

/** Handles one request of the chaincode; returns the RESPONSE payload. */
export async function handleShimRequest(
  message: peer.ChaincodeMessage,
  tx: TransactionContext,
): Promise<Uint8Array> {
  const payload = message.getPayload_asU8();
  switch (message.getType() as MessageType) {
    case Type.GET_STATE:
      return getState(peer.GetState.deserializeBinary(payload), tx);
    case Type.PUT_STATE:
      return putState(peer.PutState.deserializeBinary(payload), tx);
    case Type.DEL_STATE:
      return delState(peer.DelState.deserializeBinary(payload), tx);
    case Type.GET_STATE_METADATA:
      return getStateMetadata(peer.GetStateMetadata.deserializeBinary(payload), tx);
    case Type.PUT_STATE_METADATA:
      return putStateMetadata(peer.PutStateMetadata.deserializeBinary(payload), tx);
    case Type.GET_STATE_BY_RANGE:
      return getStateByRange(peer.GetStateByRange.deserializeBinary(payload), tx);
    case Type.QUERY_STATE_NEXT:
      return queryStateNext(peer.QueryStateNext.deserializeBinary(payload), tx);
    case Type.QUERY_STATE_CLOSE:
      return queryStateClose(peer.QueryStateClose.deserializeBinary(payload), tx);
    case Type.GET_QUERY_RESULT:
      return getQueryResult(peer.GetQueryResult.deserializeBinary(payload), tx);
    case Type.GET_HISTORY_FOR_KEY:
      return getHistoryForKey(peer.GetHistoryForKey.deserializeBinary(payload), tx);
    case Type.GET_PRIVATE_DATA_HASH:
      privateDataAllowed(tx);
      throw new Error(
        `collection config not defined for chaincode [${tx.namespace}], pass the collection configuration upon chaincode definition/instantiation`,
      );
    case Type.PURGE_PRIVATE_DATA: {
      const request = peer.PurgePrivateState.deserializeBinary(payload);
      if (request.getCollection() === '') {
        throw new Error('only applicable for private data');
      }
      return noSuchCollection(request.getCollection(), tx);
    }
    default:
      throw new Error(
        `message type ${messageTypeName(message.getType())} is not supported by the embedded peer`,
      );
  }
}

async function getState(request: peer.GetState, tx: TransactionContext): Promise<Uint8Array> {
  rejectCollection(request.getCollection(), tx);
  return (await tx.simulator.getState(request.getKey())) ?? new Uint8Array();
}

async function putState(request: peer.PutState, tx: TransactionContext): Promise<Uint8Array> {
  rejectCollection(request.getCollection(), tx);
  await tx.simulator.setState(request.getKey(), Buffer.from(request.getValue_asU8()));
  return new Uint8Array();
}

async function delState(request: peer.DelState, tx: TransactionContext): Promise<Uint8Array> {
  rejectCollection(request.getCollection(), tx);
  await tx.simulator.deleteState(request.getKey());
  return new Uint8Array();
}

async function getStateMetadata(
  request: peer.GetStateMetadata,
  tx: TransactionContext,
): Promise<Uint8Array> {
  rejectCollection(request.getCollection(), tx);
  const metadata = await tx.simulator.getStateMetadata(request.getKey());
  const result = new peer.StateMetadataResult();
  result.setEntriesList(
    [...metadata.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([metakey, value]) => {
        const entry = new peer.StateMetadata();
        entry.setMetakey(metakey);
        entry.setValue(value);
        return entry;
      }),
  );
  return result.serializeBinary();
}

async function putStateMetadata(
  request: peer.PutStateMetadata,
  tx: TransactionContext,
): Promise<Uint8Array> {
  const metadata = request.getMetadata();
  const entries = new Map<string, Buffer>();
  entries.set(metadata?.getMetakey() ?? '', Buffer.from(metadata?.getValue_asU8() ?? []));
  rejectCollection(request.getCollection(), tx);
  await tx.simulator.setStateMetadata(request.getKey(), entries);
  return new Uint8Array();
}

async function getStateByRange(
  request: peer.GetStateByRange,
  tx: TransactionContext,
): Promise<Uint8Array> {
  const metadata = queryMetadata(request.getMetadata_asU8());
  const totalReturnLimit = tx.queries.totalReturnLimit(metadata?.getPagesize());
  rejectCollection(request.getCollection(), tx);
  const paginated = isSetForPagination(metadata);
  let scan: RangeScanIterator;
  if (paginated && metadata !== undefined) {
    const startKey = metadata.getBookmark() !== '' ? metadata.getBookmark() : request.getStartkey();
    scan = tx.simulator.rangeScanWithPagination(
      startKey,
      request.getEndkey(),
      metadata.getPagesize(),
    );
  } else {
    scan = tx.simulator.rangeScan(request.getStartkey(), request.getEndkey());
  }
  const id = tx.queries.open(kvSource(scan, tx.namespace));
  return (await tx.queries.buildResponse(id, paginated, totalReturnLimit)).serializeBinary();
}

async function queryStateNext(
  request: peer.QueryStateNext,
  tx: TransactionContext,
): Promise<Uint8Array> {
  if (!tx.queries.has(request.getId())) {
    throw new Error('query iterator not found');
  }
  const limit = tx.queries.totalReturnLimit();
  return (await tx.queries.buildResponse(request.getId(), false, limit)).serializeBinary();
}

function queryStateClose(request: peer.QueryStateClose, tx: TransactionContext): Uint8Array {
  tx.queries.cleanup(request.getId());
  const response = new peer.QueryResponse();
  response.setHasMore(false);
  response.setId(request.getId());
  return response.serializeBinary();
}

function getQueryResult(request: peer.GetQueryResult, tx: TransactionContext): Uint8Array {
  const metadata = queryMetadata(request.getMetadata_asU8());
  rejectCollection(request.getCollection(), tx);
  if (isSetForPagination(metadata)) {
    return tx.simulator.executeQueryWithPagination();
  }
  return tx.simulator.executeQuery();
}

async function getHistoryForKey(
  request: peer.GetHistoryForKey,
  tx: TransactionContext,
): Promise<Uint8Array> {
  const scanner = tx.history(request.getKey());
  const source: QueryResultSource = {
    async next() {
      const entry = await scanner.next();
      if (entry === undefined) {
        return undefined;
      }
      const modification = new ledger.queryresult.KeyModification();
      modification.setTxId(entry.txId);
      modification.setValue(entry.value);
      modification.setTimestamp(timestampFromDate(entry.timestamp));
      modification.setIsDelete(entry.isDelete);
      return modification.serializeBinary();
    },
    close: () => scanner.close(),
  };
  const id = tx.queries.open(source);
  return (
    await tx.queries.buildResponse(id, false, tx.queries.totalReturnLimit())
  ).serializeBinary();
}

function kvSource(scan: RangeScanIterator, namespace: string): QueryResultSource {
  return {
    async next() {
      const result = await scan.next();
      if (result === undefined) {
        return undefined;
      }
      const kv = new ledger.queryresult.KV();
      kv.setNamespace(namespace);
      kv.setKey(result.key);
      kv.setValue(result.value);
      return kv.serializeBinary();
    },
    close: () => scan.close(),
    bookmarkAndClose: () => scan.bookmarkAndClose(),
  };
}

function queryMetadata(bytes: Uint8Array): peer.QueryMetadata | undefined {
  return bytes.length === 0 ? undefined : peer.QueryMetadata.deserializeBinary(bytes);
}

function isSetForPagination(metadata: peer.QueryMetadata | undefined): boolean {
  return metadata !== undefined && (metadata.getPagesize() !== 0 || metadata.getBookmark() !== '');
}

function privateDataAllowed(tx: TransactionContext): void {
  if (tx.isInit) {
    throw new Error('private data APIs are not allowed in chaincode Init()');
  }
}

/** No collections are defined on the embedded channel: every private data request fails. */
function rejectCollection(collection: string, tx: TransactionContext): void {
  if (collection !== '') {
    noSuchCollection(collection, tx);
  }
}

function noSuchCollection(collection: string, tx: TransactionContext): never {
  privateDataAllowed(tx);
  throw new Error(`collection ${tx.channelId}/${tx.namespace}/${collection} could not be found`);
}
