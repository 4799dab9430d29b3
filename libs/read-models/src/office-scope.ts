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
export function timeWindowCondition(column: string): string {
  return `($3::timestamptz IS NULL OR ${column} >= $3) AND ($4::timestamptz IS NULL OR ${column} < $4)`;
}

/** `$1` to `$6`: the office scope, the window, then `LIMIT $5 OFFSET $6`. */
export function timeWindowPageParameters(filter: TimeWindowPage): unknown[] {
  return [
    ...officeScopeParameters(filter),
    filter.from ?? null,
    filter.to ?? null,
    filter.limit,
    filter.offset,
  ];
}
