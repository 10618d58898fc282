import { createHash } from 'node:crypto';

/**
 * An offer's acceptance limit is counted in up to 16 shards, each allowed
 * its part of the limit, so that concurrent acceptances of one offer touch
 * different counters unless the offer is nearly exhausted. An acceptance
 * takes the first shard with room, starting from one its agreement id picks.
 */
export const MAX_ACCEPTANCE_SHARDS = 16;

export function shardCount(limit: number): number {
  return Math.min(MAX_ACCEPTANCE_SHARDS, limit);
}

/** Shard `shard`'s part of the limit; the parts add up to the limit. */
export function shardQuota(limit: number, shard: number): number {
  const count = shardCount(limit);
  return Math.floor(limit / count) + (shard < limit % count ? 1 : 0);
}

/** The shards in the order an acceptance tries them. */
export function shardOrder(agreementId: string, limit: number): number[] {
  const count = shardCount(limit);
  const first = createHash('sha256').update(agreementId, 'utf8').digest().readUInt32BE(0) % count;
  return Array.from({ length: count }, (_, step) => (first + step) % count);
}
