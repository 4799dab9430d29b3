import type { CaseProjection } from './case-change';
import { caseSummaryTables } from './case-summary/case-summary.store';

/** The schema the api reads and the projector writes. A rebuild fills another and swaps names. */
export const LIVE_READ_MODEL_SCHEMA = 'read_models';

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Creates `schema` with every read-model table in it. With `deferIndexes`, the secondary indexes
 * are left out and handed back, to be created once the tables are filled: a rebuild writing
 * millions of rows goes faster building each index once than keeping it up to date row by row.
 */
export async function createReadModelSchema(
  db: Queryable,
  schema: string,
  projections: CaseProjection[],
  { deferIndexes = false }: { deferIndexes?: boolean } = {},
): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  await db.query(`CREATE SCHEMA ${schema}`);
  const deferred: string[] = [];
  for (const statement of [
    ...caseSummaryTables(schema),
    ...projections.flatMap((projection) => projection.tables(schema)),
  ]) {
    if (deferIndexes && /^\s*CREATE INDEX/i.test(statement)) deferred.push(statement);
    else await db.query(statement);
  }
  return deferred;
}

/** Creates the live read-model schema on a new database; an existing one is left as it is. */
export async function ensureLiveReadModels(db: Queryable, projections: CaseProjection[]): Promise<boolean> {
  const rows = (await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
    LIVE_READ_MODEL_SCHEMA,
  ])) as unknown[];
  if (rows.length > 0) return false;
  await createReadModelSchema(db, LIVE_READ_MODEL_SCHEMA, projections);
  return true;
}
