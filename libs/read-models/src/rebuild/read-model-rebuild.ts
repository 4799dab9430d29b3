import { toCaseEventMessage } from '@casetrail/contracts';
import { POLICY_STREAM_ID } from '@casetrail/domain';
import {
  cursorAfter,
  cursorBefore,
  FIRST_STREAM,
  PostgresEventStore,
  type AppendedEvent,
  type GlobalCursor,
  type StreamOrderCursor,
} from '@casetrail/event-store';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { CaseProjection } from '../case-change';
import { CaseEventApplier } from '../case-event-applier';
import { caseProjections } from '../case-projections';
import { createReadModelSchema, LIVE_READ_MODEL_SCHEMA } from '../read-model-schema';

/**
 * Taken shared by every projector batch and exclusively by a rebuild's swap, so no batch writes
 * to the old tables between the rebuild's final catch-up and the swap.
 */
export const READ_MODEL_SWAP_LOCK = 0x0ca5e7a2;

/**
 * The threads `npm run rebuild` and a seed's rebuild apply cases with: one per core. Node's CPU is
 * what limits a rebuild on one thread (parsing rows, evolving states, writing them back).
 */
export const REBUILD_WORKERS = availableParallelism();

export interface RebuildProgress {
  applied: number;
  total: number;
}

export interface RebuildResult {
  events: number;
  schema: string;
  seconds: number;
}

export interface RebuildOptions {
  /** Events read and applied per transaction. */
  batchSize?: number;
  /**
   * Threads rebuilding disjoint ranges of cases at once, each with its own connections; 1: this
   * thread alone. Several run the built code (dist/) and apply `caseProjections()`.
   */
  workers?: number;
}

/** What a worker thread rebuilds: the streams from `from` up to `until` (the last range: to the end). */
export interface RebuildWorkerData {
  databaseUrl: string;
  searchPath: string;
  horizon: string;
  from: StreamOrderCursor;
  until?: string;
  batchSize: number;
}

/**
 * Rebuilds every read model from the event store (never from Kafka) into a new schema while the
 * live one keeps answering, then swaps the two in one transaction. Replayed changes are marked
 * `replaying`, so no alert is sent again.
 *
 * Most of history is read case by case: every event of a transaction older than the horizon taken
 * at the start (all committed), whole cases per batch, so each case's history is evolved and its
 * summary written once rather than once per commit-order batch it spans. The events of later
 * transactions follow in commit order from just before the horizon, as a live projector would
 * receive them. No read model depends on the order of events across cases (their rows are per
 * case, or counters added to), so both orders build the same tables.
 *
 * With several `workers`, each thread reads and applies its own range of cases (split at quantiles
 * of the stream ids) into the new schema, except the counter tables: each counts into its own copy
 * of them, and the copies are added up into the new schema before the commit-order events follow.
 */
