import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ClaimedOutboxMessage } from './event-store.types';

/** Any relay holding this lock is the one draining the outbox; the others stand by. */
const OUTBOX_DRAIN_LOCK = 0x0ca5e7a1;

export const OUTBOX_CHANNEL = 'casetrail_outbox';

export type DrainOutcome = { drained: number } | { drained: 0; busy: true };

@Injectable()
export class PostgresOutbox {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the oldest messages, hands them to `publish`, and deletes them only once it resolved,
   * all in one transaction: a crash before the delete commits publishes them again (at least once).
   * One relay at a time drains, so a key's messages are published in the order they were stored.
   */
  async drainOnce(
    limit: number,
    publish: (messages: ClaimedOutboxMessage[]) => Promise<void>,
  ): Promise<DrainOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }]: { locked: boolean }[] = await manager.query(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [OUTBOX_DRAIN_LOCK],
      );
      if (!locked) return { drained: 0, busy: true } as const;
      const rows: {
        id: string;
        topic: string;
        message_key: string;
        payload: string;
        headers: Record<string, string>;
      }[] = await manager.query(
        `SELECT id, topic, message_key, payload::text AS payload, headers FROM outbox ORDER BY id LIMIT $1`,
        [limit],
      );
      if (rows.length === 0) return { drained: 0 };
      await publish(
        rows.map((row) => ({
          id: row.id,
          topic: row.topic,
          key: row.message_key,
          payload: row.payload,
          headers: row.headers,
        })),
      );
      await manager.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      return { drained: rows.length };
    });
  }

  async backlog(): Promise<{ count: number; oldestCreatedAt: Date | null }> {
    const [row]: { count: string; oldest: Date | null }[] = await this.dataSource.query(
      'SELECT count(*) AS count, min(created_at) AS oldest FROM outbox',
    );
    return { count: Number(row.count), oldestCreatedAt: row.oldest };
  }
}
