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
 */
import { peer } from '@hyperledger/fabric-protos';
import {
  evaluateChannelPolicy,
  evaluateSignaturePolicy,
  type ChannelEndorsementPolicy,
  type SignerIdentity,
} from './endorsement-policy';
import { compareKeys } from './key-order';
import type { Ledger } from './ledger';
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
import { sameVersion, type Version, type WorldState } from './world-state';

const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

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

export function validationStatusCode(code: ValidationCode): number {
  return peer.TxValidationCode[code];
}

export function commitBlock(
  ledger: Ledger,
  config: CommitConfig,
  txs: readonly EndorsedTransaction[],
): BlockRecord {
  const blockNumber = ledger.height;
  const verdicts = txs.map(() => ({ code: 'VALID' }) as Verdict);

  const seenTxIds = new Set<string>();
  txs.forEach((tx, i) => {
    const txId = tx.proposal.txId;
    if (ledger.hasTransaction(txId) || seenTxIds.has(txId)) {
      verdicts[i] = { code: 'DUPLICATE_TXID', message: `duplicate transaction found [${txId}]` };
    }
    seenTxIds.add(txId);
  });

  // Endorsement policies are checked against the state committed before this block.
  const metadataRewrittenBy = new Map<string, number>();
  txs.forEach((tx, i) => {
    if (verdicts[i].code === 'VALID') {
      verdicts[i] = checkEndorsementPolicy(ledger.state, config, tx, {
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
  });

  const transactions: TransactionRecord[] = txs.map((tx, i) => {
    if (verdicts[i].code === 'VALID') {
      verdicts[i] = checkReadConflicts(ledger.state, tx.results);
      if (verdicts[i].code === 'VALID') {
        applyWrites(ledger.state, tx.results, { blockNum: blockNumber, txNum: i });
      }
    }
    return transactionRecord(tx, blockNumber, i, verdicts[i], config.chaincodeName);
  });

  const block: BlockRecord = { number: blockNumber, transactions };
  ledger.append(block, config.chaincodeName);
  return block;
}

function checkEndorsementPolicy(
  state: WorldState,
  config: CommitConfig,
  tx: EndorsedTransaction,
  at: { blockNumber: number; txNum: number; rewrittenBy: ReadonlyMap<string, number> },
): Verdict {
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
    const parameter = state.get(key)?.metadata.get(VALIDATION_PARAMETER);
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

function checkReadConflicts(state: WorldState, results: SimulationResults): Verdict {
  for (const read of results.reads) {
    const committed = state.get(read.key)?.version;
    if (!sameVersion(committed, read.version)) {
      return {
        code: 'MVCC_READ_CONFLICT',
        message: `readset version of key [${read.key}] ${describe(read.version)} does not match committed version ${describe(committed)}`,
      };
    }
  }
  for (const query of results.rangeQueries) {
    const reason = rangeQueryDifference(state, query);
    if (reason !== undefined) {
      return { code: 'PHANTOM_READ_CONFLICT', message: reason };
    }
  }
  return { code: 'VALID' };
}

/** Re-executes a range query over current state (end key included unless exhausted). */
function rangeQueryDifference(state: WorldState, query: RangeQueryRecord): string | undefined {
  const range = `range [${query.startKey}, ${query.endKey}${query.itrExhausted ? ')' : ']'}`;
  const current: { key: string; version: Version }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const key = state.nextKey(query.startKey, '', cursor);
    if (key === undefined) {
      break;
    }
    const beyondEnd = query.itrExhausted
      ? query.endKey !== '' && !keyBefore(key, query.endKey)
      : keyBefore(query.endKey, key);
    if (beyondEnd) {
      break;
    }
    current.push({ key, version: (state.get(key) as { version: Version }).version });
    cursor = key;
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

function applyWrites(state: WorldState, results: SimulationResults, version: Version): void {
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
        : (state.get(write.key)?.metadata ?? new Map<string, Buffer>());
    state.put(write.key, { value: write.value, version, metadata });
  }
  for (const write of results.metadataWrites) {
    if (valueKeys.has(write.key)) {
      continue;
    }
    const current = state.get(write.key);
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
