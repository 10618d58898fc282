import type { z } from 'zod';
import { looksLikeCredential } from './credentials';

/**
 * How a rejected input is reported: the full path of the first offending
 * field and what was expected. Reasons never repeat a string the caller sent
 * (it could be a credential); numbers and booleans may be shown.
 */

export interface FieldIssue {
  field: string;
  reason: string;
}

export function firstIssue(issues: readonly z.core.$ZodIssue[], root: string): FieldIssue {
  const issue = issues[0];
  if (issue === undefined) {
    return { field: root, reason: 'is not valid' };
  }
  const path =
    issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return { field: fieldPath(root, path), reason: issue.message };
}

/** `service` + ['monitors', 0, 'metricName'] → `service.monitors[0].metricName`. */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else {
      const name = shownName(String(segment));
      text = text === '' ? name : `${text}.${name}`;
    }
  }
  return text;
}

const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;

/** A field name as an error shows it: as written when it is a plain name, described otherwise. */
export function shownName(name: string): string {
  return PLAIN_NAME.test(name) && !looksLikeCredential(name)
    ? name
    : `<a field name of ${name.length} characters>`;
}

/** What a value is, for "got …" in a reason; strings are described, never shown. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  return 'an object';
}

/** ", got …" for values that are not strings: a string's reason already says what it should be. */
export function gotUnlessString(value: unknown): string {
  return typeof value === 'string' ? '' : `, got ${describe(value)}`;
}
