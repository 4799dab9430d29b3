import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ClaimedOutboxMessage } from './event-store.types';
import { renewShardLeases, type LeaseHolder } from './outbox-shard-leases';
import { outboxShardSql, type ShardLease } from './outbox-shards';

export const OUTBOX_CHANNEL = 'casetrail_outbox';

/** How many messages were published, and which of the leases offered were still held. */
export interface DrainOutcome {
  drained: number;
  held: ShardLease[];
}

@Injectable()
export class PostgresOutbox {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the oldest messages of the shards `holder` still leases, hands them to `publish`, and
   * deletes them only once it resolved, all in one transaction: a crash before the delete commits
   * publishes them again (at least once). The transaction first renews the leases, which locks
   * them: a relay whose lease was taken over (another epoch) or lapsed publishes nothing of that
   * shard, and nobody can take a lease over while its owner publishes. So one relay at a time
   * publishes a shard, and a key's messages are published in the order they were stored.
   */
  async drainShards(
    limit: number,
    holder: LeaseHolder,
    publish: (messages: ClaimedOutboxMessage[]) => Promise<void>,
  ): Promise<DrainOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const held = await renewShardLeases(manager, holder);
      if (held.length === 0) return { drained: 0, held };
      const rows: {
        id: string;
        topic: string;
        message_key: string;
        payload: string;
        headers: Record<string, string>;
      }[] = await manager.query(
        `SELECT id, topic, message_key, payload::text AS payload, headers FROM outbox
         WHERE ${outboxShardSql('$2')} = ANY($3::integer[])
         ORDER BY id LIMIT $1`,
        [limit, holder.shardCount, held.map((lease) => lease.shard)],
      );
      if (rows.length === 0) return { drained: 0, held };
      await publish(
        rows.map((row) => ({
          id: row.id,
          topic: row.topic,
          key: row.message_key,
          payload: row.payload,
          headers: row.headers,
        })),
      );
      // Still locked by this transaction, so still ours however long the publish took: renewed
      // from now, in the transaction that deletes what was published.
      await manager.query(
        `UPDATE outbox_shard_leases SET expires_at = clock_timestamp() + $2 * interval '1 millisecond'
         WHERE shard = ANY($1::integer[]) AND owner = $3`,
        [held.map((lease) => lease.shard), holder.leaseMs, holder.relayId],
      );
      await manager.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      return { drained: rows.length, held };
    });
  }

  async backlog(): Promise<{ count: number; oldestCreatedAt: Date | null }> {
    const [row]: { count: string; oldest: Date | null }[] = await this.dataSource.query(
      'SELECT count(*) AS count, min(created_at) AS oldest FROM outbox',
    );
    return { count: Number(row.count), oldestCreatedAt: row.oldest };
  }
}
