import type { EntityManager } from 'typeorm';

/**
 * Writes rows of a table that keeps one row per event, keyed by `(case_id, stream_version)`:
 * a row already there is left as it is, so a replay or a rebuild writes the same rows again.
 * `columns` maps each column, in order, to its SQL type; each row carries every column.
 */
export async function insertEventRows(
  manager: EntityManager,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const types = names.map((name) => `${name} ${columns[name]}`);
  await manager.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${types.join(', ')})
     ON CONFLICT (case_id, stream_version) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
