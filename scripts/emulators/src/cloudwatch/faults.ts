/**
 * Fault injection. Each switch is either a plain value (on until changed) or
 * `{ value, times }`: on for the next `times` API requests, then off again.
 * Every active switch counts every API request (control requests do not).
 */
import { isJsonObject } from './json-input';
import { CloudWatchError, serviceErrors } from './service-errors';

/**
 * GetMetricData answers that are well-formed HTTP but not a complete answer:
 * - `empty-object`: `{}`; `empty-body`: no body at all; `empty-results`: `MetricDataResults: []`
 * - `results-without-data`: results without `Timestamps` and `Values`
 * - `partial-without-token`: every result `PartialData`, and no `NextToken`
 * - `endless-next-token`: a `NextToken` (valid, leading to an empty page) on every page,
 *   every result `PartialData`
 * - `unknown-result-id`, `duplicate-result`, `missing-result`: one result more with an id
 *   nobody asked for, the first result twice, the first result left out
 * - `datapoint-outside-window`: the first result's last datapoint (or one more, when it has
 *   none) is stamped EndTime, past the window
 */
export const MALFORMED_ANSWERS = [
  'empty-object',
  'empty-body',
  'empty-results',
  'results-without-data',
  'partial-without-token',
  'endless-next-token',
  'unknown-result-id',
  'duplicate-result',
  'missing-result',
  'datapoint-outside-window',
] as const;
export type MalformedAnswer = (typeof MALFORMED_ANSWERS)[number];

type SwitchValue = number | boolean | string | null;
export type FaultSwitch<T extends SwitchValue> = T | { readonly value: T; readonly times: number };

export interface FaultSwitches {
  /** Delay before the request is carried out and answered, in milliseconds. */
  latencyMs: FaultSwitch<number>;
  /** 500 InternalFailure or 503 ServiceUnavailable; null for none. */
  statusCode: FaultSwitch<500 | 503 | null>;
  /** 400 Throttling "Rate exceeded". */
  throttle: FaultSwitch<boolean>;
  /** 200 with a body that is not JSON. */
  garbage: FaultSwitch<boolean>;
  /** 403 AccessDenied for the caller's key. */
  accessDenied: FaultSwitch<boolean>;
  /** The connection reset (TCP RST) once the request has been read; no answer at all. */
  resetConnection: FaultSwitch<boolean>;
  /** 200 with a body of this many bytes (JSON padded with spaces), streamed; 0 for none. */
  hugeBodyBytes: FaultSwitch<number>;
  /** A GetMetricData answer that is not complete (see MALFORMED_ANSWERS); null for none. */
  malformedAnswer: FaultSwitch<MalformedAnswer | null>;
}

export const FAULT_NAMES = [
  'latencyMs',
  'statusCode',
  'throttle',
  'garbage',
  'accessDenied',
  'resetConnection',
  'hugeBodyBytes',
  'malformedAnswer',
] as const;

export function noFaults(): FaultSwitches {
  return {
    latencyMs: 0,
    statusCode: null,
    throttle: false,
    garbage: false,
    accessDenied: false,
    resetConnection: false,
    hugeBodyBytes: 0,
    malformedAnswer: null,
  };
}

/** What the faults do to one request. */
export interface RequestFaults {
  readonly latencyMs: number;
  /** The error to answer with instead of carrying the request out. */
  readonly error: CloudWatchError | undefined;
  /** Answer 200 with a non-JSON body instead of carrying the request out. */
  readonly garbage: boolean;
  /** Reset the connection instead of answering. */
  readonly resetConnection: boolean;
  /** Answer 200 with a body of this many bytes instead of carrying the request out (0: no). */
  readonly hugeBodyBytes: number;
  /** Carry a GetMetricData out, then spoil its answer this way. */
  readonly malformedAnswer: MalformedAnswer | null;
}

/** The switch's value for this request, and the setting it leaves for the next one. */
function consume<T extends SwitchValue>(
  setting: FaultSwitch<T>,
  off: T,
): { value: T; next: FaultSwitch<T> } {
  if (typeof setting !== 'object' || setting === null) return { value: setting, next: setting };
  const { value, times } = setting;
  if (times <= 0) return { value: off, next: off };
  return { value, next: times > 1 ? { value, times: times - 1 } : off };
}

