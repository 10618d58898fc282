/**
 * Narrowing of request bodies: every reader takes the member's path in
 * CloudWatch's own notation (`MetricData.member.2.Value`) so errors name it.
 */
import { CloudWatchError, serviceErrors } from './service-errors';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(path: string, expected: string): CloudWatchError {
  return serviceErrors.serialization(`${path} must be ${expected}`);
}

/** The member of `object`, treating JSON null as absent (as the SDK does). */
export function member(object: JsonObject, name: string): JsonValue | undefined {
  const value = object[name];
  return value === null ? undefined : value;
}

export function readString(value: JsonValue | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw wrongType(path, 'a string');
  return value;
}

const SPECIAL_DOUBLES: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** A double; the SDK sends NaN and the infinities as the strings "NaN", "Infinity", "-Infinity". */
export function readDouble(value: JsonValue | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value in SPECIAL_DOUBLES) return SPECIAL_DOUBLES[value];
  throw wrongType(path, 'a number');
}

export function readInteger(value: JsonValue | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(path, 'an integer');
  return value;
}

export function readBoolean(value: JsonValue | undefined, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw wrongType(path, 'a boolean');
  return value;
}

/** A timestamp in awsJson's default format, seconds since the epoch (with fraction); returned in seconds. */
export function readTimestamp(value: JsonValue | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw wrongType(path, 'a timestamp in epoch seconds');
  }
  return value;
}

export function readList(value: JsonValue | undefined, path: string): JsonValue[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw wrongType(path, 'a list');
  return value;
}

export function readObject(value: JsonValue | undefined, path: string): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw wrongType(path, 'a structure');
  return value;
}

export function required<T>(value: T | undefined, missing: () => CloudWatchError): T {
  if (value === undefined) throw missing();
  return value;
}
