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
  { companions = [], ...options }: BulkLoadOptions = {},
): Promise<BulkLoadProgress> {
  return bulkLoadRendered(client, renderInBatches(streams, companions), {
    ...options,
    companionCopies: companions.map((companion) => companion.copy),
  });
}

/** Whole streams rendered in COPY's text format, ready to write. */
export interface RenderedStreams {
  streams: number;
  events: number;
  eventRows: string;
  streamRows: string;
  /** One text per companion COPY, in the order of `companionCopies`. */
  companionRows: string[];
}

export interface RenderedLoadOptions {
  eventsPerTransaction?: number;
  /** `COPY table (columns) FROM STDIN` of each companion table, loaded after the streams rows. */
  companionCopies?: string[];
  onProgress?: (progress: BulkLoadProgress) => void;
}

/**
 * `bulkLoadStreams` for streams rendered elsewhere (on worker threads, say): the batches are
 * written in the order they come, whole batches per transaction.
 */
export async function bulkLoadRendered(
  client: ClientBase,
  batches: Iterable<RenderedStreams> | AsyncIterable<RenderedStreams>,
  {
    eventsPerTransaction = 50_000,
    companionCopies = [],
    onProgress = () => undefined,
  }: RenderedLoadOptions = {},
): Promise<BulkLoadProgress> {
  const loaded: BulkLoadProgress = { streams: 0, events: 0 };
  let open:
    { events: CopyIn; inTransaction: number; streamRows: string[]; companionRows: string[][] } | undefined;
  try {
    for await (const batch of batches) {
      if (!open) {
        await client.query('BEGIN');
        open = {
          events: copyIn(client, `COPY events (${EVENT_COLUMNS}) FROM STDIN`),
          inTransaction: 0,
          streamRows: [],
          companionRows: companionCopies.map(() => []),
        };
      }
      await open.events.write(batch.eventRows);
      open.streamRows.push(batch.streamRows);
      batch.companionRows.forEach((rows, index) => open?.companionRows[index].push(rows));
      open.inTransaction += batch.events;
      loaded.streams += batch.streams;
      loaded.events += batch.events;
      if (open.inTransaction >= eventsPerTransaction) {
        await commit(client, open, companionCopies);
        open = undefined;
      }
      onProgress({ ...loaded });
    }
    if (open) {
      await commit(client, open, companionCopies);
      onProgress({ ...loaded });
    }
  } catch (error) {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return loaded;
}

async function commit(
  client: ClientBase,
  open: { events: CopyIn; streamRows: string[]; companionRows: string[][] },
  companionCopies: string[],
): Promise<void> {
  await open.events.end('');
  await copyIn(
    client,
    'COPY streams (stream_id, stream_type, version, created_at, updated_at) FROM STDIN',
  ).end(open.streamRows.join(''));
  for (const [index, copy] of companionCopies.entries()) {
    await copyIn(client, copy).end(open.companionRows[index].join(''));
  }
  await client.query('COMMIT');
}

/** Streams rendered a few hundred events at a time: Postgres works on one batch while the next is made. */
function* renderInBatches(
  streams: Iterable<BulkStream>,
  companions: readonly CompanionRows[],
): Generator<RenderedStreams> {
  let batch: BulkStream[] = [];
  let events = 0;
  for (const stream of streams) {
    if (stream.events.length === 0) continue;
    batch.push(stream);
    events += stream.events.length;
    if (events >= ROWS_PER_WRITE) {
      yield renderStreams(batch, companions);
      batch = [];
      events = 0;
    }
  }
  if (batch.length > 0) yield renderStreams(batch, companions);
}

/** Streams (none of them empty) in COPY's text format, with their companions' rows. */
export function renderStreams(
  streams: readonly BulkStream[],
  companions: readonly CompanionRows[] = [],
): RenderedStreams {
  let eventText = '';
  let streamText = '';
  const companionText = companions.map(() => '');
  let events = 0;
  for (const stream of streams) {
    for (const row of eventRows(stream)) eventText += row;
    streamText += streamRow(stream);
    companions.forEach((companion, index) => {
      for (const row of companion.rows(stream)) companionText[index] += row;
    });
    events += stream.events.length;
  }
  return {
    streams: streams.length,
    events,
    eventRows: eventText,
    streamRows: streamText,
    companionRows: companionText,
  };
}

/** The stream's `streams` row at its final version. */
function streamRow({ streamId, streamType, events }: BulkStream): string {
  return `${streamId}\t${copyText(streamType)}\t${events.length}\t${events[0].recordedAt}\t${events[events.length - 1].recordedAt}\n`;
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
