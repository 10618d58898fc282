import { z } from 'zod';
import { describe, gotUnlessString } from './issues';

/** JSON objects with a closed set of fields, and bounded lists. */

/** An object whose fields are exactly `shape`'s (each optional where its schema is). */
export function closedObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, { error: (issue) => objectIssue(issue, Object.keys(shape)) });
}

/** The message of an object-level issue: an unknown field, or not an object at all. */
export function objectIssue(
  issue: { code?: string; input?: unknown },
  known: readonly string[],
): string {
  return issue.code === 'unrecognized_keys'
    ? `is not a known field (known: ${[...known].sort().join(', ')})`
    : `must be a JSON object, got ${describe(issue.input)}`;
}

/** A JSON array of `min` to `max` items. */
export function listOf<Item extends z.ZodType>(item: Item, min: number, max: number) {
  const count = (issue: { input?: unknown }): string =>
    `must hold between ${min} and ${max} entries, got ${Array.isArray(issue.input) ? issue.input.length : describe(issue.input)}`;
  return z
    .array(item, { error: (issue) => `must be a JSON array, got ${describe(issue.input)}` })
    .min(min, { error: count })
    .max(max, { error: count });
}

/**
 * Refuses a list that names one key twice. `show` says whether keys may be
 * quoted (identifiers may; free text may not: it is then named by position).
 */
export function uniqueBy<Item>(keyOf: (item: Item) => string, show: 'show-key' | 'by-position') {
  return (items: readonly Item[], ctx: z.RefinementCtx): void => {
    const firstIndex = new Map<string, number>();
    for (const [index, item] of items.entries()) {
      const key = keyOf(item);
      const earlier = firstIndex.get(key);
      if (earlier === undefined) {
        firstIndex.set(key, index);
      } else if (show === 'show-key') {
        ctx.addIssue({ code: 'custom', message: `lists ${JSON.stringify(key)} more than once` });
        return;
      } else {
        ctx.addIssue({
          code: 'custom',
          message: `lists the same entry twice: [${index}] repeats [${earlier}]`,
        });
        return;
      }
    }
  };
}

/**
 * The message of an issue of a union told apart by `discriminator`: an
 * unknown variant names the values allowed; anything else is not an object.
 */
export function variantIssue(discriminator: string, values: readonly string[]) {
  return (issue: { code?: string; input?: unknown }): string => {
    if (issue.code !== 'invalid_union') return objectIssue(issue, []);
    const input = issue.input;
    const given =
      typeof input === 'object' && input !== null && Object.hasOwn(input, discriminator)
        ? (input as Record<string, unknown>)[discriminator]
        : undefined;
    return `must be one of ${values.join(', ')}${gotUnlessString(given)}`;
  };
}
