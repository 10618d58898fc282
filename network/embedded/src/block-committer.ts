/**
 * Validation and commit of one block, in the committing peer's order:
 * 1. duplicate transaction ids → DUPLICATE_TXID (already on the ledger or earlier in the block);
 * 2. endorsement policy (VSCC, core/common/validation/statebased v20): for every key the
 *    transaction writes (value or metadata), a key-level validation parameter committed before
 *    this block must be satisfied, other keys need the chaincode policy (checked once); with no
 *    writes the chaincode policy applies; a key whose validation parameter an earlier valid
 *    transaction of the same block rewrote fails → ENDORSEMENT_POLICY_FAILURE;
 * 3. MVCC (core/ledger/kvledger/txmgmt/validation/validator.go), against committed state plus the
 *    writes of earlier valid transactions of the block: a read whose version changed →
 *    MVCC_READ_CONFLICT; a range query whose re-execution differs → PHANTOM_READ_CONFLICT;
 * 4. valid write sets applied at version (block, tx index) (tx_ops.go: value-only writes keep
 *    the key's metadata, metadata-only writes keep the value and are dropped for absent keys,
 *    deletes drop both); history and events of valid transactions only.
 * A block read back from the block store at recovery is applied with the validation codes it
 * carries, without validating again (kvledger `recommitLostBlocks`, txmgr `ValidateAndPrepare`
 * with doMVCCValidation false).
 */
import { peer } from '@hyperledger/fabric-protos';
import type { BlockStore, IndexedEvent } from './block-store';
import {
  evaluateChannelPolicy,
  evaluateSignaturePolicy,
  type ChannelEndorsementPolicy,
  type SignerIdentity,
} from './endorsement-policy';
import type { HistoryWrite } from './history-database';
import { compareKeys } from './key-order';
import type { BuiltProposal } from './proposal';
import type {
  BlockRecord,
  ChaincodeEventData,
  ChaincodeResponseData,
  RangeQueryRecord,
  SimulationResults,
  TransactionRecord,
  ValidationCode,
} from './records';
import type { StateDatabase } from './state-database';
import { sameVersion, VALIDATION_PARAMETER, type Version } from './state-entry';
import { StateUpdates } from './state-updates';

/** A transaction as the orderer delivers it: proposal, agreed endorsement results, endorsers. */
export interface EndorsedTransaction {
  readonly proposal: BuiltProposal;
  readonly results: SimulationResults;
  readonly response: ChaincodeResponseData;
  readonly event?: ChaincodeEventData;
  readonly signers: readonly SignerIdentity[];
  readonly envelope: Buffer;
}

export interface CommitConfig {
  readonly chaincodeName: string;
  readonly policy: ChannelEndorsementPolicy;
  readonly memberOrgs: readonly string[];
}

interface Verdict {
  code: ValidationCode;
  message?: string;
}

/** What committing a block changes on one peer, computed before anything is written. */
export interface BlockChanges {
  readonly blockNumber: number;
  readonly updates: StateUpdates;
  readonly history: readonly HistoryWrite[];
  readonly events: readonly IndexedEvent[];
}

export interface ValidatedBlock extends BlockChanges {
  /** One record per transaction, in block order, with its validation code and reason. */
  readonly records: readonly TransactionRecord[];
}

/** The transaction facts applying a valid write set needs. */
interface WriteSource {
  readonly txId: string;
  readonly txIndex: number;
  readonly timestamp: Date;
  readonly results: SimulationResults;
  readonly event?: ChaincodeEventData;
}

export function validationStatusCode(code: ValidationCode): number {
  return peer.TxValidationCode[code];
}

