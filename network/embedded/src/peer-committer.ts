/**
 * The committing side of one peer: it receives every block the orderer cuts, after its own delay
 * (a peer that pulls blocks later than the others), and commits them in order, each validated
 * against its own state under its exclusive commit lock. The first peer to validate a block
 * stores it, with its validation codes, in the channel's block store before committing; the
 * others check that they reached the same codes (a state fork otherwise) and commit behind it.
 */
import type { common } from '@hyperledger/fabric-protos';
import {
  validateBlock,
  validationStatusCode,
  type CommitConfig,
  type EndorsedTransaction,
  type ValidatedBlock,
} from './block-committer';
import { setTransactionsFilter } from './block-format';
import type { BlockStore } from './block-store';
import type { PeerLedger } from './peer-ledger';

/** A block the orderer cut, held in memory while peers commit it. */
export interface OrderedBlock {
  readonly number: number;
  /** Without validation codes until the first peer has validated it. */
  readonly block: common.Block;
  readonly transactions: readonly EndorsedTransaction[];
  /** Validation codes of the stored block, once the first peer stores it. */
  stored?: Promise<readonly number[]>;
}

export class PeerCommitter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ledger: PeerLedger,
    private readonly blockStore: BlockStore,
    private readonly config: CommitConfig,
    /** How long after the block was cut this peer starts committing it. */
    private readonly lagMs: number,
  ) {}

  /** Commits the block once the peer's lag has passed and earlier blocks are committed. */
  deliver(ordered: OrderedBlock): Promise<ValidatedBlock> {
    const lag = this.lagMs > 0 ? delay(this.lagMs) : Promise.resolve();
    const committed = this.tail.then(async () => {
      await lag;
      return this.commit(ordered);
    });
    this.tail = committed;
    return committed;
  }

  private async commit(ordered: OrderedBlock): Promise<ValidatedBlock> {
    const release = await this.ledger.lock.acquireExclusive();
    try {
      const validated = await validateBlock(
        this.ledger.state,
        this.blockStore,
        this.config,
        ordered.number,
        ordered.transactions,
      );
      const codes = validated.records.map((record) => validationStatusCode(record.validationCode));
      ordered.stored ??= this.store(ordered, codes, validated);
      const stored = await ordered.stored;
      if (stored.some((code, i) => code !== codes[i])) {
        throw new Error(
          `${this.ledger.peerName} validated block ${ordered.number} as [${codes.join(',')}], the block store holds [${stored.join(',')}]: state fork`,
        );
      }
      await this.ledger.commit(validated);
      return validated;
    } finally {
      release();
    }
  }

  private async store(
    ordered: OrderedBlock,
    codes: readonly number[],
    validated: ValidatedBlock,
  ): Promise<readonly number[]> {
    setTransactionsFilter(ordered.block, codes);
    await this.blockStore.append(ordered.block, {
      txIds: ordered.transactions.map((tx) => tx.proposal.txId),
      events: validated.events,
    });
    return codes;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
