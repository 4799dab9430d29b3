import type { OverrideReasonCode, RcaRecommendation, ReleaseType } from '@casetrail/domain';
import type { DataSource } from 'typeorm';
import { findTimeWindowPage, type TimeWindowPage } from '../office-scope';

export interface ReleaseOverrideView {
  caseId: string;
  officeId: string;
  officerId: string;
  releasedAt: string;
  releasedBy: string;
  releaseType: ReleaseType;
  /** The RCA recommendation the release went against; null when no RCA was done. */
  rcaRecommendation: RcaRecommendation | null;
  overrideRequestId: string | null;
  reasonCodes: OverrideReasonCode[];
  narrative: string;
  requestedBy: string;
  requestedAt: string;
  approvedBy: string;
  approvedAt: string;
}

export type ReleaseOverrideFilter = TimeWindowPage;

interface ReleaseOverrideRow {
  case_id: string;
  office_id: string;
  officer_id: string;
  released_at: Date;
  released_by: string;
  release_type: ReleaseType;
  rca_recommendation: RcaRecommendation | null;
  override_request_id: string | null;
  reason_codes: OverrideReasonCode[];
  narrative: string;
  requested_by: string;
  requested_at: Date;
  approved_by: string;
  approved_at: Date;
}

/** Releases against the RCA, the most recent first; `from` ≤ releasedAt < `to`. */
export async function findReleaseOverrides(
  db: DataSource,
  filter: ReleaseOverrideFilter,
): Promise<ReleaseOverrideView[]> {
  const rows = await findTimeWindowPage<ReleaseOverrideRow>(
    db,
    'release_overrides',
    [
      'case_id',
      'office_id',
      'officer_id',
      'released_at',
      'released_by',
      'release_type',
      'rca_recommendation',
      'override_request_id',
      'reason_codes',
      'narrative',
      'requested_by',
      'requested_at',
      'approved_by',
      'approved_at',
    ],
    'released_at',
    filter,
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    officeId: row.office_id,
    officerId: row.officer_id,
    releasedAt: row.released_at.toISOString(),
    releasedBy: row.released_by,
    releaseType: row.release_type,
    rcaRecommendation: row.rca_recommendation,
    overrideRequestId: row.override_request_id,
    reasonCodes: row.reason_codes,
    narrative: row.narrative,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at.toISOString(),
  }));
}
