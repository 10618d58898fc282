/** Plain records the embedded peer exposes: read/write sets, events, history, block log. */
import type { Version } from './state-entry';

export type { Version } from './state-entry';

/** One entry of the write set: the last write of the transaction to `key`. */
export interface WriteRecord {
  readonly key: string;
  readonly isDelete: boolean;
  /** Absent for deletes (an empty value is recorded as a delete, like the peer does). */
  readonly value?: Buffer;
}

/** One metadata write; `entries` is empty when the transaction deleted the key's metadata. */
export interface MetadataWriteRecord {
  readonly key: string;
  readonly entries: Readonly<Record<string, Buffer>>;
}

/** A key read with GetState/GetStateMetadata: committed version, absent when the key did not exist. */
export interface ReadRecord {
  readonly key: string;
  readonly version?: Version;
}

/** What the peer records of a range query for phantom-read validation (kvrwset.RangeQueryInfo). */
export interface RangeQueryRecord {
  readonly startKey: string;
  /** Last key fetched by the peer, or the query's end key once the iterator was exhausted. */
  readonly endKey: string;
  readonly itrExhausted: boolean;
  readonly reads: readonly { readonly key: string; readonly version: Version }[];
}

export interface ChaincodeEventData {
  readonly name: string;
  readonly payload: Buffer;
}

/** Chaincode event of a valid committed transaction, as event listeners receive it. */
export interface DeliveredEvent extends ChaincodeEventData {
  readonly blockNumber: number;
  readonly txId: string;
  readonly chaincodeName: string;
}

/** One entry of GetHistoryForKey (queryresult.KeyModification) plus its height. */
export interface HistoryEntry {
  readonly txId: string;
  readonly value: Buffer;
  readonly isDelete: boolean;
  readonly timestamp: Date;
  readonly blockNumber: number;
  readonly txNum: number;
}

/** Validation codes (peer.TxValidationCode names) the embedded committer produces. */
export type ValidationCode =
  | 'VALID'
  | 'ENDORSEMENT_POLICY_FAILURE'
  | 'MVCC_READ_CONFLICT'
  | 'PHANTOM_READ_CONFLICT'
  | 'DUPLICATE_TXID';

export interface ChaincodeResponseData {
  readonly status: number;
  readonly message: string;
  readonly payload: Buffer;
}

/** Read/write set and results of one simulation, in the order the peer's rwset builder emits. */
export interface SimulationResults {
  readonly reads: readonly ReadRecord[];
  readonly rangeQueries: readonly RangeQueryRecord[];
  readonly writes: readonly WriteRecord[];
  readonly metadataWrites: readonly MetadataWriteRecord[];
}

/** A transaction in the block log, valid or not. */
export interface TransactionRecord extends SimulationResults {
  readonly blockNumber: number;
  readonly txIndex: number;
  readonly txId: string;
  readonly timestamp: Date;
  readonly creatorMspId: string;
  readonly creatorCertificate: string;
  readonly chaincodeName: string;
  readonly functionName: string;
  /** Transaction arguments after the function name, decoded as UTF-8 (they are on the ledger). */
  readonly args: readonly string[];
  readonly validationCode: ValidationCode;
  /** Why the committer invalidated the transaction (peer log wording); absent when valid. */
  readonly validationMessage?: string;
  /** MSP ids of the endorsing peers. */
  readonly endorsingOrgs: readonly string[];
  /** Chaincode response; it is part of the endorsed proposal response, hence on the ledger. */
  readonly response: ChaincodeResponseData;
  readonly event?: ChaincodeEventData;
  /** The transaction envelope (common.Envelope) as the block stores it. */
  readonly envelope: Buffer;
}

export interface BlockRecord {
  readonly number: number;
  readonly transactions: readonly TransactionRecord[];
}
