import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import type { NewEvent } from './event-store.types';

/** A whole stream of history: its events in order, versions 1…n. */
export interface BulkStream {
  streamId: string;
  streamType: string;
  events: NewEvent[];
}

export interface BulkLoadProgress {
  streams: number;
  events: number;
}

/** Rows another table holds for each stream, loaded in the same transaction as its events. */
export interface CompanionRows {
  /** `COPY table (columns) FROM STDIN`. */
  copy: string;
  /** The stream's rows in COPY's text format, each ending in a newline. */
  rows(stream: BulkStream): string[];
}

export interface BulkLoadOptions {
  /** Events per transaction: each commits on its own, so a failure loses only the one in flight. */
  eventsPerTransaction?: number;
  companions?: CompanionRows[];
  onProgress?: (progress: BulkLoadProgress) => void;
}

const EVENT_COLUMNS =
  'event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at, recorded_at';
/** Rows sent to Postgres at a time: small enough that Postgres works on one while the next is made. */
const ROWS_PER_WRITE = 500;

/**
 * The event store's fast path for history that already happened: streams that do not exist yet are
 * written with COPY (events, then their `streams` rows at their final version) instead of one
 * append per command. Used by seeds, imports and benchmarks; the running system appends.
 *
 * Nothing goes to the outbox: bulk-loaded history is not news. Publishing it would flood Kafka and
 * every consumer with millions of old events (and alerts) at once. Read models take it in by a
 * rebuild from the event store instead.
 *
 * The streams must be new: a stream that exists already makes the transaction fail on its key.
 * Events get their transaction ids and global positions as any append's do, so global reads see
 * each transaction's events, in order, once it commits.
 */
export async function bulkLoadStreams(
  client: ClientBase,
  streams: Iterable<BulkStream>,
  { eventsPerTransaction = 50_000, companions = [], onProgress = () => undefined }: BulkLoadOptions = {},
): Promise<BulkLoadProgress> {
  const loaded: BulkLoadProgress = { streams: 0, events: 0 };
  const iterator = streams[Symbol.iterator]();
  let next = iterator.next();
  while (!next.done) {
    await client.query('BEGIN');
    try {
      const streamRows: string[] = [];
      const companionRows = companions.map(() => [] as string[]);
      const events = copyIn(client, `COPY events (${EVENT_COLUMNS}) FROM STDIN`);
      let inTransaction = 0;
      let rows: string[] = [];
      while (!next.done && inTransaction < eventsPerTransaction) {
        const stream = next.value;
        if (stream.events.length > 0) {
          rows.push(...eventRows(stream));
          const last = stream.events[stream.events.length - 1];
          streamRows.push(
            `${stream.streamId}\t${copyText(stream.streamType)}\t${stream.events.length}\t${stream.events[0].recordedAt}\t${last.recordedAt}\n`,
          );
          companions.forEach((companion, index) => companionRows[index].push(...companion.rows(stream)));
          inTransaction += stream.events.length;
          loaded.streams += 1;
          loaded.events += stream.events.length;
        }
        if (rows.length >= ROWS_PER_WRITE) {
          await events.write(rows.join(''));
          rows = [];
          onProgress({ ...loaded });
        }
        next = iterator.next();
      }
      await events.end(rows.join(''));
      await copyIn(
        client,
        'COPY streams (stream_id, stream_type, version, created_at, updated_at) FROM STDIN',
      ).end(streamRows.join(''));
      for (const [index, companion] of companions.entries()) {
        await copyIn(client, companion.copy).end(companionRows[index].join(''));
      }
      await client.query('COMMIT');
      onProgress({ ...loaded });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  return loaded;
}

/** The stream's events as lines of COPY's text format. */
export function eventRows({ streamId, events }: BulkStream): string[] {
  return events.map(
    (event, index) =>
      `${event.eventId}\t${streamId}\t${index + 1}\t${copyText(event.type)}\t${event.schemaVersion}\t` +
      `${copyText(JSON.stringify(event.data))}\t${copyText(JSON.stringify(event.metadata))}\t` +
      `${event.occurredAt}\t${event.recordedAt}\n`,
  );
}

const SPECIAL = /[\\\n\r\t]/;

/** Escapes a value for COPY's text format (JSON keeps control characters escaped, but not `\`). */
export function copyText(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

interface CopyIn {
  /** Sends rows, and waits only when Postgres is behind (backpressure). */
  write(text: string): Promise<void>;
  /** Ends the COPY and waits until Postgres has taken every row. */
  end(text: string): Promise<void>;
}

function copyIn(client: ClientBase, sql: string): CopyIn {
  const stream = client.query(copyFrom(sql));
  let failure: Error | undefined;
  // Listening from the start: an error between two writes is kept for the next one, not thrown away.
  const failed = new Promise<never>((_, reject) =>
    stream.on('error', (error: Error) => {
      failure = error;
      reject(error);
    }),
  );
  failed.catch(() => undefined);
  return {
    async write(text) {
      if (failure) throw failure;
      if (text === '' || stream.write(text)) return;
      await Promise.race([once(stream, 'drain'), failed]);
    },
    async end(text) {
      if (failure) throw failure;
      await Promise.race([new Promise<void>((resolve) => stream.end(text, resolve)), failed]);
    },
  };
}
