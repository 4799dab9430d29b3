import { randomUUID } from 'node:crypto';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  type PostgresEventStore as EmmettEventStore,
} from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { appendCaseEvents } from '@casetrail/case-commands';
import { dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore, type NewEvent } from '@casetrail/event-store';
import { withEmmettTypeParsers } from '../baselines/emmett-type-parsers';
import {
  byScale,
  createBenchDatabase,
  elapsedMs,
  round,
  throughputFigure,
  type BenchContext,
  type BenchDatabase,
  type Benchmark,
  type Figure,
} from '../harness';

/**
 * Appends: Casetrail's event store against Emmett's PostgreSQL event store and against a raw
 * single-row INSERT loop into the same events table (the physical limit), at several concurrencies.
 * Each writer owns a few streams and appends with the expected version it last saw, so there are
 * no conflicts and every append exercises the optimistic-concurrency check.
 */
const STREAMS_PER_WRITER = 4;

interface Shape {
  concurrency: number;
  eventsPerAppend: number;
}

const SHAPES: Shape[] = [
  { concurrency: 1, eventsPerAppend: 1 },
  { concurrency: 16, eventsPerAppend: 1 },
  { concurrency: 64, eventsPerAppend: 1 },
  { concurrency: 16, eventsPerAppend: 10 },
];

/** One appender: appends `count` events to a stream at `expectedVersion`. */
type AppendFn = (streamId: string, expectedVersion: number, events: NewEvent[]) => Promise<void>;

interface Contender {
  name: string;
  append: AppendFn;
  close(): Promise<void>;
}

/** A check-in as the domain records it, with the metadata every Casetrail event carries. */
function checkInEvent(): NewEvent {
  const now = new Date().toISOString();
  return {
    eventId: randomUUID(),
    type: 'CheckInRecorded',
    schemaVersion: 1,
    data: { checkedInAt: now, method: 'PHONE', recordedBy: 'bench-officer', location: 'WAS-field-office' },
    metadata: {
      actor: { userId: 'bench-officer', role: 'OFFICER' },
      correlationId: randomUUID(),
      causationId: null,
    },
    occurredAt: now,
    recordedAt: now,
  };
}

function poolSize(concurrency: number): number {
  // The server is shared (max_connections 100); every contender gets the same cap.
  return Math.min(concurrency, 32);
}

async function casetrail(database: BenchDatabase, concurrency: number): Promise<Contender> {
  const options = dataSourceOptions(database.url);
  const dataSource = await new DataSource({
    ...options,
    extra: { ...(options as { extra: object }).extra, max: poolSize(concurrency) },
  } as typeof options).initialize();
  const store = new PostgresEventStore(dataSource);
  return {
    name: 'Casetrail appendCaseEvents (with outbox rows)',
    // The command path's own append: one statement, one case-events message per event.
    append: async (streamId, expectedVersion, events) => {
      const { conflicted } = await appendCaseEvents(store, [
        { streamId, expectedVersion, events, officeIds: events.map(() => 'WAS') },
      ]);
      if (conflicted.length > 0) throw new Error(`append to ${streamId} conflicted`);
    },
    close: () => dataSource.destroy(),
  };
}

