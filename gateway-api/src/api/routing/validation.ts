import type { z } from 'zod';
import { fieldPath, findSecret, firstIssue, parseStrictJson } from '@sla-ledger/chaincode/schemas';
import { invalidArgument } from '../problems';

/**
 * Request validation with the chaincode's own schemas: a failure is a 400
 * naming the first offending field by its full path (`service.sla.periodSeconds`,
 * `pageSize`) with the schema's reason, which never repeats a string sent.
 */

/** `value` read by `schema`; `root` is the path of `value` itself ('' for path and query parameters). */
export function validated<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  root: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const { field, reason } = firstIssue(result.error.issues, root);
    throw invalidArgument(field === '' ? 'body' : field, reason);
  }
  return result.data;
}

/** JSON text read strictly: invalid JSON, nesting deeper than the chaincode allows or a repeated key are refused. */
export function strictJson(text: string, root: string): unknown {
  const parsed = parseStrictJson(text, { argument: 'body', root });
  if (!parsed.ok) throw invalidArgument(parsed.issue.field || 'body', parsed.issue.reason);
  return parsed.value;
}

/** Refuses anything that holds or names a credential, before any other check and before anything is submitted. */
export function refuseSecrets(value: unknown, root: string): void {
  const finding = findSecret(value);
  if (finding !== undefined) {
    const field = fieldPath(root, finding.path);
    throw invalidArgument(field === '' ? 'body' : field, finding.reason);
  }
}
