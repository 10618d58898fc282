/**
 * A channel's block store, after common/ledger/blkstorage: blocks appended to a block file, and an
 * index in LevelDB (block number → location, tx id → block, position and validation code,
 * chaincode events of valid transactions by height) with the store's info (height, file end, last
 * header hash). A block is durable once both are: the file is fsynced, then the index batch is
 * written with `sync`. At open, bytes past the indexed end of the file (a block whose index write
 * never happened) are cut: nothing of it was acknowledged.
 */
import { common } from '@hyperledger/fabric-protos';
import { openBlockFile, type BlockFile } from './block-file';
import { blockHeaderHash, chainFault, headerOf, transactionsFilter } from './block-format';
import { KeySpace, readU64, u64, type KeyValueStore } from './key-value-store';
import type { DeliveredEvent } from './records';

const EVENT_PAGE = 256;

export interface TransactionLocation {
  readonly blockNumber: number;
  readonly txIndex: number;
  /** Numeric peer.TxValidationCode. */
  readonly validationCode: number;
}

/** What a block adds to the index besides its location. */
export interface BlockIndexEntries {
  /** Tx id of each transaction, in block order ('' for a config transaction). */
  readonly txIds: readonly string[];
  /** Events of valid transactions. */
  readonly events: readonly IndexedEvent[];
}

export interface ChainVerification {
  readonly height: number;
  /** Empty when every block verifies. */
  readonly faults: readonly string[];
}

export type IndexedEvent = Omit<DeliveredEvent, 'chaincodeName'> & { readonly txIndex: number };

interface StoreInfo {
  height: number;
  fileSize: number;
  lastHeaderHash: Buffer;
}

export class BlockStore {
  private readonly infoKey: Buffer;
  private readonly locations: KeySpace;
  private readonly txIndex: KeySpace;
  private readonly eventIndex: KeySpace;

  private constructor(
    private readonly store: KeyValueStore,
    private readonly file: BlockFile,
    readonly channelId: string,
    readonly chaincodeName: string,
    private info: StoreInfo,
  ) {
    this.infoKey = new KeySpace('blockstore', channelId, 'info').key('');
    this.locations = new KeySpace('blockstore', channelId, 'blocks');
    this.txIndex = new KeySpace('blockstore', channelId, 'txids');
    this.eventIndex = new KeySpace('blockstore', channelId, 'events');
  }

  /** @param filePath the block file; in memory when undefined */
  static async open(
    store: KeyValueStore,
    filePath: string | undefined,
    channelId: string,
    chaincodeName: string,
  ): Promise<BlockStore> {
    const file = await openBlockFile(filePath);
    const infoBytes = await store.get(new KeySpace('blockstore', channelId, 'info').key(''));
    const info: StoreInfo =
      infoBytes === undefined
        ? { height: 0, fileSize: 0, lastHeaderHash: Buffer.alloc(0) }
        : {
            height: readU64(infoBytes, 0),
            fileSize: readU64(infoBytes, 8),
            lastHeaderHash: Buffer.from(infoBytes.subarray(16)),
          };
    if (file.size > info.fileSize) {
      await file.truncate(info.fileSize);
    } else if (file.size < info.fileSize) {
      throw new Error(
        `block file of channel ${channelId} holds ${file.size} bytes, its index expects ${info.fileSize}`,
      );
    }
    return new BlockStore(store, file, channelId, chaincodeName, info);
  }

  /** Number of blocks stored (the next block's number). */
  get height(): number {
    return this.info.height;
  }

  get lastHeaderHash(): Buffer {
    return this.info.lastHeaderHash;
  }

  /** Stores the next block durably: file bytes fsynced, then its index entries synced. */
  async append(block: common.Block, entries: BlockIndexEntries): Promise<void> {
    const header = headerOf(block);
    if (header.number !== this.info.height) {
      throw new Error(
        `block ${header.number} cannot follow block ${this.info.height - 1} on channel ${this.channelId}`,
      );
    }
    const bytes = Buffer.from(block.serializeBinary());
    const offset = await this.file.append(bytes);
    const codes = transactionsFilter(block);
    const info: StoreInfo = {
      height: header.number + 1,
      fileSize: offset + bytes.length,
      lastHeaderHash: blockHeaderHash(header),
    };
    const operations = [
      {
        type: 'put' as const,
        key: this.locations.key(u64(header.number)),
        value: location(offset, bytes.length),
      },
      { type: 'put' as const, key: this.infoKey, value: encodeInfo(info) },
    ];
    const seen = new Set<string>();
    for (const [txIndex, txId] of entries.txIds.entries()) {
      if (txId === '' || seen.has(txId) || codes[txIndex] === DUPLICATE_TXID_CODE) {
        continue;
      }
      seen.add(txId);
      operations.push({
        type: 'put',
        key: this.txIndex.key(txId),
        value: encodeLocation({
          blockNumber: header.number,
          txIndex,
          validationCode: codes[txIndex],
        }),
      });
    }
    for (const event of entries.events) {
      operations.push({
        type: 'put',
        key: this.eventIndex.key(Buffer.concat([u64(event.blockNumber), uint32(event.txIndex)])),
        value: encodeEvent(event),
      });
    }
    await this.store.write(operations, true);
    this.info = info;
  }

