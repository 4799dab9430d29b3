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

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

function claimedMessage(row: OutboxRow): ClaimedOutboxMessage {
  return { id: row.id, topic: row.topic, key: row.message_key, payload: row.payload, headers: row.headers };
}

@Injectable()
export class PostgresOutbox {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the oldest messages of the shards `holder` still leases, hands them to `publish`, and
   * deletes them only once it resolved, all in one transaction: a crash before the commit publishes
   * them again (at least once). The transaction first renews the leases, which locks them: a relay
   * whose lease was taken over (another epoch) or lapsed publishes nothing of that shard, and nobody
   * can take a lease over while its owner publishes. So one relay at a time publishes a shard, and a
   * key's messages are published in the order they were stored.
   *
   * Up to `batches` batches of `limit` go through one transaction as a pipeline: while one batch is
   * being published, the previous one is deleted and the next one read, so Postgres and the broker
   * work at the same time. The publishes themselves stay one after the other (a batch only once the
   * one before it was acknowledged), which is what keeps a key's order. Should a publish fail after
   * earlier batches were acknowledged, those are still deleted and committed, then the error is thrown.
   */
  async drainShards(
    limit: number,
    holder: LeaseHolder,
    publish: (messages: ClaimedOutboxMessage[]) => Promise<void>,
    batches = 1,
  ): Promise<DrainOutcome> {
    let publishFailure: { error: unknown } | undefined;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const held = await renewShardLeases(manager, holder);
      if (held.length === 0) return { drained: 0, held };
      const shards = held.map((lease) => lease.shard);
      // The transaction's statements run one after the other in the order issued, explicitly: a
      // batch's read must follow the delete of the batch two before it.
      let last: Promise<unknown> = Promise.resolve();
      const pending: Promise<unknown>[] = [];
      const inOrder = <T>(sql: string, parameters: unknown[]): Promise<T> => {
        const next = last.then(() => manager.query(sql, parameters) as Promise<T>);
        last = next.catch(() => undefined);
        pending.push(next);
        return next;
      };
      // The oldest rows but those of the batch being published (read, not yet deleted). Never a
      // bare `id > last read`: a row committed late under a lower id would be skipped, while a
      // later row of its key, stored after it committed, would be published before it.
      const claim = (publishing: string[]) =>
        inOrder<OutboxRow[]>(
          `SELECT id, topic, message_key, payload::text AS payload, headers FROM outbox
           WHERE ${outboxShardSql('$2')} = ANY($3::integer[]) AND NOT (id = ANY($4::bigint[]))
           ORDER BY id LIMIT $1`,
          [limit, holder.shardCount, shards, publishing],
        );
      let drained = 0;
      try {
        let next = claim([]);
        for (let batch = 1; ; batch += 1) {
          const rows = await next;
          if (rows.length === 0) break;
          const ids = rows.map((row) => row.id);
          const more = rows.length === limit && batch < batches;
          if (more) next = claim(ids);
          await publish(rows.map(claimedMessage));
          void inOrder('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
          drained += rows.length;
          if (!more) break;
        }
      } catch (error) {
        publishFailure = { error };
      }
      // A statement that failed aborted the transaction: nothing is deleted, all is published again.
      const failedStatement = (await Promise.allSettled(pending)).find(
        (settled): settled is PromiseRejectedResult => settled.status === 'rejected',
      );
      if (failedStatement) throw failedStatement.reason;
      if (drained === 0) {
        if (publishFailure) throw publishFailure.error;
        return { drained, held };
      }
      // Still locked by this transaction, so still ours however long the publishes took: renewed
      // from now, in the transaction that deletes what was published.
      await manager.query(
        `UPDATE outbox_shard_leases SET expires_at = clock_timestamp() + $2 * interval '1 millisecond'
         WHERE shard = ANY($1::integer[]) AND owner = $3`,
        [shards, holder.leaseMs, holder.relayId],
      );
      return { drained, held };
    });
    if (publishFailure) throw publishFailure.error;
    return outcome;
  }

  async backlog(): Promise<{ count: number; oldestCreatedAt: Date | null }> {
    const [row]: { count: string; oldest: Date | null }[] = await this.dataSource.query(
      'SELECT count(*) AS count, min(created_at) AS oldest FROM outbox',
    );
    return { count: Number(row.count), oldestCreatedAt: row.oldest };
  }
}