export async function rebuildReadModels(
  dataSource: DataSource,
  eventStore: PostgresEventStore,
  projections: CaseProjection[],
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  { batchSize = 10_000, workers = 1 }: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const target = `read_models_rebuild_${started}`;
  const applier = new CaseEventApplier(projections, eventStore);
  const indexes = await createReadModelSchema(dataSource, target, projections, { deferIndexes: true });

  const horizon = await eventStore.readHorizon();
  let total = await eventStore.countAll();
  let applied = 0;
  let cursor: GlobalCursor = cursorBefore(horizon);
  const noteApplied = (events: number) => {
    applied += events;
    total = Math.max(total, applied);
    onProgress({ applied, total });
  };
  const applyInto = async (manager: EntityManager, events: AppendedEvent[]) => {
    await applyReplayed(manager, applier, `${target}, public`, events);
    noteApplied(events.length);
  };
  const counterSchemas: string[] = [];

  try {
    const ranges = workers > 1 ? await streamRanges(dataSource, workers) : [];
    if (ranges.length > 1) {
      checkWorkersApply(projections);
      const counters = projections.flatMap((projection) => projection.counters ?? []);
      for (const [index] of ranges.entries()) {
        const schema = `${target}_w${index}`;
        counterSchemas.push(schema);
        await dataSource.query(`CREATE SCHEMA ${schema}`);
        for (const { table } of counters)
          await dataSource.query(
            `CREATE UNLOGGED TABLE ${schema}.${table} (LIKE ${target}.${table} INCLUDING ALL)`,
          );
      }
      await runWorkers(
        ranges.map((range, index) => ({
          databaseUrl: databaseUrlOf(dataSource),
          searchPath: `${counterSchemas[index]}, ${target}, public`,
          horizon,
          ...range,
          batchSize,
        })),
        noteApplied,
      );
      for (const { table, keys, sums } of counters) {
        const copies = counterSchemas.map((schema) => `SELECT * FROM ${schema}.${table}`).join(' UNION ALL ');
        await dataSource.query(
          `INSERT INTO ${target}.${table} (${[...keys, ...sums].join(', ')})
           SELECT ${[...keys, ...sums.map((sum) => `sum(${sum})`)].join(', ')} FROM (${copies}) AS counted
           GROUP BY ${keys.join(', ')}`,
        );
      }
      await dropSchemas(dataSource, counterSchemas.splice(0));
    } else {
      await applyCaseOrder(dataSource, eventStore, applier, {
        searchPath: `${target}, public`,
        horizon,
        from: FIRST_STREAM,
        batchSize,
        onApplied: noteApplied,
      });
    }
    let next = eventStore.readAll(cursor, batchSize);
    for (;;) {
      const events = await next;
      if (events.length === 0) break;
      cursor = cursorAfter(events[events.length - 1]);
      next = eventStore.readAll(cursor, batchSize);
      next.catch(() => undefined); // awaited on the next turn; a failure of this batch wins
      await dataSource.transaction((manager) => applyInto(manager, events));
    }
    // Each index and each ANALYZE is one backend's work: with the cases applied, nothing else is
    // left running, so they go over one connection per core.
    await runSpread(dataSource, indexes, REBUILD_WORKERS);
    // Freshly filled tables have no statistics until autovacuum gets to them: the first queries
    // after a rebuild (the api's views, a bulk load's deadline seeding) would be planned blind.
    const tables = (await dataSource.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
      target,
    ])) as { tablename: string }[];
    await runSpread(
      dataSource,
      tables.map(({ tablename }) => `ANALYZE ${target}.${tablename}`),
      REBUILD_WORKERS,
    );
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [READ_MODEL_SWAP_LOCK]);
      const rest = await eventStore.readAllCommitted(cursor, manager);
      if (rest.length > 0) await applyInto(manager, rest);
      await manager.query(`SET LOCAL search_path TO ${target}, public`);
      for (const projection of projections) await projection.finishRebuild?.(manager);
      const retired = `read_models_retired_${started}`;
      await manager.query('SET LOCAL search_path TO public');
      await manager.query(`ALTER SCHEMA ${LIVE_READ_MODEL_SCHEMA} RENAME TO ${retired}`);
      await manager.query(`ALTER SCHEMA ${target} RENAME TO ${LIVE_READ_MODEL_SCHEMA}`);
      await manager.query(`DROP SCHEMA ${retired} CASCADE`);
    });
  } catch (error) {
    await dropSchemas(dataSource, [target, ...counterSchemas]).catch(() => undefined);
    throw error;
  }
  return { events: applied, schema: LIVE_READ_MODEL_SCHEMA, seconds: (Date.now() - started) / 1000 };
}

/**
 * Applies, case by case, every event of the streams from `from` (up to `until`) of transactions
 * older than `horizon`. The next batch is read while this one is applied: Postgres reads on one
 * connection while this thread evolves states and the writes go over another.
 */
export async function applyCaseOrder(
  dataSource: DataSource,
  eventStore: PostgresEventStore,
  applier: CaseEventApplier,
  {
    searchPath,
    horizon,
    from,
    until,
    batchSize,
    onApplied,
  }: Omit<RebuildWorkerData, 'databaseUrl'> & { onApplied(events: number): void },
): Promise<void> {
  let streamCursor = from;
  let nextByCase = eventStore.readStreamsBefore(horizon, streamCursor, batchSize, { until });
  for (;;) {
    const events = wholeStreams(await nextByCase, batchSize);
    if (events.length === 0) break;
    const last = events[events.length - 1];
    streamCursor = { streamId: last.streamId, streamVersion: last.streamVersion };
    nextByCase = eventStore.readStreamsBefore(horizon, streamCursor, batchSize, { until });
    nextByCase.catch(() => undefined); // awaited on the next turn; a failure of this batch wins
    await dataSource.transaction((manager) =>
      applyReplayed(manager, applier, searchPath, events, casesFromTheirStart(events)),
    );
    onApplied(events.length);
  }
}

