import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * A JSON file the gateway wrote earlier into its data folder, checked against what it wrote;
 * undefined when there is none. Anything else (not JSON, another shape) stops the start with a
 * message naming the file rather than being taken as data.
 */
export function readKeptJson<T>(file: string, schema: z.ZodType<T>): T | undefined {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not JSON; restore it, or remove the data folder to start afresh`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'the file';
    throw new Error(
      `${file} is not what the gateway wrote (${where} is malformed); restore it, or remove the data folder to start afresh`,
    );
  }
  return parsed.data;
}
