/**
 * Explains why two endorsers' proposal response payloads differ, in the spirit of the Fabric
 * gateway's mismatch log (internal/pkg/gateway/diff.go): response, event, reads, range queries,
 * writes, metadata writes.
 */
import type { Simulation } from './endorsing-peer';

export function describeMismatch(first: Simulation, other: Simulation): string {
  const differences: string[] = [];
  if (first.status !== other.status || first.message !== other.message) {
    differences.push(
      `chaincode response mismatch: status ${first.status} "${first.message}" vs ${other.status} "${other.message}"`,
    );
  }
  if (!first.payload.equals(other.payload)) {
    differences.push('chaincode response payload mismatch');
  }
  if (
    first.event?.name !== other.event?.name ||
    !(first.event?.payload ?? Buffer.alloc(0)).equals(other.event?.payload ?? Buffer.alloc(0))
  ) {
    differences.push(
      `chaincode event mismatch: ${first.event?.name ?? '(none)'} vs ${other.event?.name ?? '(none)'}`,
    );
  }
  differences.push(
    ...keyedDifferences(
      'read',
      first.reads.map((r) => [r.key, JSON.stringify(r.version ?? null)]),
      other.reads.map((r) => [r.key, JSON.stringify(r.version ?? null)]),
    ),
    ...keyedDifferences(
      'write',
      first.writes.map((w) => [
        w.key,
        w.isDelete ? 'delete' : (w.value ?? Buffer.alloc(0)).toString('hex'),
      ]),
      other.writes.map((w) => [
        w.key,
        w.isDelete ? 'delete' : (w.value ?? Buffer.alloc(0)).toString('hex'),
      ]),
    ),
    ...keyedDifferences(
      'write metadata',
      first.metadataWrites.map((w) => [w.key, JSON.stringify(w.entries)]),
      other.metadataWrites.map((w) => [w.key, JSON.stringify(w.entries)]),
    ),
  );
  if (JSON.stringify(first.rangeQueries) !== JSON.stringify(other.rangeQueries)) {
    differences.push('range query mismatch');
  }
  if (differences.length === 0) {
    differences.push('proposal response payload bytes differ');
  }
  return `ProposalResponsePayloads do not match (${first.endorser} vs ${other.endorser}): ${differences.join(', ')}`;
}

function keyedDifferences(
  kind: string,
  first: readonly (readonly [string, string])[],
  other: readonly (readonly [string, string])[],
): string[] {
  const a = new Map(first);
  const b = new Map(other);
  const out: string[] = [];
  for (const [key, value] of a) {
    if (!b.has(key)) {
      out.push(`${kind} [${key}] missing from the other endorser's response`);
    } else if (b.get(key) !== value) {
      out.push(`${kind} value mismatch for key [${key}]`);
    }
  }
  for (const key of b.keys()) {
    if (!a.has(key)) {
      out.push(`extraneous ${kind} [${key}]`);
    }
  }
  return out;
}