/** Validates block `blockNumber` on one peer, against that peer's committed state. */
export async function validateBlock(
  state: StateDatabase,
  blockStore: BlockStore,
  config: CommitConfig,
  blockNumber: number,
  txs: readonly EndorsedTransaction[],
): Promise<ValidatedBlock> {
  const verdicts = txs.map(() => ({ code: 'VALID' }) as Verdict);

  const seenTxIds = new Set<string>();
  for (const [i, tx] of txs.entries()) {
    const txId = tx.proposal.txId;
    const earlier = await blockStore.transactionLocation(txId);
    if ((earlier !== undefined && earlier.blockNumber < blockNumber) || seenTxIds.has(txId)) {
      verdicts[i] = { code: 'DUPLICATE_TXID', message: `duplicate transaction found [${txId}]` };
    }
    seenTxIds.add(txId);
  }

  // Endorsement policies are checked against the state committed before this block.
  const metadataRewrittenBy = new Map<string, number>();
  for (const [i, tx] of txs.entries()) {
    if (verdicts[i].code === 'VALID') {
      verdicts[i] = await checkEndorsementPolicy(state, config, tx, {
        blockNumber,
        txNum: i,
        rewrittenBy: metadataRewrittenBy,
      });
    }
    if (verdicts[i].code === 'VALID') {
      for (const write of tx.results.metadataWrites) {
        if (!metadataRewrittenBy.has(write.key)) {
          metadataRewrittenBy.set(write.key, i);
        }
      }
    }
  }

  const changes = new ChangeCollector(state, blockNumber);
  for (const [i, tx] of txs.entries()) {
    if (verdicts[i].code === 'VALID') {
      verdicts[i] = await checkReadConflicts(changes.updates, tx.results);
      if (verdicts[i].code === 'VALID') {
        await changes.apply({
          txId: tx.proposal.txId,
          txIndex: i,
          timestamp: tx.proposal.timestamp,
          results: tx.results,
          ...(tx.event !== undefined ? { event: tx.event } : {}),
        });
      }
    }
  }
  return {
    ...changes.result(),
    records: txs.map((tx, i) =>
      transactionRecord(tx, blockNumber, i, verdicts[i], config.chaincodeName),
    ),
  };
}

/** The changes of a stored block, from the validation codes it carries. */
export async function replayBlock(state: StateDatabase, block: BlockRecord): Promise<BlockChanges> {
  const changes = new ChangeCollector(state, block.number);
  for (const tx of block.transactions) {
    if (tx.validationCode === 'VALID') {
      await changes.apply({ ...tx, results: tx });
    }
  }
  return changes.result();
}

class ChangeCollector {
  readonly updates: StateUpdates;
  private readonly history: HistoryWrite[] = [];
  private readonly events: IndexedEvent[] = [];

  constructor(
    state: StateDatabase,
    private readonly blockNumber: number,
  ) {
    this.updates = new StateUpdates(state);
  }

  async apply(tx: WriteSource): Promise<void> {
    await applyWrites(this.updates, tx.results, { blockNum: this.blockNumber, txNum: tx.txIndex });
    for (const write of tx.results.writes) {
      this.history.push({
        key: write.key,
        entry: {
          txId: tx.txId,
          value: write.value ?? Buffer.alloc(0),
          isDelete: write.isDelete,
          timestamp: tx.timestamp,
          blockNumber: this.blockNumber,
          txNum: tx.txIndex,
        },
      });
    }
    if (tx.event !== undefined) {
      this.events.push({
        blockNumber: this.blockNumber,
        txIndex: tx.txIndex,
        txId: tx.txId,
        name: tx.event.name,
        payload: tx.event.payload,
      });
    }
  }

  result(): BlockChanges {
    return {
      blockNumber: this.blockNumber,
      updates: this.updates,
      history: this.history,
      events: this.events,
    };
  }
}

async function checkEndorsementPolicy(
  state: StateDatabase,
  config: CommitConfig,
  tx: EndorsedTransaction,
  at: { blockNumber: number; txNum: number; rewrittenBy: ReadonlyMap<string, number> },
): Promise<Verdict> {
  const failure = (message: string): Verdict => ({ code: 'ENDORSEMENT_POLICY_FAILURE', message });
  const ns = config.chaincodeName;
  let chaincodePolicyChecked = false;
  let somePolicyChecked = false;
  const checkChaincodePolicy = (): string | undefined => {
    const reason = evaluateChannelPolicy(config.policy, config.memberOrgs, tx.signers);
    chaincodePolicyChecked = somePolicyChecked = reason === undefined;
    return reason === undefined
      ? undefined
      : `validation of endorsement policy for chaincode ${ns} in tx ${at.blockNumber}:${at.txNum} failed: ${reason}`;
  };
  const writtenKeys = [
    ...tx.results.writes.map((write) => write.key),
    ...tx.results.metadataWrites.map((write) => write.key),
  ];
  for (const key of writtenKeys) {
    if (at.rewrittenBy.has(key)) {
      return failure(
        `validation parameters for key [${key}] in namespace [${ns}:] have been changed in transaction ${at.txNum} of block ${at.blockNumber}`,
      );
    }
    const parameter = (await state.get(key))?.metadata.get(VALIDATION_PARAMETER);
    if (parameter !== undefined && parameter.length > 0) {
      const reason = evaluateSignaturePolicy(parameter, tx.signers);
      if (reason !== undefined) {
        return failure(
          `validation of key ${key} (coll'':ns'${ns}') in tx ${at.blockNumber}:${at.txNum} failed: ${reason}`,
        );
      }
      somePolicyChecked = true;
    } else if (!chaincodePolicyChecked) {
      const reason = checkChaincodePolicy();
      if (reason !== undefined) {
        return failure(reason);
      }
    }
  }
  if (!somePolicyChecked) {
    const reason = checkChaincodePolicy();
    if (reason !== undefined) {
      return failure(reason);
    }
  }
  return { code: 'VALID' };
}

