import type { CustodyDecision, RcaRecommendation } from '@casetrail/domain';
import type { DataSource } from 'typeorm';
import { findTimeWindowPage, type TimeWindowPage } from '../office-scope';

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
export type CustodyDeterminationFilter = TimeWindowPage;

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
  const rows = await findTimeWindowPage<CustodyDeterminationRow>(
    db,
    'custody_determinations',
    [
      'case_id',
      'office_id',
      'officer_id',
      'decision',
      'rationale',
      'rca_recommendation',
      'determined_by',
      'determined_at',
    ],
    'determined_at',
    filter,
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