  async block(number: number): Promise<common.Block> {
    if (number >= this.info.height) {
      throw new Error(`block ${number} is not in the block store of channel ${this.channelId}`);
    }
    const locationBytes = await this.store.get(this.locations.key(u64(number)));
    if (locationBytes === undefined) {
      throw new Error(`block ${number} of channel ${this.channelId} is not indexed`);
    }
    const bytes = await this.file.read(readU64(locationBytes, 0), locationBytes.readUInt32BE(8));
    return common.Block.deserializeBinary(bytes);
  }

  /** Blocks from `from` up to the height when called, read one at a time. */
  async *blocks(from = 0, to = this.info.height): AsyncGenerator<common.Block> {
    for (let number = from; number < to; number++) {
      yield await this.block(number);
    }
  }

  /** The first transaction with this id (later duplicates are not indexed). */
  async transactionLocation(txId: string): Promise<TransactionLocation | undefined> {
    const bytes = await this.store.get(this.txIndex.key(txId));
    return bytes === undefined ? undefined : decodeLocation(bytes);
  }

  /** Events of valid transactions in blocks [from, to), in commit order, read in pages. */
  async *events(from: number, to: number): AsyncGenerator<DeliveredEvent> {
    let start = u64(from);
    const end = u64(to);
    for (;;) {
      const page = await this.eventPage(start, end);
      for (const [, value] of page) {
        yield { ...decodeEvent(value), chaincodeName: this.chaincodeName };
      }
      if (page.length < EVENT_PAGE) {
        return;
      }
      start = Buffer.concat([this.eventIndex.suffixOf(page[page.length - 1][0]), Buffer.from([0])]);
    }
  }

  /** Up to EVENT_PAGE index entries; the iterator is closed before they are handed out. */
  private async eventPage(start: Buffer, end: Buffer): Promise<[Buffer, Buffer][]> {
    const iterator = this.store.iterate({
      ...this.eventIndex.range(start, end),
      limit: EVENT_PAGE,
    });
    try {
      const page: [Buffer, Buffer][] = [];
      for (;;) {
        const batch = await iterator.nextBatch(EVENT_PAGE - page.length);
        if (batch.length === 0) {
          return page;
        }
        page.push(...batch);
      }
    } finally {
      await iterator.close();
    }
  }

  /**
   * Checks the whole chain: each block's number, previous_hash (hash of the previous header),
   * data_hash, orderer signature and validation codes; and that the last header hashes to what
   * the index recorded.
   */
  async verifyChain(): Promise<ChainVerification> {
    const faults: string[] = [];
    let previousHash: Uint8Array = new Uint8Array();
    let expected = 0;
    for await (const block of this.blocks()) {
      const fault = chainFault(block, expected, previousHash);
      if (fault !== undefined) {
        faults.push(fault);
      }
      previousHash = blockHeaderHash(headerOf(block));
      expected++;
    }
    if (expected > 0 && !Buffer.from(previousHash).equals(this.info.lastHeaderHash)) {
      faults.push(`the last block's header hash differs from the one the index recorded`);
    }
    return { height: this.info.height, faults };
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** peer.TxValidationCode.DUPLICATE_TXID: the first transaction with the id keeps the index. */
const DUPLICATE_TXID_CODE = 9;

function location(offset: number, length: number): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(BigInt(offset), 0);
  bytes.writeUInt32BE(length, 8);
  return bytes;
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function encodeInfo(info: StoreInfo): Buffer {
  return Buffer.concat([u64(info.height), u64(info.fileSize), info.lastHeaderHash]);
}

function encodeLocation(at: TransactionLocation): Buffer {
  const bytes = Buffer.alloc(13);
  bytes.writeBigUInt64BE(BigInt(at.blockNumber), 0);
  bytes.writeUInt32BE(at.txIndex, 8);
  bytes.writeUInt8(at.validationCode, 12);
  return bytes;
}

function decodeLocation(bytes: Buffer): TransactionLocation {
  return {
    blockNumber: readU64(bytes, 0),
    txIndex: bytes.readUInt32BE(8),
    validationCode: bytes.readUInt8(12),
  };
}

function encodeEvent(event: Omit<DeliveredEvent, 'chaincodeName'>): Buffer {
  const txId = Buffer.from(event.txId, 'utf8');
  const name = Buffer.from(event.name, 'utf8');
  const head = Buffer.alloc(16);
  head.writeBigUInt64BE(BigInt(event.blockNumber), 0);
  head.writeUInt32BE(txId.length, 8);
  head.writeUInt32BE(name.length, 12);
  return Buffer.concat([head, txId, name, event.payload]);
}

function decodeEvent(bytes: Buffer): Omit<DeliveredEvent, 'chaincodeName'> {
  const txIdLength = bytes.readUInt32BE(8);
  const nameLength = bytes.readUInt32BE(12);
  return {
    blockNumber: readU64(bytes, 0),
    txId: bytes.toString('utf8', 16, 16 + txIdLength),
    name: bytes.toString('utf8', 16 + txIdLength, 16 + txIdLength + nameLength),
    payload: Buffer.from(bytes.subarray(16 + txIdLength + nameLength)),
  };
}
