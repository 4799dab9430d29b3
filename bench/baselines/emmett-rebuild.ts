import type { ProjectionDefinition, ReadEventMetadataWithGlobalPosition } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  rebuildPostgreSQLProjections,
  type PostgreSQLProjectionHandlerContext,
} from '@event-driven-io/emmett-postgresql';
import { Client } from 'pg';
import { elapsedMs } from '../harness';

/**
 * The peer baseline for the rebuild figure: Emmett's own projection rebuild
 * (`rebuildPostgreSQLProjections`) over the same events, copied into Emmett's schema in the same
 * database, applying a batch projection that keeps one summary row per case (its stream version
 * and docket) with one set-wise upsert per batch.
 *
 * Emmett's read model is deliberately the lighter one: a single table, against Casetrail's seven
 * read models. So the ratio Casetrail ÷ Emmett is conservative for Casetrail.
 *
 * Emmett 0.42's projector hands a projection one event at a time and stores its checkpoint after
 * each (in one transaction per pulled batch), so it runs at about a thousand events a second here:
 * by default only the first `maxEvents` events (in commit order) are copied and rebuilt, which keeps
 * a standard run bounded; the figure is a rate, so the two stay comparable.
 *
 * Usage (rebuild.bench.ts): `const emmett = await emmettRebuild(prepared.database.url)` after
 * Casetrail's rebuild; figure value Casetrail events/s, baseline `emmett.eventsPerSecond`.
 */
export interface EmmettRebuildResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Seconds spent copying the events into Emmett's tables (not part of `seconds`). */
  copySeconds: number;
  batchSize: number;
}

const DOCKET_AFTER: Record<string, string> = {
  CaseOpened: 'PENDING',
  DetentionBooked: 'DETAINED',
  SubjectReleased: 'NON_DETAINED',
  SubjectRemoved: 'CLOSED',
  CaseClosed: 'CLOSED',
};

/** Copies Casetrail's `events` into Emmett's `emt_streams` / `emt_messages`, in commit order. */
async function copyIntoEmmett(
  databaseUrl: string,
  maxEvents: number,
): Promise<{ events: number; types: string[] }> {
  const store = getPostgreSQLEventStore(databaseUrl);
  try {
    await store.schema.migrate();
  } finally {
    await store.close();
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const copied = await client.query(
      `INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata,
                                 message_schema_version, message_type, message_id, transaction_id, created)
       SELECT stream_id::text, stream_version, 'emt:default', 'E', data, metadata, schema_version::text, event_type,
              event_id::text, pg_current_xact_id(), recorded_at
       FROM (SELECT * FROM events ORDER BY transaction_id, global_position LIMIT $1) first_events
       ORDER BY transaction_id, global_position`,
      [maxEvents],
    );
    await client.query(
      `INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata)
       SELECT stream_id, max(stream_position), 'emt:default', 'case', '{}'::jsonb FROM emt_messages GROUP BY stream_id`,
    );
    const [{ copiedBy }] = (
      await client.query<{ copiedBy: string }>('SELECT pg_current_xact_id()::text AS "copiedBy"')
    ).rows;
    await client.query('COMMIT');
    await client.query('ANALYZE emt_messages');
    // Emmett reads only below the oldest running transaction (server-wide) and stops at the first
    // empty read: wait until the copy is below that horizon, or it would stop before starting.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await client.query<{ visible: boolean }>(
        'SELECT $1::xid8 < pg_snapshot_xmin(pg_current_snapshot()) AS visible',
        [copiedBy],
      );
      if (rows[0]?.visible) break;
      if (Date.now() > deadline)
        throw new Error('a long-running transaction on the server keeps the copy invisible');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { rows } = await client.query<{ event_type: string }>('SELECT DISTINCT event_type FROM events');
    await client.query(`CREATE TABLE IF NOT EXISTS emmett_case_summaries (
      case_id text PRIMARY KEY, stream_version bigint NOT NULL, docket text)`);
    return { events: copied.rowCount ?? 0, types: rows.map((row) => row.event_type) };
  } finally {
    await client.end();
  }
}

type Context = PostgreSQLProjectionHandlerContext;

function caseSummaries(
  types: string[],
): ProjectionDefinition<never, ReadEventMetadataWithGlobalPosition, Context> {
  return {
    name: 'bench_case_summaries',
    canHandle: types as never[],
    truncate: async (context) => {
      await context.connection.client.query('TRUNCATE emmett_case_summaries');
    },
    handle: async (events, context) => {
      const latest = new Map<string, { version: bigint; docket: string | null }>();
      for (const event of events) {
        const { type, metadata } = event as unknown as {
          type: string;
          metadata: { streamName: string; streamPosition: bigint };
        };
        const current = latest.get(metadata.streamName);
        latest.set(metadata.streamName, {
          version: metadata.streamPosition,
          docket: DOCKET_AFTER[type] ?? current?.docket ?? null,
        });
      }
      const rows = [...latest];
      await context.connection.client.query(
        `INSERT INTO emmett_case_summaries AS s (case_id, stream_version, docket)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[])
         ON CONFLICT (case_id) DO UPDATE
           SET stream_version = EXCLUDED.stream_version, docket = coalesce(EXCLUDED.docket, s.docket)`,
        [
          rows.map(([id]) => id),
          rows.map(([, row]) => row.version.toString()),
          rows.map(([, row]) => row.docket),
        ],
      );
    },
  };
}

/**
 * Runs Emmett's rebuild over every event in `databaseUrl`'s Casetrail event store. Leaves Emmett's
 * tables behind in that database (drop the database afterwards).
 */
export async function emmettRebuild(
  databaseUrl: string,
  { maxEvents = 50_000, batchSize = 10_000 } = {},
): Promise<EmmettRebuildResult> {
  const copyStarted = process.hrtime.bigint();
  const { events, types } = await copyIntoEmmett(databaseUrl, maxEvents);
  const copySeconds = elapsedMs(copyStarted) / 1000;
  const consumer = rebuildPostgreSQLProjections({
    connectionString: databaseUrl,
    projection: caseSummaries(types) as never,
    pulling: { batchSize, pullingFrequencyInMs: 10 },
  });
  const started = process.hrtime.bigint();
  try {
    await consumer.start();
  } finally {
    await consumer.close();
  }
  const seconds = elapsedMs(started) / 1000;
  const check = new Client({ connectionString: databaseUrl });
  await check.connect();
  try {
    const { rows } = await check.query<{ projected: string }>(
      'SELECT coalesce(sum(stream_version), 0) AS projected FROM emmett_case_summaries',
    );
    if (Number(rows[0]?.projected) !== events) {
      throw new Error(`Emmett's rebuild projected ${rows[0]?.projected} of ${events} events`);
    }
  } finally {
    await check.end();
  }
  return { events, seconds, eventsPerSecond: events / seconds, copySeconds, batchSize };
}
