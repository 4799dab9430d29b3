import type { DataSource } from 'typeorm';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';

/**
 * Per-office caseloads are an aggregate of the officer caseload counters (`officer_caseloads`),
 * so they need no table of their own and can never disagree with the per-officer view.
 */
export const CASELOAD_DOCKETS = ['PENDING', 'DETAINED', 'NON_DETAINED', 'FUGITIVE'] as const;
export type CaseloadDocket = (typeof CASELOAD_DOCKETS)[number];

export interface DocketLoad {
  cases: number;
  /** Officers with at least one case on this docket. */
  officers: number;
  /** cases ÷ officers, rounded to 2 decimals; 0 when the docket is empty. */
  averagePerOfficer: number;
  maxPerOfficer: number;
}

export interface OfficeCaseload {
  officeId: string;
  totalCases: number;
  /** Officers with at least one active case. */
  officers: number;
  dockets: Record<CaseloadDocket, DocketLoad>;
  /**
   * Average non-detained cases per officer ÷ average detained cases per officer (2 decimals): the
   * gap the OIG found (~10,000 vs ~100). Null when the office has no detained cases.
   */
  imbalanceRatio: number | null;
}

export interface OfficeCaseloadFilter extends OfficeScopedFilter {
  limit: number;
  offset: number;
}

interface OfficeCaseloadRow {
  office_id: string;
  officers: string;
  [column: string]: string | null;
}

const COLUMN_PREFIX: Record<CaseloadDocket, string> = {
  PENDING: 'pending',
  DETAINED: 'detained',
  NON_DETAINED: 'non_detained',
  FUGITIVE: 'fugitive',
};

/** Offices with at least one active case, by office id. */
export async function findOfficeCaseloads(
  db: DataSource,
  filter: OfficeCaseloadFilter,
): Promise<OfficeCaseload[]> {
  const perDocket = CASELOAD_DOCKETS.map((docket) => {
    const prefix = COLUMN_PREFIX[docket];
    return `coalesce(sum(case_count) FILTER (WHERE docket = '${docket}'), 0) AS ${prefix}_cases,
            count(*) FILTER (WHERE docket = '${docket}') AS ${prefix}_officers,
            coalesce(max(case_count) FILTER (WHERE docket = '${docket}'), 0) AS ${prefix}_max`;
  }).join(',\n');
  // Counters of slots a case has left stay at 0: they are not officers "with a case".
  const rows: OfficeCaseloadRow[] = await db.query(
    `SELECT office_id, count(DISTINCT officer_id) AS officers, ${perDocket}
     FROM officer_caseloads
     WHERE case_count > 0 AND ${OFFICE_SCOPE_CONDITION}
     GROUP BY office_id
     ORDER BY office_id
     LIMIT $3 OFFSET $4`,
    [...officeScopeParameters(filter), filter.limit, filter.offset],
  );
  return rows.map(toOfficeCaseload);
}

function toOfficeCaseload(row: OfficeCaseloadRow): OfficeCaseload {
  const exact = {} as Record<
    CaseloadDocket,
    { cases: number; officers: number; max: number; average: number }
  >;
  for (const docket of CASELOAD_DOCKETS) {
    const prefix = COLUMN_PREFIX[docket];
    const cases = Number(row[`${prefix}_cases`] ?? 0);
    const officers = Number(row[`${prefix}_officers`] ?? 0);
    exact[docket] = {
      cases,
      officers,
      max: Number(row[`${prefix}_max`] ?? 0),
      average: officers ? cases / officers : 0,
    };
  }
  const dockets = {} as Record<CaseloadDocket, DocketLoad>;
  for (const docket of CASELOAD_DOCKETS) {
    const { cases, officers, max, average } = exact[docket];
    dockets[docket] = { cases, officers, averagePerOfficer: round2(average), maxPerOfficer: max };
  }
  return {
    officeId: row.office_id,
    totalCases: CASELOAD_DOCKETS.reduce((sum, docket) => sum + exact[docket].cases, 0),
    officers: Number(row.officers),
    dockets,
    // From the unrounded averages, so the ratio is not skewed by rounding.
    imbalanceRatio:
      exact.DETAINED.cases > 0 ? round2(exact.NON_DETAINED.average / exact.DETAINED.average) : null,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
