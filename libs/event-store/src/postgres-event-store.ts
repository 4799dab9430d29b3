import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { connectionPool } from '@casetrail/database';
import {
  StreamVersionConflict,
  type GlobalCursor,
  type NewEvent,
  type OutboxMessage,
  type StoredEvent,
  type StreamOrderCursor,
} from './event-store.types';
import { GroupCommit, type AppendOutcome } from './group-commit';
import { signalOutbox } from './outbox-signal';

/** An event as selected with EVENT_COLUMNS, before `toStoredEvent`. */
export interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  /** ISO 8601 in UTC to the millisecond, as `toISOString` spells it. */
  occurred_at: string;
  recorded_at: string;
}

/** An event as selected with APPENDED_EVENT_COLUMNS, before `toAppendedEvent`. */
export type AppendedEventRow = Omit<EventRow, 'global_position' | 'transaction_id'>;

/** `toISOString`'s spelling, made by Postgres: parsing a Date per row and spelling it costs this process more. */
const ISO_INSTANT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The columns of an `AppendedEvent`: what a reader that keeps no commit-order cursor needs. */
const APPENDED_EVENT_COLUMNS = `event_id, stream_id, stream_version, event_type, schema_version, data, metadata,
  to_char(occurred_at AT TIME ZONE 'UTC', ${ISO_INSTANT}) AS occurred_at,
  to_char(recorded_at AT TIME ZONE 'UTC', ${ISO_INSTANT}) AS recorded_at`;

/** A stored event as far as folding its stream needs it. */
export type FoldedEvent = Pick<StoredEvent, 'streamVersion' | 'type' | 'schemaVersion' | 'data'>;

/** An event as selected with FOLDED_EVENT_COLUMNS. */
export type FoldedEventRow = Pick<EventRow, 'stream_version' | 'event_type' | 'schema_version' | 'data'>;

/**
 * What folding a stream into its state needs, and no more: a command's read skips the metadata
 * (parsed as JSON per row), the instants (spelled by to_char per row) and the ids.
 */
export const FOLDED_EVENT_COLUMNS = 'stream_version, event_type, schema_version, data';

/**
 * The selected `transaction_id` is text, under the column's own name: an ORDER BY must name the
 * table's column (`events.transaction_id`), or it sorts the text — '10' before '9' — and no index helps.
 */
