import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { DEFAULT_SEED, planSeed } from '@seeds/generator/seed-generator';
import { loadSeed } from '@seeds/generator/seed-load';
import { customScale } from '@seeds/generator/seed-scales';

const ROOT = join(__dirname, '..');

/** `npm run rebuild -- --workers N` as an operator runs it: the same read models whatever N. */
describe('rebuild by several workers', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadSeed(
      database.url,
      planSeed({ scale: customScale(600), seed: DEFAULT_SEED, asOf: Date.parse('2026-11-23T12:00:00.000Z') }),
    );
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  const rebuild = (workers: number) => {
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'dist', 'libs', 'read-models', 'src', 'rebuild', 'rebuild.cli.js'),
        '--workers',
        String(workers),
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  };

  /** Every read-model table's rows, as text, sorted, and what else the database's schemas hold. */
  async function readModels(): Promise<{ schemas: string[]; tables: Record<string, string[]> }> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const schemas = await client.query<{ nspname: string }>(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_models%' ORDER BY nspname`,
      );
      const names = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'read_models' ORDER BY table_name`,
      );
      const tables: Record<string, string[]> = {};
      for (const { table_name: table } of names.rows) {
        const rows = await client.query<{ row: string }>(
          `SELECT to_jsonb(t)::text AS row FROM read_models.${table} t ORDER BY 1`,
        );
        tables[table] = rows.rows.map(({ row }) => row);
      }
      return { schemas: schemas.rows.map(({ nspname }) => nspname), tables };
    } finally {
      await client.end();
    }
  }

  it('builds every read-model table row for row as one thread does, with two and with three', async () => {
    rebuild(1);
    const alone = await readModels();
    expect(alone.tables.case_summaries).toHaveLength(600);
    expect(alone.tables.officer_caseloads.length).toBeGreaterThan(0);
    expect(alone.tables.staffing_daily_cases.length).toBeGreaterThan(0);
    expect(alone.tables.monthly_oversight_counts.length).toBeGreaterThan(0);

    rebuild(2);
    expect(await readModels()).toEqual(alone);
    rebuild(3);
    expect(await readModels()).toEqual(alone);
  }, 180_000);
});
