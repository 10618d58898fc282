import type { ChaincodeStub, Iterators } from 'fabric-shim-api';
import { FailedPrecondition, NotFound } from '../domain/errors';
import { canonicalJson } from './canonical-json';
import { KEY, rangeOf, stateKey } from './keys';

const MARKER = Buffer.from([0]);

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

/** An organisation's membership of the channel, written once when it joins. */
export interface MemberRecord {
  mspId: string;
  joinedAt: number;
  joinedBy: string;
}

export const memberKeyOf = (mspId: string): string => stateKey(KEY.member, mspId);
export const anchorKeyOf = (mspId: string): string => stateKey(KEY.anchor, mspId);

/**
 * Typed access to world state. Remember what a peer does: a transaction does
 * not read its own writes, and paginated queries are for read-only calls.
 *
 * A record is created under the policy of the organisations it belongs to,
 * which every later write and delete of its key must then satisfy. A new key
 * is validated against the chaincode-level policy only, so a transaction that
 * creates records also writes the anchor of every organisation they belong
 * to: a constant marker under that organisation's policy, written without
 * being read, so the organisation must endorse the creation while concurrent
 * transactions never conflict on it.
 */
export class StateStore {
  readonly #partiesOfCreated = new Set<string>();

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
    parties.forEach((party) => this.#partiesOfCreated.add(party));
  }

  /** An index entry: the key carries the information, the value is a marker. */
  async createMarker(key: string, parties: readonly string[]): Promise<void> {
    await this.stub.putState(key, MARKER);
    await this.guard(key, parties);
    parties.forEach((party) => this.#partiesOfCreated.add(party));
  }

  /**
   * Writes a channel's first record, created before any anchor exists: its
   * creation needs the chaincode-level policy only.
   */
  async createFirst(key: string, value: unknown, parties: readonly string[]): Promise<void> {
    await this.update(key, value);
    await this.guard(key, parties);
  }

  /** Makes an organisation a member of the channel: its membership and its anchor. */
  async join(member: MemberRecord): Promise<void> {
    await this.update(memberKeyOf(member.mspId), member);
    await this.guard(memberKeyOf(member.mspId), [member.mspId]);
    await this.stub.putState(anchorKeyOf(member.mspId), MARKER);
    await this.guard(anchorKeyOf(member.mspId), [member.mspId]);
  }

  /** Writes the anchors of the organisations whose records this transaction created. */
  async anchorCreations(): Promise<void> {
    for (const mspId of [...this.#partiesOfCreated].sort()) {
      if (!(await this.exists(memberKeyOf(mspId)))) {
        throw new FailedPrecondition(
          `${mspId} has not joined this channel's ledger yet: tokens:Init makes the members its settings name join, governance:Join a member added later`,
        );
      }
      await this.stub.putState(anchorKeyOf(mspId), MARKER);
    }
    this.#partiesOfCreated.clear();
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
