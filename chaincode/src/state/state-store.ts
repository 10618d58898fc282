import type { ChaincodeStub, Iterators } from 'fabric-shim-api';
import { NotFound } from '../domain/errors';
import { canonicalJson } from './canonical-json';
import { rangeOf } from './keys';

export interface Entry<T> {
  key: string;
  value: T;
}

export interface Page<T> {
  records: T[];
  /** Pass back to get the next page; empty when there is none. */
  bookmark: string;
}

/** The key-level policy of a record that belongs to `parties`. */
export type PolicyOf = (parties: readonly string[]) => Uint8Array;

/**
 * Typed access to world state. Remember what a peer does: a transaction does
 * not read its own writes, and paginated queries are for read-only calls.
 * A record is created under the policy of the organisations it belongs to,
 * which every later write and delete of its key must then satisfy.
 */
export class StateStore {
  constructor(
    private readonly stub: ChaincodeStub,
    private readonly policyOf: PolicyOf,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const bytes = await this.stub.getState(key);
    return bytes && bytes.length > 0 ? parse<T>(bytes) : undefined;
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

  /** Writes a new key and puts it under the parties' endorsement policy. */
  async create(key: string, value: unknown, parties: readonly string[]): Promise<void> {
    await this.update(key, value);
    await this.guard(key, parties);
  }

  /** An index entry: the key carries the information, the value is a marker. */
  async createMarker(key: string, parties: readonly string[]): Promise<void> {
    await this.stub.putState(key, Buffer.from([0]));
    await this.guard(key, parties);
  }

  /** Rewrites an existing key; it keeps its endorsement policy. */
  async update(key: string, value: unknown): Promise<void> {
    await this.stub.putState(key, Buffer.from(canonicalJson(value), 'utf8'));
  }

  async delete(key: string): Promise<void> {
    await this.stub.deleteState(key);
  }

  /** From now on, writes to `key` need the endorsement of `parties` (and the channel's). */
  async guard(key: string, parties: readonly string[]): Promise<void> {
    await this.stub.setStateValidationParameter(key, this.policyOf(parties));
  }

  async *range<T>(start: string, end: string): AsyncGenerator<Entry<T>> {
    for await (const result of this.stub.getStateByRange(start, end)) {
      yield { key: result.key, value: parse<T>(result.value) };
    }
  }

  /** Every key that extends `prefix`, in key order. */
  scan<T>(prefix: string): AsyncGenerator<Entry<T>> {
    const [start, end] = rangeOf(prefix);
    return this.range<T>(start, end);
  }

  /** One page of the keys that extend `prefix`; for read-only transactions. */
  async page<T>(prefix: string, pageSize: number, bookmark: string): Promise<Page<Entry<T>>> {
    const [start, end] = rangeOf(prefix);
    const response = await this.stub.getStateByRangeWithPagination(start, end, pageSize, bookmark);
    return { records: await collect<T>(response.iterator), bookmark: bookmarkOf(response) };
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
