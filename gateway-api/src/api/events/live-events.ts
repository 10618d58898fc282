/**
 * Events that do not come from the ledger's blocks — session progress from
 * the orchestrator (added by the sessions work) — streamed beside the
 * chaincode events as they happen. They are not resumable: a client that
 * reconnects gets those that happen from then on.
 */
export interface LiveEvent {
  /** The SSE event type, e.g. `session`. */
  type: string;
  /** The channel the event concerns, when it concerns one; streams that do not read it skip it. */
  channel?: string;
  data: unknown;
}

export interface LiveEventSource {
  /** Calls `listener` for each event from now on; returns the function that stops it. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
}
