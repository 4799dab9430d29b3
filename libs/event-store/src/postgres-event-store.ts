import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  StreamVersionConflict,
  type GlobalCursor,
  type NewEvent,
  type OutboxMessage,
  type StoredEvent,
} from './event-store.types';

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  occurred_at: Date;
  recorded_at: Date;
}

const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_version,
  event_type, schema_version, data, metadata, occurred_at, recorded_at`;

export interface AppendOptions {
  streamType: string;
  /** Messages to publish for the stored events, written in the same transaction. */
  outbox?: (stored: StoredEvent[]) => OutboxMessage[];
  /** Join a transaction the caller already holds. */
  manager?: EntityManager;
}

@Injectable()
export class PostgresEventStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends events to a stream if, and only if, the stream is at `expectedVersion` (0: the stream
   * must not exist yet), together with their outbox messages, in one transaction.
   * @throws StreamVersionConflict when another append got there first.
   */
  async append(
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const work = (manager: EntityManager) =>
      this.appendWithin(manager, streamId, expectedVersion, events, options);
    return options.manager ? work(options.manager) : this.dataSource.transaction(work);
  }

  private async appendWithin(
    manager: EntityManager,
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<StoredEvent[]> {
    const newVersion = expectedVersion + events.length;
    // The streams row is the compare-and-set: a concurrent append waits on its lock, then finds
    // the version moved and matches no row.
    const claimed: unknown[] =
      expectedVersion === 0
        ? await manager.query(
            `INSERT INTO streams (stream_id, stream_type, version) VALUES ($1, $2, $3)
             ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
            [streamId, options.streamType, newVersion],
          )
        : await manager.query(
            // Wrapped in a CTE so the driver hands back rows, not an affected-row count.
            `WITH claimed AS (
               UPDATE streams SET version = $3, updated_at = now()
               WHERE stream_id = $1 AND version = $2 RETURNING stream_id
             ) SELECT stream_id FROM claimed`,
            [streamId, expectedVersion, newVersion],
          );
    if (claimed.length === 0) throw new StreamVersionConflict(streamId, expectedVersion);

    const rows: EventRow[] = await manager.query(
      `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata,
                           occurred_at, recorded_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::smallint[], $6::jsonb[],
                            $7::jsonb[], $8::timestamptz[], $9::timestamptz[])
       RETURNING ${EVENT_COLUMNS}`,
      [
        events.map((event) => event.eventId),
        events.map(() => streamId),
        events.map((_, index) => expectedVersion + index + 1),
        events.map((event) => event.type),
        events.map((event) => event.schemaVersion),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(event.metadata)),
        events.map((event) => event.occurredAt),
        events.map((event) => event.recordedAt),
      ],
    );
    const stored = rows.map(toStoredEvent).sort((a, b) => a.streamVersion - b.streamVersion);

    const messages = options.outbox?.(stored) ?? [];
    if (messages.length > 0) await writeOutbox(manager, messages);
    return stored;
  }

  /** The stream's events in order, from `fromVersion` (inclusive). Empty when it does not exist. */
  async readStream(streamId: string, fromVersion = 1, toVersion = 2 ** 31 - 1): Promise<StoredEvent[]> {
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE stream_id = $1 AND stream_version BETWEEN $2 AND $3 ORDER BY stream_version`,
      [streamId, fromVersion, toVersion],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Up to `limit` events after `cursor` in commit order, across all streams. Only events of
   * transactions older than every running one are returned, so no late-committing event is ever
   * behind the returned cursor.
   */
  async readAll(
    cursor: GlobalCursor,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredEvent[]> {
    const rows: EventRow[] = await manager.query(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position
       LIMIT $3`,
      [cursor.transactionId, cursor.globalPosition, limit],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Every event committed so far after `cursor`, including those of transactions newer than a
   * still-running one. Complete only when `cursor` came from readAll, whose horizon guarantees that
   * nothing before it can still commit; meant for a final catch-up under a lock.
   */
  async readAllCommitted(
    cursor: GlobalCursor,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredEvent[]> {
    const rows: EventRow[] = await manager.query(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       ORDER BY transaction_id, global_position`,
      [cursor.transactionId, cursor.globalPosition],
    );
    return rows.map(toStoredEvent);
  }

  async countAll(): Promise<number> {
    const [row]: { count: string }[] = await this.dataSource.query('SELECT count(*) AS count FROM events');
    return Number(row.count);
  }
}

export async function writeOutbox(manager: EntityManager, messages: OutboxMessage[]): Promise<void> {
  await manager.query(
    `INSERT INTO outbox (topic, message_key, payload, headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::json[], $4::jsonb[])`,
    [
      messages.map((message) => message.topic),
      messages.map((message) => message.key),
      messages.map((message) => JSON.stringify(message.payload)),
      messages.map((message) => JSON.stringify(message.headers ?? {})),
    ],
  );
}

export function cursorAfter(event: StoredEvent): GlobalCursor {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    globalPosition: row.global_position,
    transactionId: row.transaction_id,
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
  };
}