/** Reads the switches for one request and counts the request against every counted switch. */
export function takeFaults(
  switches: FaultSwitches,
  caller: { accessKeyId: string; operation: string },
): RequestFaults {
  const latency = consume(switches.latencyMs, 0);
  const statusCode = consume<500 | 503 | null>(switches.statusCode, null);
  const throttle = consume(switches.throttle, false);
  const garbage = consume(switches.garbage, false);
  const accessDenied = consume(switches.accessDenied, false);
  const resetConnection = consume(switches.resetConnection, false);
  const hugeBodyBytes = consume(switches.hugeBodyBytes, 0);
  const malformedAnswer = consume<MalformedAnswer | null>(switches.malformedAnswer, null);
  switches.latencyMs = latency.next;
  switches.statusCode = statusCode.next;
  switches.throttle = throttle.next;
  switches.garbage = garbage.next;
  switches.accessDenied = accessDenied.next;
  switches.resetConnection = resetConnection.next;
  switches.hugeBodyBytes = hugeBodyBytes.next;
  switches.malformedAnswer = malformedAnswer.next;

  let error: CloudWatchError | undefined;
  if (accessDenied.value) error = serviceErrors.accessDenied(caller.accessKeyId, caller.operation);
  else if (throttle.value) error = serviceErrors.throttling();
  else if (statusCode.value === 500) error = serviceErrors.internalFailure();
  else if (statusCode.value === 503) error = serviceErrors.serviceUnavailable();
  const reset = error === undefined && resetConnection.value;
  const huge = error === undefined && !reset ? hugeBodyBytes.value : 0;
  const replaced = error !== undefined || reset || huge > 0;
  return {
    latencyMs: latency.value,
    error,
    resetConnection: reset,
    hugeBodyBytes: huge,
    garbage: !replaced && garbage.value,
    malformedAnswer: replaced || garbage.value ? null : malformedAnswer.value,
  };
}

function parseSwitch<T extends SwitchValue>(
  name: string,
  raw: unknown,
  isValue: (value: unknown) => value is T,
  expected: string,
): FaultSwitch<T> {
  if (isValue(raw)) return raw;
  if (isJsonObject(raw) && isValue(raw.value) && typeof raw.times === 'number') {
    if (!Number.isInteger(raw.times) || raw.times < 1) {
      throw new Error(`faults.${name}.times must be a positive integer`);
    }
    return { value: raw.value, times: raw.times };
  }
  throw new Error(`faults.${name} must be ${expected} or { "value": ${expected}, "times": N }`);
}

const isLatency = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isStatusCode = (value: unknown): value is 500 | 503 | null =>
  value === 500 || value === 503 || value === null;
const isFlag = (value: unknown): value is boolean => typeof value === 'boolean';
const isByteCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isMalformedAnswer = (value: unknown): value is MalformedAnswer | null =>
  value === null || (MALFORMED_ANSWERS as readonly unknown[]).includes(value);

/** Switches from JSON (the control endpoint); only the switches present are returned. */
export function parseFaultSwitches(json: unknown): Partial<FaultSwitches> {
  if (!isJsonObject(json)) throw new Error('faults must be a JSON object');
  const unknown = Object.keys(json).filter(
    (key) => !(FAULT_NAMES as readonly string[]).includes(key),
  );
  if (unknown.length > 0) throw new Error(`unknown fault switches: ${unknown.join(', ')}`);
  const parsed: Partial<FaultSwitches> = {};
  if ('latencyMs' in json) {
    parsed.latencyMs = parseSwitch(
      'latencyMs',
      json.latencyMs,
      isLatency,
      'a number of milliseconds',
    );
  }
  if ('statusCode' in json) {
    parsed.statusCode = parseSwitch(
      'statusCode',
      json.statusCode,
      isStatusCode,
      '500, 503 or null',
    );
  }
  for (const name of ['throttle', 'garbage', 'accessDenied', 'resetConnection'] as const) {
    if (name in json) parsed[name] = parseSwitch(name, json[name], isFlag, 'true or false');
  }
  if ('hugeBodyBytes' in json) {
    parsed.hugeBodyBytes = parseSwitch(
      'hugeBodyBytes',
      json.hugeBodyBytes,
      isByteCount,
      'a number of bytes',
    );
  }
  if ('malformedAnswer' in json) {
    parsed.malformedAnswer = parseSwitch(
      'malformedAnswer',
      json.malformedAnswer,
      isMalformedAnswer,
      `null or one of ${MALFORMED_ANSWERS.map((kind) => `"${kind}"`).join(', ')}`,
    );
  }
  return parsed;
}
