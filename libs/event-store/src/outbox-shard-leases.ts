import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ShardLease } from './outbox-shards';

/** Serialises laying out the lease rows, so two relays starting together do it once (a key no other lock uses). */
const SHARD_LAYOUT_LOCK = 0x0ca5e7a3;

/** Who holds which leases, and on what terms: what every lease statement is checked against. */
export interface LeaseHolder {
  relayId: string;
  shardCount: number;
  leaseMs: number;
  leases: readonly ShardLease[];
}

/** A shard newly claimed; `previousOwner` is the relay whose lease had lapsed (a takeover), if any. */
export interface ClaimedShard extends ShardLease {
  previousOwner: string | null;
}

/** Another relay still holds leases on the same outbox split into a different number of shards. */
export class ShardCountConflict extends Error {}

type Queryable = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/**
 * Renews the leases still held (same owner, same epoch, not lapsed) and answers them; the others are
 * lost. Inside a transaction the renewed rows stay locked until it ends, so no relay can claim them
 * meanwhile: the relay's drain starts with this. Times are `clock_timestamp()`, not the
 * transaction's start.
 */
export async function renewShardLeases(db: Queryable, holder: LeaseHolder): Promise<ShardLease[]> {
  if (holder.leases.length === 0) return [];
  const rows: { shard: number; epoch: string }[] = await db.query(
    `WITH renewed AS (
       UPDATE outbox_shard_leases AS lease
       SET expires_at = clock_timestamp() + $4 * interval '1 millisecond'
       FROM unnest($1::integer[], $2::bigint[]) AS held (shard, epoch)
       WHERE lease.shard = held.shard AND lease.epoch = held.epoch AND lease.owner = $3
         AND lease.shard_count = $5 AND lease.expires_at > clock_timestamp()
       RETURNING lease.shard, lease.epoch
     )
     SELECT shard, epoch FROM renewed`,
    [
      holder.leases.map((lease) => lease.shard),
      holder.leases.map((lease) => lease.epoch),
      holder.relayId,
      holder.leaseMs,
      holder.shardCount,
    ],
  );
  return rows
    .map((row) => ({ shard: row.shard, epoch: Number(row.epoch) }))
    .sort((a, b) => a.shard - b.shard);
}

/**
 * The lease protocol that lets several relays share the outbox's shards: each relay says it is
 * alive, renews its leases, claims free or lapsed ones up to its fair share and gives up what is
 * beyond it. Every claim raises the shard's epoch, which fences the previous owner.
 */
@Injectable()
export class OutboxShardLeases {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Makes sure there is one lease row per shard for `shardCount`. A layout for another count is
   * replaced only once nobody holds a lease on it any longer: two counts at once would put a key in
   * two shards, published by two relays.
   */
  async layOut(shardCount: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SHARD_LAYOUT_LOCK]);
      const [{ held }]: { held: string }[] = await manager.query(
        `SELECT count(*) AS held FROM outbox_shard_leases
         WHERE shard_count <> $1 AND owner IS NOT NULL AND expires_at > clock_timestamp()`,
        [shardCount],
      );
      if (Number(held) > 0)
        throw new ShardCountConflict(
          `other relays hold ${held} leases on the outbox split into a different number of shards than RELAY_SHARDS=${shardCount}`,
        );
      await manager.query('DELETE FROM outbox_shard_leases WHERE shard_count <> $1', [shardCount]);
      await manager.query(
        `INSERT INTO outbox_shard_leases (shard, shard_count)
         SELECT shard, $1 FROM generate_series(0, $1 - 1) AS shard
         ON CONFLICT (shard) DO NOTHING`,
        [shardCount],
      );
    });
  }

  /** Says `relayId` is alive for `leaseMs` more, and answers every relay alive (itself included). */
  async heartbeat(relayId: string, leaseMs: number): Promise<string[]> {
    await this.dataSource.query(
      `INSERT INTO outbox_relays (relay_id, seen_until)
       VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (relay_id) DO UPDATE SET seen_until = EXCLUDED.seen_until`,
      [relayId, leaseMs],
    );
    await this.dataSource.query('DELETE FROM outbox_relays WHERE seen_until < clock_timestamp()');
    const rows: { relay_id: string }[] = await this.dataSource.query(
      'SELECT relay_id FROM outbox_relays WHERE seen_until >= clock_timestamp() ORDER BY relay_id',
    );
    return rows.map((row) => row.relay_id);
  }

  async renew(holder: LeaseHolder): Promise<ShardLease[]> {
    return renewShardLeases(this.dataSource, holder);
  }

  /**
   * Claims up to `count` shards (beyond those `holder` holds) that nobody owns, whose owner let the
   * lease lapse, or that an earlier process of the same relay id held (restarted with a stable id,
   * it takes its shards back without waiting for the leases to lapse), lowest first. A shard whose
   * owner is publishing it right now is locked by that owner's drain and skipped.
   */
  async claim(holder: LeaseHolder, count: number): Promise<ClaimedShard[]> {
    if (count <= 0) return [];
    // The UPDATE's rows through a CTE: the driver answers a bare UPDATE RETURNING with its row count too.
    const rows: { shard: number; epoch: string; previous_owner: string | null }[] =
      await this.dataSource.query(
        `WITH free AS (
         SELECT shard, owner FROM outbox_shard_leases
         WHERE shard_count = $4 AND NOT (shard = ANY($5::integer[]))
           AND (owner IS NULL OR owner = $2 OR expires_at <= clock_timestamp())
         ORDER BY shard LIMIT $1
         FOR UPDATE SKIP LOCKED
       ), claimed AS (
       UPDATE outbox_shard_leases AS lease
       SET owner = $2, epoch = lease.epoch + 1, expires_at = clock_timestamp() + $3 * interval '1 millisecond'
       FROM free WHERE lease.shard = free.shard
       RETURNING lease.shard, lease.epoch, free.owner AS previous_owner
       )
       SELECT * FROM claimed`,
        [count, holder.relayId, holder.leaseMs, holder.shardCount, holder.leases.map((lease) => lease.shard)],
      );
    return rows
      .map((row) => ({
        shard: row.shard,
        epoch: Number(row.epoch),
        previousOwner: row.previous_owner === holder.relayId ? null : row.previous_owner,
      }))
      .sort((a, b) => a.shard - b.shard);
  }

  /** Gives up leases at once (a lease no longer held is left alone), so another relay can claim them. */
  async release(holder: LeaseHolder): Promise<void> {
    if (holder.leases.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox_shard_leases AS lease SET owner = NULL, expires_at = '-infinity'
       FROM unnest($1::integer[], $2::bigint[]) AS held (shard, epoch)
       WHERE lease.shard = held.shard AND lease.epoch = held.epoch AND lease.owner = $3`,
      [holder.leases.map((lease) => lease.shard), holder.leases.map((lease) => lease.epoch), holder.relayId],
    );
  }

  /** A relay shutting down: no longer counted among the relays alive. */
  async leave(relayId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM outbox_relays WHERE relay_id = $1', [relayId]);
  }
}
