/**
 * Fault injection. Each switch is either a plain value (on until changed) or
 * `{ value, times }`: on for the next `times` API requests, then off again.
 * Every active switch counts every API request (control requests do not).
 */
import { isJsonObject } from './json-input';
import { CloudWatchError, serviceErrors } from './service-errors';

type SwitchValue = number | boolean | null;
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
}

export const FAULT_NAMES = [
  'latencyMs',
  'statusCode',
  'throttle',
  'garbage',
  'accessDenied',
] as const;

export function noFaults(): FaultSwitches {
  return { latencyMs: 0, statusCode: null, throttle: false, garbage: false, accessDenied: false };
}

/** What the faults do to one request. */
export interface RequestFaults {
  readonly latencyMs: number;
  /** The error to answer with instead of carrying the request out. */
  readonly error: CloudWatchError | undefined;
  /** Answer 200 with a non-JSON body instead of carrying the request out. */
  readonly garbage: boolean;
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
  switches.latencyMs = latency.next;
  switches.statusCode = statusCode.next;
  switches.throttle = throttle.next;
  switches.garbage = garbage.next;
  switches.accessDenied = accessDenied.next;

  let error: CloudWatchError | undefined;
  if (accessDenied.value) error = serviceErrors.accessDenied(caller.accessKeyId, caller.operation);
  else if (throttle.value) error = serviceErrors.throttling();
  else if (statusCode.value === 500) error = serviceErrors.internalFailure();
  else if (statusCode.value === 503) error = serviceErrors.serviceUnavailable();
  return { latencyMs: latency.value, error, garbage: error === undefined && garbage.value };
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
  for (const name of ['throttle', 'garbage', 'accessDenied'] as const) {
    if (name in json) parsed[name] = parseSwitch(name, json[name], isFlag, 'true or false');
  }
  return parsed;
}
