import { toCaseEventMessage } from '@casetrail/contracts';
import { POLICY_STREAM_ID } from '@casetrail/domain';
import {
  cursorAfter,
  cursorBefore,
  FIRST_STREAM,
  PostgresEventStore,
  type GlobalCursor,
  type StoredEvent,
  type StreamOrderCursor,
} from '@casetrail/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseProjection } from '../case-change';
import { CaseEventApplier } from '../case-event-applier';
import { createReadModelSchema, LIVE_READ_MODEL_SCHEMA } from '../read-model-schema';

/**
 * Taken shared by every projector batch and exclusively by a rebuild's swap, so no batch writes
 * to the old tables between the rebuild's final catch-up and the swap.
 */
export const READ_MODEL_SWAP_LOCK = 0x0ca5e7a2;

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
 */
export async function rebuildReadModels(
  dataSource: DataSource,
  eventStore: PostgresEventStore,
  projections: CaseProjection[],
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  { batchSize = 10_000 }: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = Date.now();
  const target = `read_models_rebuild_${started}`;
  const applier = new CaseEventApplier(projections, eventStore);
  const indexes = await createReadModelSchema(dataSource, target, projections, { deferIndexes: true });

  const horizon = await eventStore.readHorizon();
  let total = await eventStore.countAll();
  let applied = 0;
  let cursor: GlobalCursor = cursorBefore(horizon);
  const applyInto = async (manager: EntityManager, events: StoredEvent[], newCases?: ReadonlySet<string>) => {
    await manager.query(`SET LOCAL search_path TO ${target}, public`);
    // A rebuild's schema is its own until the swap, so no row needs a lock.
    await applier.apply(
      manager,
      // The policy stream shares the event store; only case streams feed the read models.
      events
        .filter((event) => event.streamId !== POLICY_STREAM_ID)
        .map((event) => toCaseEventMessage(event, '')),
      { replaying: true, newCases },
    );
    applied += events.length;
    total = Math.max(total, applied);
    onProgress({ applied, total });
  };

  try {
    // The next batch is read while this one is applied: Postgres reads on one connection while
    // this process evolves states and the writes go over another.
    let streamCursor: StreamOrderCursor = FIRST_STREAM;
    let nextByCase = eventStore.readStreamsBefore(horizon, streamCursor, batchSize);
    for (;;) {
      const events = wholeStreams(await nextByCase, batchSize);
      if (events.length === 0) break;
      const last = events[events.length - 1];
      streamCursor = { streamId: last.streamId, streamVersion: last.streamVersion };
      nextByCase = eventStore.readStreamsBefore(horizon, streamCursor, batchSize);
      nextByCase.catch(() => undefined); // awaited on the next turn; a failure of this batch wins
      await dataSource.transaction((manager) => applyInto(manager, events, casesFromTheirStart(events)));
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
    for (const statement of indexes) await dataSource.query(statement);
    // Freshly filled tables have no statistics until autovacuum gets to them: the first queries
    // after a rebuild (the api's views, a bulk load's deadline seeding) would be planned blind.
    const tables = (await dataSource.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
      target,
    ])) as { tablename: string }[];
    for (const { tablename } of tables) await dataSource.query(`ANALYZE ${target}.${tablename}`);
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
    await dataSource.query(`DROP SCHEMA IF EXISTS ${target} CASCADE`).catch(() => undefined);
    throw error;
  }
  return { events: applied, schema: LIVE_READ_MODEL_SCHEMA, seconds: (Date.now() - started) / 1000 };
}

/**
 * A full batch read stream by stream without its last stream, which may go on in the next one, so
 * a case's history is applied in one batch; a stream longer than a batch is applied batch by batch.
 */
function wholeStreams(events: StoredEvent[], batchSize: number): StoredEvent[] {
  if (events.length < batchSize) return events;
  const lastStream = events[events.length - 1].streamId;
  const end = events.findIndex((event) => event.streamId === lastStream);
  return end > 0 ? events.slice(0, end) : events;
}

/**
 * The cases whose events here begin at version 1: read case by case, nothing of them was applied
 * before this batch, so they have no summary to look up.
 */
function casesFromTheirStart(events: readonly StoredEvent[]): Set<string> {
  return new Set(events.filter((event) => event.streamVersion === 1).map((event) => event.streamId));
}
