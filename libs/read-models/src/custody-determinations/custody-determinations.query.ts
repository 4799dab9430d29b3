import type { CustodyDecision, RcaRecommendation } from '@casetrail/domain';
import type { DataSource } from 'typeorm';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters } from '../office-scope';
import type { ReleaseOverrideFilter } from '../release-overrides/release-overrides.query';

export interface CustodyDeterminationView {
  caseId: string;
  officeId: string;
  officerId: string;
  decision: CustodyDecision;
  rationale: string;
  rcaRecommendation: RcaRecommendation;
  determinedBy: string;
  determinedAt: string;
}

/** Office, page and a time window, as for the overrides; `from` ≤ determinedAt < `to`. */
export type CustodyDeterminationFilter = ReleaseOverrideFilter;

interface CustodyDeterminationRow {
  case_id: string;
  office_id: string;
  officer_id: string;
  decision: CustodyDecision;
  rationale: string;
  rca_recommendation: RcaRecommendation;
  determined_by: string;
  determined_at: Date;
}

/** Supervisors' custody determinations, the most recent first. */
export async function findCustodyDeterminations(
  db: DataSource,
  filter: CustodyDeterminationFilter,
): Promise<CustodyDeterminationView[]> {
  const rows: CustodyDeterminationRow[] = await db.query(
    `SELECT case_id, office_id, officer_id, decision, rationale, rca_recommendation, determined_by,
            determined_at
     FROM custody_determinations
     WHERE ${OFFICE_SCOPE_CONDITION}
       AND ($3::timestamptz IS NULL OR determined_at >= $3)
       AND ($4::timestamptz IS NULL OR determined_at < $4)
     ORDER BY determined_at DESC, case_id, stream_version
     LIMIT $5 OFFSET $6`,
    [...officeScopeParameters(filter), filter.from ?? null, filter.to ?? null, filter.limit, filter.offset],
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    officeId: row.office_id,
    officerId: row.officer_id,
    decision: row.decision,
    rationale: row.rationale,
    rcaRecommendation: row.rca_recommendation,
    determinedBy: row.determined_by,
    determinedAt: row.determined_at.toISOString(),
  }));
}
