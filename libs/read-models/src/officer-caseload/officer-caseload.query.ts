import type { Docket } from '@casetrail/domain';
import type { DataSource } from 'typeorm';
import { coveredByNow } from '../case-worklist/case-worklist.query';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';

export interface OfficerCaseload {
  officeId: string;
  officerId: string;
  pending: number;
  detained: number;
  nonDetained: number;
  /** Cases of subjects a supervisor declared absconders, until an arrest. */
  fugitive: number;
  total: number;
  /** Active cases of the officer carrying a priority flag. */
  flagged: number;
  /** Active cases of officers this officer covers for now, on top of their own. */
  covered: number;
}

export interface OfficerCaseloadFilter extends OfficeScopedFilter {
  docket?: Exclude<Docket, 'CLOSED'>;
  limit: number;
  offset: number;
}

const DOCKET_COLUMN = {
  PENDING: 'pending',
  DETAINED: 'detained',
  NON_DETAINED: 'non_detained',
  FUGITIVE: 'fugitive',
} as const;

/** Officers with their active cases per docket and their flagged cases, largest caseload first. */
export async function findOfficerCaseloads(
  db: DataSource,
  filter: OfficerCaseloadFilter,
): Promise<OfficerCaseload[]> {
  const orderBy = filter.docket ? DOCKET_COLUMN[filter.docket] : 'total';
  const rows: Record<string, string>[] = await db.query(
    `WITH page AS (
       SELECT office_id, officer_id,
              sum(case_count) FILTER (WHERE docket = 'PENDING') AS pending,
              sum(case_count) FILTER (WHERE docket = 'DETAINED') AS detained,
              sum(case_count) FILTER (WHERE docket = 'NON_DETAINED') AS non_detained,
              sum(case_count) FILTER (WHERE docket = 'FUGITIVE') AS fugitive,
              sum(case_count) AS total
       FROM officer_caseloads
       WHERE ${OFFICE_SCOPE_CONDITION}
       GROUP BY office_id, officer_id
       HAVING ($3::text IS NULL OR sum(case_count) FILTER (WHERE docket = $3) > 0)
       ORDER BY ${orderBy} DESC NULLS LAST, office_id, officer_id
       LIMIT $4 OFFSET $5)
     SELECT page.*,
            (SELECT count(*) FROM case_worklist w
             WHERE w.office_id = page.office_id AND w.officer_id = page.officer_id
               AND cardinality(w.priority_flags) > 0) AS flagged,
            (SELECT coalesce(sum(c.case_count), 0) FROM officer_caseloads c
             WHERE c.office_id = page.office_id AND c.officer_id IN (${coveredByNow('page.officer_id')})) AS covered
     FROM page
     ORDER BY ${orderBy} DESC NULLS LAST, office_id, officer_id`,
    [...officeScopeParameters(filter), filter.docket ?? null, filter.limit, filter.offset],
  );
  return rows.map((row) => ({
    officeId: row.office_id,
    officerId: row.officer_id,
    pending: Number(row.pending ?? 0),
    detained: Number(row.detained ?? 0),
    nonDetained: Number(row.non_detained ?? 0),
    fugitive: Number(row.fugitive ?? 0),
    total: Number(row.total ?? 0),
    flagged: Number(row.flagged ?? 0),
    covered: Number(row.covered ?? 0),
  }));
}
