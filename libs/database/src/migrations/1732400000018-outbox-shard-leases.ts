import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets several relays share the outbox. A row belongs to one of `shard_count` shards, a range of
 * the hash of its message key (the case id for case events), computed by the relay's queries, so
 * the outbox INSERT is unchanged. Each shard has one lease: its owner publishes it until the lease
 * expires; `epoch` grows with every claim and fences a stale owner (a relay checks owner, epoch and
 * expiry in the transaction that publishes and deletes the shard's rows). `outbox_relays` are the
 * relays alive, each renewing its `seen_until`: the relays divide the shards among those alive.
 */
export class OutboxShardLeases1732400000018 implements MigrationInterface {
  name = 'OutboxShardLeases1732400000018';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE public.outbox_shard_leases (
        shard integer PRIMARY KEY CHECK (shard >= 0),
        shard_count integer NOT NULL CHECK (shard < shard_count),
        owner text,
        epoch bigint NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL DEFAULT '-infinity'
      )`);
    await db.query(`
      CREATE TABLE public.outbox_relays (
        relay_id text PRIMARY KEY,
        seen_until timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE public.outbox_relays`);
    await db.query(`DROP TABLE public.outbox_shard_leases`);
  }
}
