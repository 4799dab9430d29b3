import type { DataSource } from 'typeorm';

/** Which offices a read covers: one asked for, limited to the offices the caller may see. */
export interface OfficeScopedFilter {
  officeId?: string;
  /** The caller's offices; undefined for every office. */
  offices?: readonly string[];
}

/** The SQL condition on `office_id` for the filter's two parameters, `$1` and `$2`. */
export const OFFICE_SCOPE_CONDITION =
  '($1::text IS NULL OR office_id = $1) AND ($2::text[] IS NULL OR office_id = ANY($2))';

export function officeScopeParameters(filter: OfficeScopedFilter): [string | null, readonly string[] | null] {
  return [filter.officeId ?? null, filter.offices ?? null];
}

/** An office-scoped page of records in a time window: `from` ≤ time < `to`, both optional. */
export interface TimeWindowPage extends OfficeScopedFilter {
  /** Inclusive, ISO 8601. */
  from?: string;
  /** Exclusive, ISO 8601. */
  to?: string;
  limit: number;
  offset: number;
}

/** The SQL condition on the time `column` for the window's parameters, `$3` and `$4`. */
function timeWindowCondition(column: string): string {
  return `($3::timestamptz IS NULL OR ${column} >= $3) AND ($4::timestamptz IS NULL OR ${column} < $4)`;
}

/** `$1` to `$6`: the office scope, the window, then `LIMIT $5 OFFSET $6`. */
function timeWindowPageParameters(filter: TimeWindowPage): unknown[] {
  return [
    ...officeScopeParameters(filter),
    filter.from ?? null,
    filter.to ?? null,
    filter.limit,
    filter.offset,
  ];
}

/**
 * One page of the rows of an oversight `table` (one row per event, keyed by case and stream
 * version) in the filter's offices and time window on `timeColumn`, the most recent first.
 */
export function findTimeWindowPage<Row>(
  db: DataSource,
  table: string,
  columns: readonly string[],
  timeColumn: string,
  filter: TimeWindowPage,
): Promise<Row[]> {
  return db.query(
    `SELECT ${columns.join(', ')}
     FROM ${table}
     WHERE ${OFFICE_SCOPE_CONDITION} AND ${timeWindowCondition(timeColumn)}
     ORDER BY ${timeColumn} DESC, case_id, stream_version
     LIMIT $5 OFFSET $6`,
    timeWindowPageParameters(filter),
  );
}
