import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { once } from 'node:events';
import { bulkLoadStreams, eventRows, type BulkStream } from '@casetrail/event-store';
import { asBulkStreams, DEFAULT_SEED, planSeed } from '@seeds/generator/seed-generator';
import { loadSeed } from '@seeds/generator/seed-load';
import { customScale } from '@seeds/generator/seed-scales';
import {
  byScale,
  createBenchDatabase,
  throughputFigure,
  type BenchContext,
  type BenchDatabase,
  type Benchmark,
  type Figure,
} from '../harness';
import { BENCH_AS_OF } from './rebuild.bench';

/**
 * The event store's bulk path (`bulkLoadStreams`: COPY of events and their streams rows, one
 * transaction per 50,000 events) against a raw COPY of the very same event rows, already rendered,
 * in one statement into the same table of a fresh database: the most Postgres can take in.
 * A third figure times what `npm run seed` does: generating the histories and loading them.
 */
export const benchmark: Benchmark = {
  name: 'bulk-load',
  async run(context: BenchContext): Promise<Figure[]> {
    const cases = byScale(context, { smoke: 4_000, standard: 60_000, national: 200_000 });
    const seed = planSeed({ scale: customScale(cases), seed: DEFAULT_SEED, asOf: BENCH_AS_OF });
    context.log(`bulk-load: generating ${cases} case histories`);
    const streams: BulkStream[] = [...asBulkStreams(seed.cases())];
    const events = streams.reduce((sum, stream) => sum + stream.events.length, 0);

    const rendered = streams.flatMap(eventRows);
    const raw = await inFreshDatabase(context, 'raw_copy', (url) => rawCopy(url, rendered));
    rendered.length = 0;
    const bulk = await inFreshDatabase(context, 'bulk_load', async (url) => {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const started = process.hrtime.bigint();
        await bulkLoadStreams(client, streams);
        return Number(process.hrtime.bigint() - started) / 1e9;
      } finally {
        await client.end();
      }
    });
    streams.length = 0;
    const seeded = await inFreshDatabase(context, 'seed', async (url) => (await loadSeed(url, seed)).seconds);
    context.log(
      `bulk-load: ${events} events: raw COPY ${raw.toFixed(2)} s, bulk load ${bulk.toFixed(2)} s, seed ${seeded.toFixed(2)} s`,
    );

    const baseline = { name: 'raw COPY of the same rows, pre-rendered, one statement', value: events / raw };
    return [
      throughputFigure({
        name: `bulk load of ${events} events (${cases} cases, histories in memory)`,
        unit: 'events/s',
        value: events / bulk,
        baseline,
        goal: { description: 'bulk load ≥ 60% of raw COPY', minRatio: 0.6 },
        notes: 'Includes rendering the rows and writing every stream row; one transaction per 50,000 events.',
      }),
      throughputFigure({
        name: `seed: generate and bulk-load ${events} events`,
        unit: 'events/s',
        value: events / seeded,
        baseline,
        notes: 'What npm run seed does before its rebuild: each step decided by the domain, then COPY.',
      }),
    ];
  },
};

async function inFreshDatabase<T>(
  context: BenchContext,
  label: string,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const database: BenchDatabase = await createBenchDatabase(context, label);
  try {
    return await work(database.url);
  } finally {
    await database.drop();
  }
}

/** COPY of rendered rows in one statement, written as fast as Postgres takes them. */
async function rawCopy(url: string, rows: readonly string[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const chunks: string[] = [];
    for (let start = 0; start < rows.length; start += 2_000)
      chunks.push(rows.slice(start, start + 2_000).join(''));
    const started = process.hrtime.bigint();
    const stream = client.query(
      copyFrom(
        'COPY events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at, recorded_at) FROM STDIN',
      ),
    );
    const done = new Promise<void>((resolve, reject) => {
      stream.once('finish', resolve);
      stream.once('error', reject);
    });
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await done;
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await client.end();
  }
}
