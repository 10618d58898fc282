/**
 * JSON with a stable byte form: object keys sorted by code point, undefined
 * properties left out. Everything the chaincode writes goes through here, so
 * two endorsing peers that computed the same values write the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, '$'));
}

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`${path} is ${value}, which JSON cannot hold`);
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((entry, index) => {
      if (entry === undefined) {
        throw new TypeError(`${path}[${index}] is undefined`);
      }
      return sortKeys(entry, `${path}[${index}]`);
    });
  }
  if (typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) {
        sorted[key] = sortKeys(entry, `${path}.${key}`);
      }
    }
    return sorted;
  }
  throw new TypeError(
    `${path} is a ${typeof value}, which the ledger does not store (use a decimal string for money)`,
  );
}