async function emmett(database: BenchDatabase, concurrency: number): Promise<Contender> {
  const pool = new Pool({ connectionString: database.url, max: poolSize(concurrency) });
  const store: EmmettEventStore = getPostgreSQLEventStore(database.url, {
    connectionOptions: { pool },
  });
  await store.schema.migrate();
  return {
    name: 'Emmett getPostgreSQLEventStore().appendToStream',
    append: async (streamId, expectedVersion, events) => {
      await store.appendToStream(
        `case-${streamId}`,
        events.map((event) => ({
          type: event.type,
          data: event.data as Record<string, unknown>,
          metadata: { ...event.metadata, occurredAt: event.occurredAt },
        })),
        {
          expectedStreamVersion: expectedVersion === 0 ? STREAM_DOES_NOT_EXIST : BigInt(expectedVersion),
        },
      );
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

async function rawInsert(database: BenchDatabase, concurrency: number): Promise<Contender> {
  const pool = new Pool({ connectionString: database.url, max: poolSize(concurrency) });
  return {
    name: 'raw single-row INSERT into the events table',
    append: async (streamId, expectedVersion, events) => {
      let version = expectedVersion;
      for (const event of events) {
        version += 1;
        await pool.query(
          `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata,
                               occurred_at, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            event.eventId,
            streamId,
            version,
            event.type,
            event.schemaVersion,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
            event.occurredAt,
            event.recordedAt,
          ],
        );
      }
    },
    close: () => pool.end(),
  };
}

/** Appends for `seconds` with `concurrency` writers; events per second. */
async function drive(contender: Contender, shape: Shape, seconds: number): Promise<number> {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let events = 0;
  const writer = async () => {
    const streams = Array.from({ length: STREAMS_PER_WRITER }, () => ({ id: randomUUID(), version: 0 }));
    for (let turn = 0; process.hrtime.bigint() < deadline; turn += 1) {
      const stream = streams[turn % streams.length];
      const batch = Array.from({ length: shape.eventsPerAppend }, checkInEvent);
      await contender.append(stream.id, stream.version, batch);
      stream.version += batch.length;
      events += batch.length;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: shape.concurrency }, writer));
  return events / (elapsedMs(started) / 1000);
}

async function measure(
  context: BenchContext,
  make: (database: BenchDatabase, concurrency: number) => Promise<Contender>,
  database: BenchDatabase,
  shape: Shape,
  seconds: number,
): Promise<{ name: string; eventsPerSecond: number }> {
  const contender = await make(database, shape.concurrency);
  try {
    await drive(contender, shape, Math.min(1, seconds / 4));
    const eventsPerSecond = await drive(contender, shape, seconds);
    context.log(
      `  ${contender.name}, c${shape.concurrency} × ${shape.eventsPerAppend}: ${round(eventsPerSecond)} events/s`,
    );
    return { name: contender.name, eventsPerSecond };
  } finally {
    await contender.close();
  }
}

const benchmark: Benchmark = {
  name: 'append',
  async run(context) {
    const seconds = byScale(context, { smoke: 0.5, standard: 8 });
    const casetrailDb = await createBenchDatabase(context, 'append_casetrail');
    const emmettDb = await createBenchDatabase(context, 'append_emmett', { migrated: false });
    const rawDb = await createBenchDatabase(context, 'append_raw');
    try {
      const raw = new Map<number, number>();
      for (const concurrency of [...new Set(SHAPES.map((shape) => shape.concurrency))]) {
        const result = await measure(context, rawInsert, rawDb, { concurrency, eventsPerAppend: 1 }, seconds);
        raw.set(concurrency, result.eventsPerSecond);
      }
      const figures: Figure[] = [];
      for (const shape of SHAPES) {
        const label = `c${shape.concurrency}, ${shape.eventsPerAppend} event${shape.eventsPerAppend > 1 ? 's' : ''} per append`;
        // Interleaved, so a burst of load from elsewhere on the machine hits both sides alike.
        const ours = await measure(context, casetrail, casetrailDb, shape, seconds);
        const theirs = await withEmmettTypeParsers(() => measure(context, emmett, emmettDb, shape, seconds));
        const atC16Single = shape.concurrency === 16 && shape.eventsPerAppend === 1;
        figures.push(
          throughputFigure({
            name: `append vs Emmett, ${label}`,
            unit: 'events/s',
            value: ours.eventsPerSecond,
            baseline: { name: theirs.name, value: theirs.eventsPerSecond },
            goal: atC16Single ? { description: '≥ 2× Emmett at concurrency 16', minRatio: 2 } : undefined,
            notes:
              'Casetrail writes the stream row (compare-and-set), the events and one outbox row per event in one ' +
              'transaction; Emmett writes its streams and messages tables through its append function. ' +
              `Pools capped at ${poolSize(shape.concurrency)} connections for both.`,
          }),
        );
        const rawValue = raw.get(shape.concurrency) ?? Number.NaN;
        figures.push(
          throughputFigure({
            name: `append vs raw INSERT, ${label}`,
            unit: 'events/s',
            value: ours.eventsPerSecond,
            baseline: { name: `raw single-row INSERT, c${shape.concurrency}`, value: rawValue },
            goal: atC16Single
              ? { description: '≥ 70% of the raw single-row INSERT ceiling at concurrency 16', minRatio: 0.7 }
              : undefined,
            notes:
              'Raw: one autocommitted INSERT per event into the same events table (same indexes), no stream ' +
              'version check, no outbox: the ceiling for durable single-event writes on this server.',
          }),
        );
      }
      return figures;
    } finally {
      await casetrailDb.drop();
      await emmettDb.drop();
      await rawDb.drop();
    }
  },
};

export default benchmark;
