import { z } from 'zod';
import { InvalidArgument } from './errors';
import { firstIssue } from '../schemas/issues';
import {
  BooleanArgument,
  Identifier,
  integerArgument as integerArgumentSchema,
  MspId,
  oneOf as oneOfSchema,
  PageSize,
} from '../schemas/scalars';
import { parseStrictJson } from '../schemas/strict-json';

/**
 * Validation of caller input against the schemas in `src/schemas`. Every
 * failure is an InvalidArgument naming the first offending field by its full
 * path and saying what was expected, never repeating a string the caller
 * sent.
 */

/** `value` read by `schema`; `root` is the field path of `value` itself. */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  root: string,
  value: unknown,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const { field, reason } = firstIssue(result.error.issues, root);
    throw new InvalidArgument(field, reason);
  }
  return result.data;
}

/**
 * JSON text as JSON.parse reads it, refused when it is not valid JSON, nests
 * too deep or repeats a key in an object. `field` names the argument
 * (`serviceJson`); paths inside it start at the value it holds (`service`).
 */
export function parseJson(field: string, text: string): unknown {
  const result = parseStrictJson(text, { argument: field, root: valueName(field) });
  if (!result.ok) {
    throw new InvalidArgument(result.issue.field, result.issue.reason);
  }
  return result.value;
}

/** Reads JSON text with `schema`; an empty or blank text reads as `whenBlank` if given. */
export function parseJsonWith<Schema extends z.ZodType>(
  schema: Schema,
  field: string,
  text: string,
  whenBlank?: unknown,
): z.output<Schema> {
  const value = whenBlank !== undefined && text.trim() === '' ? whenBlank : parseJson(field, text);
  return parseWith(schema, valueName(field), value);
}

/** The argument `serviceJson` holds the value `service`. */
function valueName(argument: string): string {
  return argument.replace(/Json$/, '');
}

export function identifier(field: string, value: unknown): string {
  return parseWith(Identifier, field, value);
}

export function mspId(field: string, value: unknown): string {
  return parseWith(MspId, field, value);
}

/** An integer given as a decimal string (transaction arguments are strings). */
export function integerArgument(field: string, text: string, min: number, max: number): number {
  return parseWith(integerArgumentSchema(min, max), field, text);
}

export function parsePageSize(text: string): number {
  return parseWith(PageSize, 'pageSize', text);
}

export function booleanArgument(field: string, text: string): boolean {
  return parseWith(BooleanArgument, field, text);
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  return parseWith(oneOfSchema(allowed as readonly [T, ...T[]]), field, value) as T;
}
