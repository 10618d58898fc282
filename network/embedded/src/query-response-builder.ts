/**
 * Open query iterators of one transaction and the peer's batching of their results into
 * QueryResponse messages, after core/chaincode/query_response_generator.go and
 * transaction_context.go:
 * - without pagination results go out in batches of `maxResultLimit` (100 on a peer) with
 *   has_more = true; the record that overflowed a batch is already fetched and waits for the next
 *   QUERY_STATE_NEXT (so range query info covers it);
 * - a query stops silently at `totalQueryLimit` records (core.yaml ledger.state.totalQueryLimit);
 * - a paginated query returns one page with QueryResponseMetadata{fetched_records_count, bookmark}
 *   and closes its iterator.
 */
import { randomUUID } from 'crypto';
import { peer } from '@hyperledger/fabric-protos';

/** An iterator whose results are already serialized (queryresult.KV or KeyModification). */
export interface QueryResultSource {
  next(): Promise<Uint8Array | undefined>;
  close(): void;
  /** Paginated state queries only: the key to resume from, then close. */
  bookmarkAndClose?(): Promise<string>;
}

interface QueryContext {
  readonly source: QueryResultSource;
  pending: Uint8Array[];
  totalReturnCount: number;
}

export interface QueryLimits {
  /** Results per QueryResponse batch between peer and shim (peer: 100). */
  readonly maxResultLimit: number;
  /** Total results one query may return (core.yaml ledger.state.totalQueryLimit: 100000). */
  readonly totalQueryLimit: number;
}

export class QueryContexts {
  private readonly contexts = new Map<string, QueryContext>();

  constructor(readonly limits: QueryLimits) {}

  open(source: QueryResultSource): string {
    const id = randomUUID();
    this.contexts.set(id, { source, pending: [], totalReturnCount: 0 });
    return id;
  }

  has(id: string): boolean {
    return this.contexts.has(id);
  }

  cleanup(id: string): void {
    this.contexts.get(id)?.source.close();
    this.contexts.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.contexts.keys()]) {
      this.cleanup(id);
    }
  }

  /** Page size limit of a (possibly paginated) query, as Handler.calculateTotalReturnLimit. */
  totalReturnLimit(pageSize?: number): number {
    const total = this.limits.totalQueryLimit;
    return pageSize !== undefined && pageSize > 0 && pageSize < total ? pageSize : total;
  }

  async buildResponse(
    id: string,
    isPaginated: boolean,
    totalReturnLimit: number,
  ): Promise<peer.QueryResponse> {
    const context = this.contexts.get(id);
    if (context === undefined) {
      throw new Error('query iterator not found');
    }
    for (;;) {
      if (context.totalReturnCount >= totalReturnLimit) {
        return this.finalResponse(id, context, isPaginated);
      }
      let result: Uint8Array | undefined;
      try {
        result = await context.source.next();
      } catch (err) {
        this.cleanup(id);
        throw err;
      }
      if (result === undefined) {
        return this.finalResponse(id, context, isPaginated);
      }
      if (!isPaginated && context.pending.length === this.limits.maxResultLimit) {
        const batch = context.pending;
        context.pending = [result];
        context.totalReturnCount++;
        return queryResponse(id, batch, true);
      }
      context.pending.push(result);
      context.totalReturnCount++;
    }
  }

  private async finalResponse(
    id: string,
    context: QueryContext,
    isPaginated: boolean,
  ): Promise<peer.QueryResponse> {
    const batch = context.pending;
    context.pending = [];
    if (!isPaginated) {
      this.cleanup(id);
      return queryResponse(id, batch, false);
    }
    const bookmark = (await context.source.bookmarkAndClose?.()) ?? '';
    this.contexts.delete(id);
    const metadata = new peer.QueryResponseMetadata();
    metadata.setFetchedRecordsCount(context.totalReturnCount);
    metadata.setBookmark(bookmark);
    const response = queryResponse(id, batch, false);
    response.setMetadata(metadata.serializeBinary());
    return response;
  }
}

function queryResponse(id: string, batch: Uint8Array[], hasMore: boolean): peer.QueryResponse {
  const response = new peer.QueryResponse();
  response.setResultsList(
    batch.map((bytes) => {
      const result = new peer.QueryResultBytes();
      result.setResultbytes(bytes);
      return result;
    }),
  );
  response.setHasMore(hasMore);
  response.setId(id);
  return response;
}
