/**
 * Fault injection. A fault stays on until cleared, or for the next `times` requests it applies
 * to. Each kind applies to some endpoints only (see APPLIES_TO): the token endpoint, Metrics -
 * List, the metrics batch. Latency holds every affected response back; of the other kinds the
 * earliest injected one that applies answers the request instead of the real handler, or
 * spoils its answer.
 */
export type Fault = (
  | { kind: 'latency'; milliseconds: number }
  | { kind: 'server-error'; status: 500 | 503 }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'garbage' }
  | { kind: 'access-denied' }
  | { kind: 'connection-reset' }
  | { kind: 'huge-body'; bytes: number }
  | { kind: 'empty-values' }
  | { kind: 'missing-resource' }
  | { kind: 'empty-value' }
  | { kind: 'empty-timeseries' }
  | { kind: 'metric-error'; errorCode: string; errorMessage: string }
  | { kind: 'point-outside-window' }
  | { kind: 'token-hang' }
) & { times?: number };

export type FaultKind = Fault['kind'];

/** The endpoints a request can be for, as far as faults are concerned. */
export type FaultTarget = 'token' | 'metrics-list' | 'metrics-batch';

const METRICS: readonly FaultTarget[] = ['metrics-list', 'metrics-batch'];

export const APPLIES_TO: Readonly<Record<FaultKind, readonly FaultTarget[]>> = {
  latency: METRICS,
  'server-error': METRICS,
  throttle: METRICS,
  garbage: METRICS,
  'access-denied': METRICS,
  'connection-reset': METRICS,
  'huge-body': METRICS,
  'empty-values': ['metrics-batch'],
  'missing-resource': ['metrics-batch'],
  'empty-value': METRICS,
  'empty-timeseries': METRICS,
  'metric-error': METRICS,
  'point-outside-window': METRICS,
  'token-hang': ['token'],
};

const KINDS = Object.keys(APPLIES_TO) as FaultKind[];

/** A fault chosen for one request, other than latency. */
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

  /** The faults for the next request to `target`; counts one use of each fault applied. */
  nextRequest(target: FaultTarget): FaultPlan {
    let latencyMs = 0;
    let response: ResponseFault | undefined;
    for (const entry of this.#active) {
      const fault = entry.fault;
      if (!APPLIES_TO[fault.kind].includes(target)) continue;
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
    case 'huge-body': {
      const bytes = nonNegativeNumber(record.bytes, 'huge-body.bytes');
      if (!Number.isInteger(bytes) || bytes < 1) {
        throw new Error(`huge-body.bytes must be a positive integer, got ${bytes}`);
      }
      return withTimes({ kind: 'huge-body', bytes });
    }
    case 'metric-error':
      return withTimes({
        kind: 'metric-error',
        errorCode: optionalText(record.errorCode, 'metric-error.errorCode') ?? 'InternalError',
        errorMessage:
          optionalText(record.errorMessage, 'metric-error.errorMessage') ??
          'An internal error occurred while reading the metric.',
      });
    case 'garbage':
    case 'access-denied':
    case 'connection-reset':
    case 'empty-values':
    case 'missing-resource':
    case 'empty-value':
    case 'empty-timeseries':
    case 'point-outside-window':
    case 'token-hang':
      return withTimes({ kind: record.kind });
    default:
      throw new Error(
        `unknown fault kind ${JSON.stringify(record.kind)}; expected one of ${KINDS.join(', ')}`,
      );
  }
}

function nonNegativeNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${field} must be a non-negative number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${field} must be a non-empty string, got ${JSON.stringify(value)}`);
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