async function checkReadConflicts(
  state: StateUpdates,
  results: SimulationResults,
): Promise<Verdict> {
  for (const read of results.reads) {
    const committed = (await state.get(read.key))?.version;
    if (!sameVersion(committed, read.version)) {
      return {
        code: 'MVCC_READ_CONFLICT',
        message: `readset version of key [${read.key}] ${describe(read.version)} does not match committed version ${describe(committed)}`,
      };
    }
  }
  for (const query of results.rangeQueries) {
    const reason = await rangeQueryDifference(state, query);
    if (reason !== undefined) {
      return { code: 'PHANTOM_READ_CONFLICT', message: reason };
    }
  }
  return { code: 'VALID' };
}

/** Re-executes a range query over current state (end key included unless exhausted). */
async function rangeQueryDifference(
  state: StateUpdates,
  query: RangeQueryRecord,
): Promise<string | undefined> {
  const range = `range [${query.startKey}, ${query.endKey}${query.itrExhausted ? ')' : ']'}`;
  const current: { key: string; version: Version }[] = [];
  for await (const entry of state.scanFrom(query.startKey)) {
    const beyondEnd = query.itrExhausted
      ? query.endKey !== '' && !keyBefore(entry.key, query.endKey)
      : keyBefore(query.endKey, entry.key);
    if (beyondEnd) {
      break;
    }
    current.push({ key: entry.key, version: entry.version });
    if (current.length > query.reads.length) {
      break;
    }
  }
  for (let i = 0; i < query.reads.length; i++) {
    const recorded = query.reads[i];
    const now = current[i];
    if (now === undefined) {
      return `${range}: key [${recorded.key}] got deleted`;
    }
    if (now.key !== recorded.key || !sameVersion(now.version, recorded.version)) {
      return `${range}: found key [${now.key}] ${describe(now.version)} where the simulation read [${recorded.key}] ${describe(recorded.version)}`;
    }
  }
  if (current.length > query.reads.length) {
    return `${range}: extra key [${current[query.reads.length].key}]`;
  }
  return undefined;
}

function keyBefore(a: string, b: string): boolean {
  return compareKeys(a, b) < 0;
}

async function applyWrites(
  state: StateUpdates,
  results: SimulationResults,
  version: Version,
): Promise<void> {
  const metadataByKey = new Map(results.metadataWrites.map((w) => [w.key, w.entries] as const));
  const valueKeys = new Set<string>();
  for (const write of results.writes) {
    valueKeys.add(write.key);
    if (write.isDelete || write.value === undefined) {
      state.delete(write.key);
      continue;
    }
    const entries = metadataByKey.get(write.key);
    const metadata =
      entries !== undefined
        ? toMap(entries)
        : ((await state.get(write.key))?.metadata ?? new Map<string, Buffer>());
    state.put(write.key, { value: write.value, version, metadata });
  }
  for (const write of results.metadataWrites) {
    if (valueKeys.has(write.key)) {
      continue;
    }
    const current = await state.get(write.key);
    if (current !== undefined) {
      state.put(write.key, { value: current.value, version, metadata: toMap(write.entries) });
    }
  }
}

function toMap(entries: Readonly<Record<string, Buffer>>): Map<string, Buffer> {
  return new Map(Object.entries(entries));
}

function describe(version: Version | undefined): string {
  return version === undefined ? '(absent)' : `(${version.blockNum}:${version.txNum})`;
}

function transactionRecord(
  tx: EndorsedTransaction,
  blockNumber: number,
  txIndex: number,
  verdict: Verdict,
  chaincodeName: string,
): TransactionRecord {
  const [fn, ...args] = tx.proposal.args.map((arg) => arg.toString('utf8'));
  return {
    blockNumber,
    txIndex,
    txId: tx.proposal.txId,
    timestamp: tx.proposal.timestamp,
    creatorMspId: tx.proposal.identity.mspId,
    creatorCertificate: tx.proposal.identity.certificate,
    chaincodeName,
    functionName: fn ?? '',
    args,
    validationCode: verdict.code,
    ...(verdict.message !== undefined && verdict.code !== 'VALID'
      ? { validationMessage: verdict.message }
      : {}),
    endorsingOrgs: tx.signers.map((signer) => signer.mspId),
    response: tx.response,
    ...(tx.event !== undefined ? { event: tx.event } : {}),
    reads: tx.results.reads,
    rangeQueries: tx.results.rangeQueries,
    writes: tx.results.writes,
    metadataWrites: tx.results.metadataWrites,
    envelope: tx.envelope,
  };
}
