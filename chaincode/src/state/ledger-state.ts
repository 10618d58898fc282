import type { ChaincodeStub, Iterators } from 'fabric-shim-api';
import { KeyEndorsementPolicy } from 'fabric-shim';
import { NotFound } from '../domain/errors';
import { canonicalJson } from './canonical-json';

export interface Entry<T> {
  key: string;
  value: T;
}

export interface Page<T> {
  records: T[];
  /** Pass back to get the next page; empty when there is none. */
  bookmark: string;
}

/**
 * Typed access to world state. Remember what a peer does: a transaction does
 * not read its own writes, and paginated queries are for read-only calls.
 */
export class LedgerState {
  constructor(private readonly stub: ChaincodeStub) {}

  key(type: string, attributes: string[]): string {
    return this.stub.createCompositeKey(type, attributes);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const bytes = await this.stub.getState(key);
    return bytes && bytes.length > 0
      ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as T)
      : undefined;
  }

  async exists(key: string): Promise<boolean> {
    const bytes = await this.stub.getState(key);
    return bytes !== undefined && bytes.length > 0;
  }

  async require<T>(key: string, what: string, id: string): Promise<T> {
    const value = await this.get<T>(key);
    if (value === undefined) {
      throw new NotFound(what, id);
    }
    return value;
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.stub.putState(key, Buffer.from(canonicalJson(value), 'utf8'));
  }

  /** An index entry: the key carries the information, the value is a marker. */
  async putMarker(key: string): Promise<void> {
    await this.stub.putState(key, Buffer.from([0]));
  }

  async delete(key: string): Promise<void> {
    await this.stub.deleteState(key);
  }

  async *scan<T>(type: string, attributes: string[]): AsyncGenerator<Entry<T>> {
    yield* decode<T>(this.stub.getStateByPartialCompositeKey(type, attributes));
  }

  async *range<T>(start: string, end: string): AsyncGenerator<Entry<T>> {
    yield* decode<T>(this.stub.getStateByRange(start, end));
  }

  async keysOf(type: string, attributes: string[]): Promise<string[][]> {
    const keys: string[][] = [];
    for await (const entry of this.stub.getStateByPartialCompositeKey(type, attributes)) {
      keys.push(this.stub.splitCompositeKey(entry.key).attributes);
    }
    return keys;
  }

  async page<T>(
    type: string,
    attributes: string[],
    pageSize: number,
    bookmark: string,
  ): Promise<Page<Entry<T>>> {
    const response = await this.stub.getStateByPartialCompositeKeyWithPagination(
      type,
      attributes,
      pageSize,
      bookmark,
    );
    return { records: await collect<T>(response.iterator), bookmark: bookmarkOf(response) };
  }

  async pageRange<T>(
    start: string,
    end: string,
    pageSize: number,
    bookmark: string,
  ): Promise<Page<Entry<T>>> {
    const response = await this.stub.getStateByRangeWithPagination(start, end, pageSize, bookmark);
    return { records: await collect<T>(response.iterator), bookmark: bookmarkOf(response) };
  }

  attributesOf(compositeKey: string): string[] {
    return this.stub.splitCompositeKey(compositeKey).attributes;
  }

  /** From now on, writes to `key` need an endorsement from every one of `orgs`. */
  async requireEndorsementBy(key: string, orgs: string[]): Promise<void> {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('MEMBER', ...[...new Set(orgs)].sort());
    await this.stub.setStateValidationParameter(key, policy.getPolicy());
  }
}

async function* decode<T>(results: AsyncIterable<Iterators.KV>): AsyncGenerator<Entry<T>> {
  for await (const result of results) {
    yield { key: result.key, value: parse<T>(result.value) };
  }
}

async function collect<T>(iterator: Iterators.StateQueryIterator): Promise<Array<Entry<T>>> {
  const records: Array<Entry<T>> = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      records.push({ key: next.value.key, value: parse<T>(next.value.value) });
    }
  } finally {
    await iterator.close();
  }
  return records;
}

/**
 * An empty last page carries metadata {0, ""}, which protobuf encodes as no
 * bytes at all, and the shim then leaves `metadata` out.
 */
function bookmarkOf(response: { metadata?: { bookmark?: string } }): string {
  return response.metadata?.bookmark ?? '';
}

function parse<T>(bytes: Uint8Array): T {
  const text = Buffer.from(bytes).toString('utf8');
  return (text === '\u0000' ? null : JSON.parse(text)) as T;
}
