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
