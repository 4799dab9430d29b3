import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import {
  StreamVersionConflict,
  type GlobalCursor,
  type NewEvent,
  type OutboxMessage,
  type StoredEvent,
} from './event-store.types';
import { signalOutbox } from './outbox-signal';

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

/**
 * The selected `transaction_id` is text, under the column's own name: an ORDER BY must name the
 * table's column (`events.transaction_id`), or it sorts the text — '10' before '9' — and no index helps.
 */
const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_version,
  event_type, schema_version, data, metadata, occurred_at, recorded_at`;

/**
 * The compare-and-set of an append, on the stream's row: a concurrent append to the same stream
 * waits on the row's lock, then finds the version moved (or the row there) and claims nothing.
 * $1 stream id, $2 stream type (new) or expected version (next), $3 the new version.
 */
const CLAIM_NEW_STREAM = `INSERT INTO streams (stream_id, stream_type, version) VALUES ($1, $2::text, $3)
  ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`;
const CLAIM_NEXT_VERSION = `UPDATE streams SET version = $3, updated_at = now()
  WHERE stream_id = $1 AND version = $2::int RETURNING stream_id`;
const OUTBOX_INSERT = `INSERT INTO outbox (topic, message_key, payload, headers)
  SELECT message.* FROM unnest($13::text[], $14::text[], $15::json[], $16::jsonb[]) AS message, claimed`;
/** Skips the outbox trigger's NOTIFY for the transaction: the writer signals after commit. */
const SIGNALLED_AFTER_COMMIT = `, (SELECT set_config('casetrail.outbox_signalled_after_commit', 'on', true)) AS signalled`;

/** An event as appended, before the store assigned its position: what outbox messages are made from. */
export type AppendedEvent = Omit<StoredEvent, 'globalPosition' | 'transactionId'>;

export interface StreamAppend {
  streamId: string;
  /** 0: the stream must not exist yet. */
  expectedVersion: number;
  events: NewEvent[];
}

export interface AppendOptions {
  streamType: string;
  /** Messages to publish for the events, written in the same transaction (the same statement). */
  outbox?: (appended: AppendedEvent[]) => OutboxMessage[];
  /** Join a transaction the caller already holds. */
  manager?: EntityManager;
  /**
   * With `manager`: the caller calls `signalOutbox` after its commit, so the outbox trigger need not
   * NOTIFY inside the transaction (see OutboxSignalAfterCommit). Without `manager` the store
   * commits itself and always signals after commit.
   */
  signalledAfterCommit?: boolean;
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
    if (options.manager) {
      const client = (await options.manager.queryRunner?.connect()) as PoolClient | undefined;
      if (!client) throw new Error('append with a manager needs a transaction (its query runner)');
      return this.appendStatement(client, streamId, expectedVersion, events, options);
    }
    // One statement is one transaction: no BEGIN / COMMIT round trips.
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const stored = await this.appendStatement(pool, streamId, expectedVersion, events, {
      ...options,
      signalledAfterCommit: true,
    });
    if (options.outbox) signalOutbox(this.dataSource);
    return stored;
  }

  /**
   * The whole append as one prepared statement: the compare-and-set on the streams row, the
   * events and their outbox rows. If the stream is not at `expectedVersion`, the claim matches no
   * row, and the inserts, which select from it, insert nothing.
   */
  private async appendStatement(
    client: Pool | PoolClient,
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<StoredEvent[]> {
    const newVersion = expectedVersion + events.length;
    const appended: AppendedEvent[] = events.map((event, index) => ({
      ...event,
      streamId,
      streamVersion: expectedVersion + index + 1,
    }));
    const messages = options.outbox?.(appended) ?? [];
    const signalled = options.signalledAfterCommit === true;
    // Without messages no outbox insert at all: its statement trigger would NOTIFY for nothing.
    const outbox = messages.length === 0 ? 'none' : signalled ? 'signalled' : 'notified';
    const name = `casetrail_append_${expectedVersion === 0 ? 'new' : 'next'}_${outbox}`;
    const { rows } = await client.query<EventRow>({
      name,
      text: `WITH claimed AS (${expectedVersion === 0 ? CLAIM_NEW_STREAM : CLAIM_NEXT_VERSION}),
        inserted AS (
          INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata,
                              occurred_at, recorded_at)
          SELECT event.* FROM unnest($4::uuid[], $5::uuid[], $6::int[], $7::text[], $8::smallint[], $9::jsonb[],
                                     $10::jsonb[], $11::timestamptz[], $12::timestamptz[]) AS event, claimed
          RETURNING ${EVENT_COLUMNS}
        ),
        outboxed AS (${outbox === 'none' ? 'SELECT $13::text[], $14::text[], $15::json[], $16::jsonb[]' : OUTBOX_INSERT}
          ${outbox === 'signalled' ? SIGNALLED_AFTER_COMMIT : ''})
        SELECT * FROM inserted`,
      values: [
        streamId,
        expectedVersion === 0 ? options.streamType : expectedVersion,
        newVersion,
        events.map((event) => event.eventId),
        events.map(() => streamId),
        appended.map((event) => event.streamVersion),
        events.map((event) => event.type),
        events.map((event) => event.schemaVersion),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(event.metadata)),
        events.map((event) => event.occurredAt),
        events.map((event) => event.recordedAt),
        messages.map((message) => message.topic),
        messages.map((message) => message.key),
        messages.map((message) => JSON.stringify(message.payload)),
        messages.map((message) => JSON.stringify(message.headers ?? {})),
      ],
    });
    if (rows.length === 0) throw new StreamVersionConflict(streamId, expectedVersion);
    return rows.map(toStoredEvent).sort((a, b) => a.streamVersion - b.streamVersion);
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
   * Appends to many streams at once, each at its own expected version, with their outbox messages,
   * in the caller's transaction: one compare-and-set statement for all the streams, one insert of
   * all the events. A stream that is not at its expected version is left out and named in
   * `conflicted`; the others are appended.
   */
  async appendToStreams(
    manager: EntityManager,
    appends: readonly StreamAppend[],
    options: Omit<AppendOptions, 'manager'>,
  ): Promise<{ stored: Map<string, StoredEvent[]>; conflicted: string[] }> {
    const wanted = [...appends].filter((append) => append.events.length > 0);
    // One lock order for every caller, so two batches over the same streams cannot deadlock.
    wanted.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    const existing = wanted.filter((append) => append.expectedVersion > 0);
    const created = wanted.filter((append) => append.expectedVersion === 0);
    const claimed = new Set<string>();
    if (existing.length > 0) {
      const rows: { stream_id: string }[] = await manager.query(
        `WITH claimed AS (
           UPDATE streams s SET version = v.new_version, updated_at = now()
           FROM unnest($1::uuid[], $2::int[], $3::int[]) AS v(stream_id, expected, new_version)
           WHERE s.stream_id = v.stream_id AND s.version = v.expected RETURNING s.stream_id
         ) SELECT stream_id FROM claimed`,
        [
          existing.map((append) => append.streamId),
          existing.map((append) => append.expectedVersion),
          existing.map((append) => append.expectedVersion + append.events.length),
        ],
      );
      for (const row of rows) claimed.add(row.stream_id);
    }
    if (created.length > 0) {
      const rows: { stream_id: string }[] = await manager.query(
        `INSERT INTO streams (stream_id, stream_type, version)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[])
         ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
        [
          created.map((append) => append.streamId),
          created.map(() => options.streamType),
          created.map((append) => append.events.length),
        ],
      );
      for (const row of rows) claimed.add(row.stream_id);
    }
    const appended = wanted.filter((append) => claimed.has(append.streamId));
    const rows = appended.flatMap(({ streamId, expectedVersion, events }) =>
      events.map((event, index) => ({ streamId, version: expectedVersion + index + 1, event })),
    );
    const stored = new Map<string, StoredEvent[]>();
    if (rows.length > 0) {
      const inserted: EventRow[] = await manager.query(
        `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata,
                             occurred_at, recorded_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::smallint[], $6::jsonb[],
                              $7::jsonb[], $8::timestamptz[], $9::timestamptz[])
         RETURNING ${EVENT_COLUMNS}`,
        [
          rows.map((row) => row.event.eventId),
          rows.map((row) => row.streamId),
          rows.map((row) => row.version),
          rows.map((row) => row.event.type),
          rows.map((row) => row.event.schemaVersion),
          rows.map((row) => JSON.stringify(row.event.data)),
          rows.map((row) => JSON.stringify(row.event.metadata)),
          rows.map((row) => row.event.occurredAt),
          rows.map((row) => row.event.recordedAt),
        ],
      );
      for (const event of inserted.map(toStoredEvent))
        stored.set(event.streamId, [...(stored.get(event.streamId) ?? []), event]);
      for (const events of stored.values()) events.sort((a, b) => a.streamVersion - b.streamVersion);
      const messages = options.outbox?.([...stored.values()].flat()) ?? [];
      if (messages.length > 0) await writeOutbox(manager, messages);
    }
    return {
      stored,
      conflicted: wanted.filter((append) => !claimed.has(append.streamId)).map((append) => append.streamId),
    };
  }

  /** Each stream's events after the given version, in order, stream by stream, in one query. */
  async readStreamsAfter(
    manager: EntityManager,
    streams: readonly { streamId: string; afterVersion: number }[],
  ): Promise<StoredEvent[]> {
    if (streams.length === 0) return [];
    const rows: EventRow[] = await manager.query(
      `SELECT ${EVENT_COLUMNS}
       FROM unnest($1::uuid[], $2::int[]) AS wanted(wanted_stream, after_version)
       JOIN events ON events.stream_id = wanted.wanted_stream AND events.stream_version > wanted.after_version
       ORDER BY events.stream_id, events.stream_version`,
      [streams.map((stream) => stream.streamId), streams.map((stream) => stream.afterVersion)],
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
       ORDER BY events.transaction_id, events.global_position
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
       ORDER BY events.transaction_id, events.global_position`,
      [cursor.transactionId, cursor.globalPosition],
    );
    return rows.map(toStoredEvent);
  }

  async countAll(): Promise<number> {
    const [row]: { count: string }[] = await this.dataSource.query('SELECT count(*) AS count FROM events');
    return Number(row.count);
  }
}

/**
 * Writes outbox rows in the caller's transaction. With `signalledAfterCommit`, the caller promises to
 * call `signalOutbox` after its commit, and the trigger's in-transaction NOTIFY is skipped for the
 * rest of the transaction (the setting is local to it).
 */
export async function writeOutbox(
  manager: EntityManager,
  messages: OutboxMessage[],
  { signalledAfterCommit = false } = {},
): Promise<void> {
  const optOut = signalledAfterCommit ? SIGNALLED_AFTER_COMMIT : '';
  await manager.query(
    `INSERT INTO outbox (topic, message_key, payload, headers)
     SELECT message.* FROM unnest($1::text[], $2::text[], $3::json[], $4::jsonb[]) AS message${optOut}`,
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
