import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { DEVELOPMENT_PERSONAL_DATA_KEY } from '@casetrail/config';
import { DEFAULT_CASE_POLICY, type AlertEscalationPolicy } from '@casetrail/domain';
import { bulkLoadRendered, PostgresEventStore, type BulkLoadProgress } from '@casetrail/event-store';
import { seedDeadlinesFromSummaries } from '@casetrail/deadlines';
import {
  caseProjections,
  rebuildReadModels,
  type RebuildProgress,
  type RebuildResult,
} from '@casetrail/read-models';
import { seedBatches, SUBJECT_KEYS_COPY, type SeedBatch, type SeedBatchOptions } from './seed-batches';
import type { Seed } from './seed-generator';

export interface LoadResult extends BulkLoadProgress {
  seconds: number;
  /** Cases by the office and docket their history leaves them on: `docketsByOffice[office][docket]`. */
  docketsByOffice: Record<string, Record<string, number>>;
}

/**
 * Writes the seed's roster and, through the event store's bulk path, every case's history, its
 * subject's personal fields encrypted and the subject's key beside it. The histories are generated
 * on worker threads while this one writes (see `seedBatches`). The database must be migrated and
 * hold none of the seed's cases yet.
 */
export async function loadSeed(
  databaseUrl: string,
  seed: Seed,
  onProgress: (progress: BulkLoadProgress) => void = () => undefined,
  personalDataKey: Buffer = Buffer.from(DEVELOPMENT_PERSONAL_DATA_KEY, 'base64'),
  options: SeedBatchOptions = {},
): Promise<LoadResult> {
  const started = process.hrtime.bigint();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await writeRoster(client, seed);
    const docketsByOffice: Record<string, Record<string, number>> = {};
    const loaded = await bulkLoadRendered(
      client,
      tallied(seedBatches(seed, personalDataKey, options), docketsByOffice),
      { onProgress, companionCopies: [SUBJECT_KEYS_COPY] },
    );
    await client.query('ANALYZE events');
    await client.query('ANALYZE streams');
    return { ...loaded, seconds: Number(process.hrtime.bigint() - started) / 1e9, docketsByOffice };
  } finally {
    await client.end();
  }
}

async function* tallied(
  batches: AsyncIterable<SeedBatch>,
  docketsByOffice: Record<string, Record<string, number>>,
): AsyncGenerator<SeedBatch> {
  for await (const batch of batches) {
    for (const [officeId, dockets] of Object.entries(batch.docketsByOffice)) {
      const total = (docketsByOffice[officeId] ??= {});
      for (const [docket, count] of Object.entries(dockets)) total[docket] = (total[docket] ?? 0) + count;
    }
    yield batch;
  }
}

async function writeRoster(client: Client, { roster }: Seed): Promise<void> {
  await client.query(
    `INSERT INTO offices (office_id, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    [roster.offices.map((office) => office.officeId), roster.offices.map((office) => office.name)],
  );
  // Supervisors approve overrides; they carry no cases, so the roster of case officers leaves them out.
  const officers = roster.officers.filter((officer) => officer.unit !== 'SUPERVISOR');
  await client.query(
    `INSERT INTO officers (officer_id, office_id, display_name, unit)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
    [
      officers.map((officer) => officer.officerId),
      officers.map((officer) => officer.officeId),
      officers.map((officer) => officer.displayName),
      officers.map((officer) => officer.unit),
    ],
  );
}

export interface ReadModelsResult extends RebuildResult {
  deadlines: number;
  /** Seconds giving the cases their deadlines, after the rebuild's own `seconds`. */
  deadlineSeconds: number;
}

/**
 * Builds every read model from the event store by a rebuild, then gives each case the deadlines
 * its state holds (the rebuild leaves the scheduler's table alone: it records what was fired).
 * `workers`: threads of the rebuild (see `RebuildOptions`; several need the built code).
 */
export async function buildReadModels(
  databaseUrl: string,
  { policy = DEFAULT_CASE_POLICY, workers = 1 }: { policy?: AlertEscalationPolicy; workers?: number } = {},
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<ReadModelsResult> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    const rebuilt = await rebuildReadModels(
      dataSource,
      new PostgresEventStore(dataSource),
      caseProjections(),
      onProgress,
      { workers },
    );
    const started = process.hrtime.bigint();
    const deadlines = await seedDeadlinesFromSummaries(dataSource, policy);
    return { ...rebuilt, deadlines, deadlineSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await dataSource.destroy();
  }
}

/** How many events the database holds already. */
export async function countEvents(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) AS count FROM events');
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}
