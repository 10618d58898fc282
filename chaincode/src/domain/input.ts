import { InvalidArgument } from './errors';

/** Validation of caller input. Every failure names the field and says what was expected. */

export type JsonObject = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgument(field, `is not valid JSON (${(error as Error).message})`);
  }
}

export function parseJsonObject(field: string, text: string): JsonObject {
  return asObject(field, parseJson(field, text));
}

export function asObject(field: string, value: unknown): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgument(field, `must be a JSON object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

export function onlyKnownFields(field: string, value: JsonObject, known: readonly string[]): void {
  for (const name of Object.keys(value)) {
    if (!known.includes(name)) {
      throw new InvalidArgument(
        join(field, name),
        `is not a known field (known: ${[...known].sort().join(', ')})`,
      );
    }
  }
}

export function requiredString(field: string, value: unknown, maxLength = 256): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgument(field, `must be a non-empty string, got ${describe(value)}`);
  }
  if (value.length > maxLength) {
    throw new InvalidArgument(field, `must be at most ${maxLength} characters long`);
  }
  if (value.includes('\u0000')) {
    throw new InvalidArgument(field, 'must not contain the NUL character');
  }
  return value;
}

export function optionalString(field: string, value: unknown, maxLength = 256): string | undefined {
  return value === undefined ? undefined : requiredString(field, value, maxLength);
}

export function identifier(field: string, value: unknown): string {
  const text = requiredString(field, value, 128);
  if (!IDENTIFIER.test(text)) {
    throw new InvalidArgument(
      field,
      `must start with a letter or digit and hold only letters, digits, '.', '_' and '-' (got ${JSON.stringify(text)})`,
    );
  }
  return text;
}

export function mspId(field: string, value: unknown): string {
  const text = requiredString(field, value, 64);
  if (!MSP_ID.test(text)) {
    throw new InvalidArgument(
      field,
      `must be an MSP id such as "AwsOrgMSP" (got ${JSON.stringify(text)})`,
    );
  }
  return text;
}

export function integerIn(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new InvalidArgument(field, `must be an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) {
    throw new InvalidArgument(field, `must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

export function optionalIntegerIn(
  field: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  return value === undefined ? fallback : integerIn(field, value, min, max);
}

/** An integer given as a decimal string (transaction arguments are strings). */
export function integerArgument(field: string, text: string, min: number, max: number): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) {
    throw new InvalidArgument(
      field,
      `must be a whole number written in digits, got ${JSON.stringify(text)}`,
    );
  }
  return integerIn(field, Number(text), min, max);
}

export function booleanArgument(field: string, text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new InvalidArgument(field, `must be "true" or "false", got ${JSON.stringify(text)}`);
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgument(
      field,
      `must be one of ${allowed.join(', ')}, got ${describe(value)}`,
    );
  }
  return value as T;
}

export function arrayOf<T>(
  field: string,
  value: unknown,
  item: (itemField: string, itemValue: unknown) => T,
  limits: { min: number; max: number },
): T[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgument(field, `must be a JSON array, got ${describe(value)}`);
  }
  if (value.length < limits.min || value.length > limits.max) {
    throw new InvalidArgument(
      field,
      `must hold between ${limits.min} and ${limits.max} entries, got ${value.length}`,
    );
  }
  return value.map((entry, index) => item(`${field}[${index}]`, entry));
}

export function uniqueBy<T>(field: string, items: T[], keyOf: (item: T) => string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const key = keyOf(item);
    if (seen.has(key)) {
      throw new InvalidArgument(field, `lists ${JSON.stringify(key)} more than once`);
    }
    seen.add(key);
  }
}

export function join(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
