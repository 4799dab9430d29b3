import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore } from '@casetrail/event-store';
import { caseProjections, rebuildReadModels, REBUILD_WORKERS } from '@casetrail/read-models';
import { DEFAULT_SEED, planSeed } from '@seeds/generator/seed-generator';
import { loadSeed } from '@seeds/generator/seed-load';
import { customScale } from '@seeds/generator/seed-scales';
import {
  byScale,
  createBenchDatabase,
  round,
  throughputFigure,
  type BenchContext,
  type BenchDatabase,
  type Benchmark,
  type Figure,
} from '../harness';

/**
 * Rebuilding every read model from the event store (`rebuildReadModels`, what `npm run rebuild`
 * runs) against a raw scan of the same events in the same commit order — the reading a rebuild
 * cannot avoid, with nothing applied — on a database of seeded case histories.
 */

/** A seeded case's history is about five events long; see seeds/generator. */
const EVENTS_PER_CASE = 5.1;
/** The end of every benchmark's seeded history: fixed, so every run loads the same events. */
export const BENCH_AS_OF = Date.parse('2026-11-23T12:00:00.000Z');

export interface PreparedEventStore {
  database: BenchDatabase;
  events: number;
  cases: number;
  loadSeconds: number;
}

/**
 * A fresh, migrated database holding about `events` events of seeded case histories, bulk-loaded
 * (no read models built, nothing in the outbox). Reusable by any benchmark that needs history,
 * e.g. a peer library's rebuild on the same events (read them back with `scanEvents`).
 */
export async function prepareEventStore(
  context: BenchContext,
  events: number,
  label = 'history',
): Promise<PreparedEventStore> {
  const database = await createBenchDatabase(context, label);
  try {
    const seed = planSeed({
      scale: customScale(Math.max(10, Math.round(events / EVENTS_PER_CASE))),
      seed: DEFAULT_SEED,
      asOf: BENCH_AS_OF,
    });
    let reported = 0;
    const loaded = await loadSeed(database.url, seed, (progress) => {
      if (progress.events - reported >= 1_000_000) {
        reported = progress.events;
        context.log(`  loaded ${progress.events} events`);
      }
    });
    return { database, events: loaded.events, cases: loaded.streams, loadSeconds: loaded.seconds };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * Reads every event in commit order, as a rebuild does (below the snapshot horizon, by
 * transaction id and position, `batch` at a time), and hands each batch's rows to `onBatch`.
 */
export async function scanEvents(
  databaseUrl: string,
  onBatch: (rows: Record<string, unknown>[]) => void = () => undefined,
  batch = 10_000,
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let transactionId = '0';
    let globalPosition = '0';
    let scanned = 0;
    for (;;) {
      const { rows } = await client.query<
        Record<string, unknown> & { transaction_id: string; global_position: string }
      >(
        `SELECT global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_version,
           event_type, schema_version, data, metadata, occurred_at, recorded_at
         FROM events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
           AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY events.transaction_id, events.global_position
         LIMIT $3`,
        [transactionId, globalPosition, batch],
      );
      if (rows.length === 0) return scanned;
      onBatch(rows);
      scanned += rows.length;
      const last = rows[rows.length - 1];
      transactionId = last.transaction_id;
      globalPosition = last.global_position;
    }
  } finally {
    await client.end();
  }
}

export const benchmark: Benchmark = {
  name: 'rebuild',
  async run(context: BenchContext): Promise<Figure[]> {
    const size = byScale(context, { smoke: 20_000, standard: 1_000_000, national: 10_000_000 });
    context.log(`rebuild: loading about ${size} events of seeded history`);
    const prepared = await prepareEventStore(context, size, 'rebuild');
    try {
      // Warms the cache for both contenders alike; not counted.
      await scanEvents(prepared.database.url);

      const dataSource = await new DataSource(dataSourceOptions(prepared.database.url)).initialize();
      let rebuilt;
      try {
        rebuilt = await rebuildReadModels(
          dataSource,
          new PostgresEventStore(dataSource),
          caseProjections(),
          undefined,
          { workers: REBUILD_WORKERS },
        );
      } finally {
        await dataSource.destroy();
      }
      const scanStarted = process.hrtime.bigint();
      const scanned = await scanEvents(prepared.database.url);
      const scanSeconds = Number(process.hrtime.bigint() - scanStarted) / 1e9;
      context.log(
        `rebuild: ${rebuilt.events} events in ${rebuilt.seconds.toFixed(1)} s; raw scan ${scanned} in ${scanSeconds.toFixed(1)} s`,
      );
      const rebuildRate = rebuilt.events / rebuilt.seconds;
      return [
        throughputFigure({
          name: `rebuild of ${rebuilt.events} events (${prepared.cases} cases)`,
          unit: 'events/s',
          value: rebuildRate,
          baseline: {
            name: 'raw scan of the same events in commit order (nothing applied)',
            value: scanned / scanSeconds,
          },
          goal: {
            description: 'rebuild ≥ 50,000 events/s and ≥ 0.75 of the raw scan',
            minValue: 50_000,
            minRatio: 0.75,
          },
          notes:
            `rebuildReadModels on ${REBUILD_WORKERS} worker thread(s), one per core, each with its own ` +
            `connections and range of cases (counter tables counted per thread and added up at the end): every ` +
            `event of a transaction older than the horizon taken at its start is read ` +
            `case by case (keyset over stream id and version, 10,000-event batches of whole cases), so each ` +
            `case's history is evolved once and written set-wise once (summaries, caseloads, worklist, alerts, ` +
            `RCA bookings, detainers, overrides, counters); later transactions follow in commit order, the ` +
            `last under the swap lock, then the schema is swapped in. The bulk loader writes case by case, so ` +
            `here commit order already keeps a case in one batch and the case-order pass gains little; on a ` +
            `live history, where a case's events spread over many commit-order batches, it saves reloading and ` +
            `rewriting its summary in each. Seeded in ${round(prepared.loadSeconds, 1)} s by the bulk loader.`,
        }),
      ];
    } finally {
      await prepared.database.drop();
    }
  },
};
