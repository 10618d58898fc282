/**
 * What the peer's state database keeps per key: value, version (height of the last transaction
 * that wrote the key) and metadata (e.g. the key-level endorsement policy under
 * VALIDATION_PARAMETER), as statedb.VersionedValue.
 */

/** Height of a committed write: block number and position of the transaction in the block. */
export interface Version {
  readonly blockNum: number;
  readonly txNum: number;
}

export interface VersionedValue {
  readonly value: Buffer;
  readonly version: Version;
  /** Metadata entries by name; empty when the key has none. */
  readonly metadata: ReadonlyMap<string, Buffer>;
}

export interface StateEntry extends VersionedValue {
  readonly key: string;
}

export const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

export function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  if (a === undefined || b === undefined) {
    return a === b;
  }
  return a.blockNum === b.blockNum && a.txNum === b.txNum;
}

/** value ‖ metadata ‖ version in a compact binary form (the peer uses a protobuf). */
export function encodeVersionedValue(entry: VersionedValue): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(14);
  head.writeUIntBE(entry.version.blockNum, 0, 6);
  head.writeUInt32BE(entry.version.txNum, 6);
  head.writeUInt32BE(entry.metadata.size, 10);
  parts.push(head);
  for (const [name, value] of entry.metadata) {
    const nameBytes = Buffer.from(name, 'utf8');
    const lengths = Buffer.alloc(8);
    lengths.writeUInt32BE(nameBytes.length, 0);
    lengths.writeUInt32BE(value.length, 4);
    parts.push(lengths, nameBytes, value);
  }
  parts.push(entry.value);
  return Buffer.concat(parts);
}

export function decodeVersionedValue(bytes: Buffer): VersionedValue {
  const version = { blockNum: bytes.readUIntBE(0, 6), txNum: bytes.readUInt32BE(6) };
  const count = bytes.readUInt32BE(10);
  let offset = 14;
  const metadata = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt32BE(offset);
    const valueLength = bytes.readUInt32BE(offset + 4);
    offset += 8;
    const name = bytes.toString('utf8', offset, offset + nameLength);
    offset += nameLength;
    metadata.set(name, Buffer.from(bytes.subarray(offset, offset + valueLength)));
    offset += valueLength;
  }
  return { value: Buffer.from(bytes.subarray(offset)), version, metadata };
}
