/**
 * Fault injection for the metrics endpoint. A fault stays on until cleared, or for the next
 * `times` metrics requests when given. Latency holds every affected response back; of the other
 * kinds the earliest injected one answers the request instead of the real handler.
 */
export type Fault = (
  | { kind: 'latency'; milliseconds: number }
  | { kind: 'server-error'; status: 500 | 503 }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'garbage' }
  | { kind: 'access-denied' }
) & { times?: number };

export type FaultKind = Fault['kind'];

/** A response-replacing fault chosen for one request. */
export type ResponseFault = Exclude<Fault, { kind: 'latency' }>;

export interface FaultPlan {
  latencyMs: number;
  response: ResponseFault | undefined;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

export class FaultSwitches {
  #active: ActiveFault[] = [];

  /** Turns a fault on; it is validated first, so a bad control request changes nothing. */
  inject(fault: Fault): void {
    const checked = parseFault(fault);
    this.#active.push({ fault: checked, remaining: checked.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#active = [];
  }

  get active(): Fault[] {
    return this.#active.map((entry) => ({ ...entry.fault }));
  }

  /** The faults for the next metrics request; counts one use of each fault applied. */
  nextRequest(): FaultPlan {
    let latencyMs = 0;
    let response: ResponseFault | undefined;
    for (const entry of this.#active) {
      const fault = entry.fault;
      if (fault.kind === 'latency') {
        latencyMs += fault.milliseconds;
        entry.remaining -= 1;
      } else if (response === undefined) {
        response = fault;
        entry.remaining -= 1;
      }
    }
    this.#active = this.#active.filter((entry) => entry.remaining > 0);
    return { latencyMs, response };
  }
}

/** Checks a fault that arrived as JSON (control endpoint, scenario) and returns it typed. */
export function parseFault(value: unknown): Fault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`a fault must be an object with a 'kind', got ${JSON.stringify(value)}`);
  }
  const record = value as Record<string, unknown>;
  const times = optionalCount(record.times);
  const withTimes = <T extends object>(fault: T): T & { times?: number } =>
    times === undefined ? fault : { ...fault, times };
  switch (record.kind) {
    case 'latency':
      return withTimes({
        kind: 'latency',
        milliseconds: nonNegativeNumber(record.milliseconds, 'latency.milliseconds'),
      });
    case 'server-error':
      if (record.status !== 500 && record.status !== 503) {
        throw new Error(
          `server-error.status must be 500 or 503, got ${JSON.stringify(record.status)}`,
        );
      }
      return withTimes({ kind: 'server-error', status: record.status });
    case 'throttle':
      return withTimes({
        kind: 'throttle',
        retryAfterSeconds: nonNegativeNumber(
          record.retryAfterSeconds,
          'throttle.retryAfterSeconds',
        ),
      });
    case 'garbage':
      return withTimes({ kind: 'garbage' });
    case 'access-denied':
      return withTimes({ kind: 'access-denied' });
    default:
      throw new Error(
        `unknown fault kind ${JSON.stringify(record.kind)}; expected latency, server-error, throttle, garbage or access-denied`,
      );
  }
}

function nonNegativeNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${field} must be a non-negative number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalCount(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`times must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