async function applyReplayed(
  manager: EntityManager,
  applier: CaseEventApplier,
  searchPath: string,
  events: AppendedEvent[],
  newCases?: ReadonlySet<string>,
): Promise<void> {
  await manager.query(`SET LOCAL search_path TO ${searchPath}`);
  // A rebuild's schema is its own until the swap, so no row needs a lock.
  await applier.apply(
    manager,
    // The policy stream shares the event store; only case streams feed the read models.
    events
      .filter((event) => event.streamId !== POLICY_STREAM_ID)
      .map((event) => toCaseEventMessage(event, '')),
    { replaying: true, newCases },
  );
}

/** `count` ranges of streams about equal in number of streams, split at quantiles of their ids. */
async function streamRanges(
  dataSource: DataSource,
  count: number,
): Promise<{ from: StreamOrderCursor; until?: string }[]> {
  const fractions = Array.from({ length: count - 1 }, (_, index) => (index + 1) / count);
  const [{ bounds }]: { bounds: string[] | null }[] = await dataSource.query(
    `SELECT percentile_disc($1::float8[]) WITHIN GROUP (ORDER BY stream_id)::text[] AS bounds FROM streams`,
    [fractions],
  );
  const splits = [...new Set(bounds ?? [])];
  return [undefined, ...splits].map((start, index) => ({
    from: start === undefined ? FIRST_STREAM : { streamId: start, streamVersion: 0 },
    until: splits[index],
  }));
}

/** Runs one worker thread per range; the first to fail stops the others. */
async function runWorkers(ranges: RebuildWorkerData[], onApplied: (events: number) => void): Promise<void> {
  const threads = ranges.map(
    (workerData) => new Worker(join(__dirname, 'read-model-rebuild.worker.js'), { workerData }),
  );
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            thread.on('message', (events: number) => onApplied(events));
            thread.on('error', reject);
            thread.on('exit', (code) =>
              code === 0 ? resolve() : reject(new Error(`a rebuild worker exited with code ${code}`)),
            );
          }),
      ),
    );
  } catch (error) {
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
}

/** Workers build their own projections: only the standard ones. */
function checkWorkersApply(projections: readonly CaseProjection[]): void {
  const names = (list: readonly CaseProjection[]) => list.map((projection) => projection.name).join();
  if (names(projections) !== names(caseProjections()))
    throw new Error('a rebuild by several workers applies caseProjections() only');
}

function databaseUrlOf(dataSource: DataSource): string {
  const { url } = dataSource.options as PostgresConnectionOptions;
  if (!url) throw new Error('a rebuild by several workers needs a data source given by URL');
  return url;
}

/**
 * Runs the statements over `connections` connections at once, each taking the next statement as it
 * finishes one. After a failure no statement is started; it is thrown once none is running.
 */
async function runSpread(
  dataSource: DataSource,
  statements: readonly string[],
  connections: number,
): Promise<void> {
  let next = 0;
  let failing = false;
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(connections, statements.length) }, async () => {
      while (!failing && next < statements.length) {
        await dataSource.query(statements[next++]).catch((error: unknown) => {
          failing = true;
          throw error;
        });
      }
    }),
  );
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

async function dropSchemas(dataSource: DataSource, schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) await dataSource.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/**
 * A full batch read stream by stream without its last stream, which may go on in the next one, so
 * a case's history is applied in one batch; a stream longer than a batch is applied batch by batch.
 */
function wholeStreams(events: AppendedEvent[], batchSize: number): AppendedEvent[] {
  if (events.length < batchSize) return events;
  const lastStream = events[events.length - 1].streamId;
  const end = events.findIndex((event) => event.streamId === lastStream);
  return end > 0 ? events.slice(0, end) : events;
}

/**
 * The cases whose events here begin at version 1: read case by case, nothing of them was applied
 * before this batch, so they have no summary to look up.
 */
function casesFromTheirStart(events: readonly AppendedEvent[]): Set<string> {
  return new Set(events.filter((event) => event.streamVersion === 1).map((event) => event.streamId));
}
