/**
 * The outbox split into shards: shard s of n holds the rows whose message key (a case id for case
 * events) hashes into the s-th of n equal ranges of Postgres's 32-bit `hashtext`. A key's rows are
 * all in one shard, so the one relay that owns a shard publishes each key in the order it was stored.
 */

/** The shard of an outbox row, as SQL; `count` is the placeholder (or literal) for the shard count. */
export function outboxShardSql(count: string): string {
  return `(((hashtext(message_key)::bigint + 2147483648) * ${count}) >> 32)::integer`;
}

/** A relay's hold on one shard: valid while the lease row still has this epoch, this owner and time left. */
export interface ShardLease {
  shard: number;
  epoch: number;
}

/**
 * How many shards `relayId` should own when `liveRelays` (itself included or not) share `shardCount`:
 * an equal share, the first `shardCount % relays` relays by name one more. Every relay that sees the
 * same relays alive computes the same shares, and they add up to `shardCount`.
 */
export function fairShare(shardCount: number, liveRelays: readonly string[], relayId: string): number {
  const relays = [...new Set([...liveRelays, relayId])].sort();
  const rank = relays.indexOf(relayId);
  return Math.floor(shardCount / relays.length) + (rank < shardCount % relays.length ? 1 : 0);
}

/**
 * What a relay owning `owned` does to reach `share`: give up its highest shards beyond the share
 * (another relay has joined), or claim that many more (one has left or died).
 */
export function rebalance(owned: readonly number[], share: number): { release: number[]; claim: number } {
  if (owned.length > share) return { release: [...owned].sort((a, b) => a - b).slice(share), claim: 0 };
  return { release: [], claim: share - owned.length };
}
