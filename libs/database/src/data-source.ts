import { DataSource, type DataSourceOptions } from 'typeorm';
import { Client, type Pool } from 'pg';
import { migrations } from './migrations';

/**
 * Every statement the apps send is a short lookup or a set-wise write of one batch, which Postgres
 * runs in a millisecond or two; compiling it to machine code first (JIT) takes 20-50 ms. Postgres
 * decides to compile from the planner's cost, which a table without statistics yet (a fresh load,
 * autovacuum not yet round) inflates: the command path's read of ten cases was then estimated at
 * 200,000 and compiled at every call, 48 ms instead of 0.6.
 */
const NO_JIT = '-c jit=off';

export function dataSourceOptions(
  databaseUrl: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // Read models are found through the search path, so a rebuild can fill another schema and
    // swap it in by name while every query text stays the same.
    extra: { max: 20, application_name: 'casetrail', options: `-c search_path=read_models,public ${NO_JIT}` },
    ...overrides,
  } as DataSourceOptions;
}

/**
 * The pg pool under a data source: for statements sent by name (prepared once per connection, planned
 * from then on without parsing), which TypeORM's `query` cannot do.
 */
export function connectionPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/** Creates the database named in the URL when it does not exist yet (needs CREATEDB on the server). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must match [A-Za-z0-9_]+`);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        // Another process created it between our check and our CREATE.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/** Creates the database if needed and applies every pending migration. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  // Migrations live in public. With the apps' search path (read_models first) a second run would
  // look for its bookkeeping table in read_models, miss it and apply everything again.
  const dataSource = new DataSource(
    dataSourceOptions(databaseUrl, {
      extra: { max: 2, application_name: 'casetrail-migrate', options: '-c search_path=public' },
    }),
  );
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