export const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, ${APPENDED_EVENT_COLUMNS}`;

/** Skips the outbox trigger's NOTIFY for the transaction: the writer signals after commit. */
const SIGNALLED_AFTER_COMMIT = `, (SELECT set_config('casetrail.outbox_signalled_after_commit', 'on', true)) AS signalled`;

/**
 * The one outbox INSERT, from two parameters starting at `$first` (outboxRows): the messages' topic,
 * key, headers and stream (jsonb), and their payloads (json, not jsonb: a payload keeps its text
 * exactly as written), side by side in the order given. `claimedOnly`: inside the append
 * statement, only the messages of streams whose compare-and-set succeeded.
 */
function outboxInsert(first: number, { claimedOnly = false, signalledAfterCommit = false }): string {
  return `INSERT INTO outbox (topic, message_key, payload, headers)
    SELECT message.topic, message.message_key, message.payload, message.headers
    FROM ROWS FROM (jsonb_to_recordset($${first}::jsonb) AS (topic text, message_key text, headers jsonb, stream_id uuid),
                    json_array_elements($${first + 1}::json))
         WITH ORDINALITY AS message(topic, message_key, headers, stream_id, payload, position)
         ${signalledAfterCommit ? SIGNALLED_AFTER_COMMIT : ''}
    ${claimedOnly ? 'WHERE message.stream_id IN (SELECT stream_id FROM claimed)' : ''}
    ORDER BY message.position`;
}

/**
 * Rows travel as JSON texts (one native JSON.stringify each) rather than as Postgres arrays, which
 * node-postgres would escape element by element. Postgres reads them as jsonb, parsed once, except
 * the outbox's payloads: json_array_elements hands each one's text on as it is, where
 * json_to_recordset would lex it again, and jsonb would reorder its keys. A JSON null comes out of
 * jsonb_to_recordset as SQL NULL, hence coalesce(…, 'null') where a value may itself be null.
 */
function outboxRows(messages: readonly { message: OutboxMessage; streamId: string | null }[]): string[] {
  return [
    JSON.stringify(
      messages.map(({ message, streamId }) => ({
        topic: message.topic,
        message_key: message.key,
        headers: message.headers ?? {},
        stream_id: streamId,
      })),
    ),
    JSON.stringify(messages.map(({ message }) => message.payload)),
  ];
}

/**
 * The whole append, for one stream or many, as one statement. Each stream's compare-and-set is on
 * its row: a new stream (expected version 0) is inserted unless it exists, an existing one moves
 * from its expected version to the new one. A concurrent append to the same stream waits on the
 * row's lock, then finds the version moved (or the row there) and claims nothing. Events and
 * outbox rows are inserted only for the streams claimed, so a stream not at its expected version
 * gets nothing while the others append.
 * The rows come as JSON arrays (see outboxRows): $1 the streams (id, expected version, new
 * version), $2 the stream type of new streams, $3 the events, $4–$5 the outbox messages, $6 the
 * audit records of the streams' appends, then one for each claimed write.
 */
function appendStatement(
  outbox: 'none' | 'signalled' | 'notified',
  claimedWrites: readonly ClaimedWrite[],
): string {
  const writes = claimedWrites.map(
    (write, index) =>
      `,\n    claimed_write_${index} AS (${write.sql(`$${FIRST_CLAIMED_WRITE_PARAMETER + index}::jsonb`)})`,
  );
  return `WITH appends AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS append(stream_id uuid, expected_version int, new_version int)
    ),
    claimed_next AS (
      UPDATE streams SET version = appends.new_version, updated_at = now()
      FROM appends
      WHERE appends.expected_version > 0 AND streams.stream_id = appends.stream_id
        AND streams.version = appends.expected_version
        -- Said again as a key lookup: the one plan Postgres keeps for this statement (its rows are
        -- JSON, so no call's own plan looks cheaper) then finds the streams by their key instead of
        -- hash-joining a scan of the whole table.
        AND streams.stream_id = ANY (ARRAY(SELECT stream_id FROM appends))
      RETURNING streams.stream_id
    ),
    claimed_new AS (
      INSERT INTO streams (stream_id, stream_type, version)
      SELECT stream_id, $2::text, new_version FROM appends WHERE expected_version = 0
      ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id
    ),
    claimed AS (SELECT stream_id FROM claimed_next UNION ALL SELECT stream_id FROM claimed_new),
    inserted AS (
      INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata,
                          occurred_at, recorded_at)
      SELECT event.event_id, event.stream_id, event.stream_version, event.event_type, event.schema_version,
             coalesce(event.data, 'null'), coalesce(event.metadata, 'null'), event.occurred_at, event.recorded_at
      FROM jsonb_to_recordset($3::jsonb)
        AS event(event_id uuid, stream_id uuid, stream_version int, event_type text, schema_version smallint,
                 data jsonb, metadata jsonb, occurred_at timestamptz, recorded_at timestamptz)
      WHERE event.stream_id IN (SELECT stream_id FROM claimed)
      RETURNING ${EVENT_COLUMNS}
    ),
    outboxed AS (${
      outbox === 'none'
        ? // Without messages no outbox insert at all: its statement trigger would NOTIFY for nothing.
          'SELECT $4::jsonb, $5::json'
        : outboxInsert(4, { claimedOnly: true, signalledAfterCommit: outbox === 'signalled' })
    }),
    audited AS (
      INSERT INTO public.audit_unchained (record)
      SELECT audit.record
      FROM ROWS FROM (jsonb_to_recordset($6::jsonb) AS (record text, stream_id uuid))
           WITH ORDINALITY AS audit(record, stream_id, position)
      WHERE audit.stream_id IN (SELECT stream_id FROM claimed)
      ORDER BY audit.position
    )${writes.join('')}
    SELECT * FROM inserted`;
}

/** The parameter of the first claimed write's rows, after those of the append itself ($1–$6). */
const FIRST_CLAIMED_WRITE_PARAMETER = 7;

/**
 * A write that belongs with an append and happens only where a stream's compare-and-set succeeds: a
 * data-modifying CTE of the append statement, which reads `claimed` (the ids of the streams
 * appended to). It commits with the events or not at all, at no round trip of its own.
 */
export interface ClaimedWrite {
  /** Names the shape of `sql`: one name, one text (it names the prepared statement). */
  name: string;
  /**
   * The CTE's statement, reading its rows from `rows`, a jsonb array (e.g. `$7::jsonb`), with
   * jsonb_to_recordset: a JSON null comes out as SQL NULL.
   */
  sql(rows: string): string;
  /**
   * The rows written, one object per row, keyed by the recordset's columns: the writes of one name
   * from several callers' appends become one by concatenating them (see GroupCommit).
   */
  rows: readonly object[];
}

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
  /**
   * Audit records of the requests that asked for these appends (their text, see libs/audit), written
   * in the same statement as the appends they record and only for the streams appended to.
   */
  auditRecords?: readonly { streamId: string; record: string }[];
  /** Further writes that commit with the appends, in the same statement (see ClaimedWrite). */
  claimedWrites?: readonly ClaimedWrite[];
}

@Injectable()
export class PostgresEventStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends events to one stream if, and only if, it is at `expectedVersion` (0: the stream must
   * not exist yet), with their outbox messages: `appendToStreams` for one stream.
   * @throws StreamVersionConflict when another append got there first.
   */
  async append(
    streamId: string,
    expectedVersion: number,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<StoredEvent[]> {
    const { stored, conflicted } = await this.appendToStreams(
      [{ streamId, expectedVersion, events }],
      options,
    );
    if (conflicted.length > 0) throw new StreamVersionConflict(streamId, expectedVersion);
    return stored.get(streamId) ?? [];
  }

  /**
   * Appends to one stream or many, each at its own expected version, with their outbox messages, in
   * one statement (see appendStatement). Without `manager` the statement is its own transaction (no
   * BEGIN / COMMIT round trips) and the relay is signalled after it. A stream that is not at its
   * expected version is left out and named in `conflicted`; the others are appended.
   */
  appendToStreams(appends: readonly StreamAppend[], options: AppendOptions): Promise<AppendOutcome> {
    // Appends in their own transaction share statements with others in flight (group commit).
    return options.manager ? this.appendNow(appends, options) : this.groupCommit.append(appends, options);
  }

  private readonly groupCommit = new GroupCommit((appends, options) => this.appendNow(appends, options));

  private async appendNow(appends: readonly StreamAppend[], options: AppendOptions): Promise<AppendOutcome> {
    // One lock order for every caller, so two appends over the same streams cannot deadlock.
    const wanted = appends
      .filter((append) => append.events.length > 0)
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    const stored = new Map<string, StoredEvent[]>();
    if (wanted.length === 0) return { stored, conflicted: [] };
    // Each stream's events apart: finding them among all the batch's events cost a pass per stream.
    const eventsOf = wanted.map(({ streamId, expectedVersion, events: streamEvents }) =>
      streamEvents.map((event, index): AppendedEvent => ({
        ...event,
        streamId,
        streamVersion: expectedVersion + index + 1,
      })),
    );
    const events = eventsOf.flat();
    const { outbox: messagesFor } = options;
    const messages = messagesFor
      ? wanted.flatMap(({ streamId }, index) =>
          messagesFor(eventsOf[index]).map((message) => ({ message, streamId })),
        )
      : [];
    const ownTransaction = !options.manager;
    const signalled = ownTransaction || options.signalledAfterCommit === true;
    const outbox = messages.length === 0 ? 'none' : signalled ? 'signalled' : 'notified';
    const claimedWrites = options.claimedWrites ?? [];
    const { rows } = await (
      await this.clientFor(options.manager)
    ).query<EventRow>({
      name: ['casetrail_append', outbox, ...claimedWrites.map((write) => write.name)].join('_'),
      text: appendStatement(outbox, claimedWrites),
      values: [
        JSON.stringify(
          wanted.map((append) => ({
            stream_id: append.streamId,
            expected_version: append.expectedVersion,
            new_version: append.expectedVersion + append.events.length,
          })),
        ),
        options.streamType,
        JSON.stringify(
          events.map((event) => ({
            event_id: event.eventId,
            stream_id: event.streamId,
            stream_version: event.streamVersion,
            event_type: event.type,
            schema_version: event.schemaVersion,
            data: event.data,
            metadata: event.metadata,
            occurred_at: event.occurredAt,
            recorded_at: event.recordedAt,
          })),
        ),
        ...outboxRows(messages),
        JSON.stringify(
          (options.auditRecords ?? []).map((audit) => ({ record: audit.record, stream_id: audit.streamId })),
        ),
        ...claimedWrites.map((write) => JSON.stringify(write.rows)),
      ],
    });
    if (ownTransaction && outbox !== 'none') signalOutbox(this.dataSource);
    for (const event of rows.map(toStoredEvent))
      stored.set(event.streamId, [...(stored.get(event.streamId) ?? []), event]);
    for (const streamEvents of stored.values())
      streamEvents.sort((a, b) => a.streamVersion - b.streamVersion);
    return {
      stored,
      conflicted: wanted.filter((append) => !stored.has(append.streamId)).map((append) => append.streamId),
    };
  }

  /** The caller's transaction's connection, or the pool, where a statement is its own transaction. */
  private async clientFor(manager: EntityManager | undefined): Promise<Pool | PoolClient> {
    if (!manager) return connectionPool(this.dataSource);
    const client = (await manager.queryRunner?.connect()) as PoolClient | undefined;
    if (!client) throw new Error('append with a manager needs a transaction (its query runner)');
    return client;
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
   * Each stream's events after the given version, in order, stream by stream, in one query: only
   * what folding them into the streams' states needs (see FOLDED_EVENT_COLUMNS).
   */
  async readStreamsAfter(
    manager: EntityManager,
    streams: readonly { streamId: string; afterVersion: number }[],
  ): Promise<(FoldedEvent & { streamId: string })[]> {
    if (streams.length === 0) return [];
    const rows: (FoldedEventRow & { stream_id: string })[] = await manager.query(
      `SELECT stream_id, ${FOLDED_EVENT_COLUMNS}
       FROM unnest($1::uuid[], $2::int[]) AS wanted(wanted_stream, after_version)
       JOIN events ON events.stream_id = wanted.wanted_stream AND events.stream_version > wanted.after_version
       ORDER BY events.stream_id, events.stream_version`,
      [streams.map((stream) => stream.streamId), streams.map((stream) => stream.afterVersion)],
    );
    return rows.map((row) => ({ streamId: row.stream_id, ...toFoldedEvent(row) }));
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

  /**
   * The oldest transaction still running (a transaction id): every event of an older transaction is
   * committed, or never will be, so it is in every snapshot taken from now on.
   */
  async readHorizon(): Promise<string> {
    const [row]: { horizon: string }[] = await this.dataSource.query(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon',
    );
    return row.horizon;
  }

  /**
   * Up to `limit` events of transactions older than `horizon` (from readHorizon) after `cursor`, stream
   * by stream, each stream's in version order. With the same horizon every call sees the same events,
   * so reading on from the cursor misses none; the rest of history follows `cursorBefore(horizon)`.
   * `until`: only streams whose id sorts before it (a range of streams read apart from the rest).
   * No commit-order position: a reader by stream never needs one, and not parsing it is cheaper.
   */
  async readStreamsBefore(
    horizon: string,
    cursor: StreamOrderCursor,
    limit: number,
    { until, manager = this.dataSource.manager }: { until?: string; manager?: EntityManager } = {},
  ): Promise<AppendedEvent[]> {
    const rows: AppendedEventRow[] = await manager.query(
      `SELECT ${APPENDED_EVENT_COLUMNS} FROM events
       WHERE (stream_id, stream_version) > ($1::uuid, $2::int) AND events.transaction_id < $3::xid8
         ${until === undefined ? '' : 'AND stream_id < $5::uuid'}
       ORDER BY stream_id, stream_version
       LIMIT $4`,
      [cursor.streamId, cursor.streamVersion, horizon, limit, ...(until === undefined ? [] : [until])],
    );
    return rows.map(toAppendedEvent);
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
  await manager.query(
    outboxInsert(1, { signalledAfterCommit }),
    outboxRows(messages.map((message) => ({ message, streamId: null }))),
  );
}

export function cursorAfter(event: StoredEvent): GlobalCursor {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

/** The commit-order cursor just before the events of transaction `horizon` (positions start at 1). */
export function cursorBefore(horizon: string): GlobalCursor {
  return { transactionId: horizon, globalPosition: '0' };
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return { globalPosition: row.global_position, transactionId: row.transaction_id, ...toAppendedEvent(row) };
}

export function toFoldedEvent(row: FoldedEventRow): FoldedEvent {
  return {
    streamVersion: row.stream_version,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
  };
}

export function toAppendedEvent(row: AppendedEventRow): AppendedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.event_type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  };
}
