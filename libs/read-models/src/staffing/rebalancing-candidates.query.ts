import type { DataSource } from 'typeorm';
import type { StaffedDocket } from './staffing-history.projection';

export interface RebalancingCandidate {
  caseId: string;
  officerId: string;
  /** The case's stream version as the read model has it: the reassignment's expected version. */
  version: number;
  priorityFlagged: boolean;
  openAlert: boolean;
}

export interface RebalancingCandidates {
  /** Officers of the docket's unit on the office's roster and not absent now, by id. */
  officerIds: string[];
  /** The office's active cases on the docket, by case id. */
  cases: RebalancingCandidate[];
}

/** What a rebalancing of one office's docket starts from. */
export async function findRebalancingCandidates(
  db: DataSource,
  officeId: string,
  docket: StaffedDocket,
): Promise<RebalancingCandidates> {
  const officers: { officer_id: string }[] = await db.query(
    `SELECT o.officer_id FROM public.officers o
     WHERE o.office_id = $1 AND o.unit = $2
       AND NOT EXISTS (SELECT 1 FROM public.officer_absences a WHERE a.officer_id = o.officer_id
                       AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now()))
     ORDER BY o.officer_id`,
    [officeId, docket],
  );
  const cases: {
    case_id: string;
    officer_id: string;
    stream_version: number;
    flagged: boolean;
    open_alert: boolean;
  }[] = await db.query(
    `SELECT w.case_id, w.officer_id, s.stream_version, cardinality(w.priority_flags) > 0 AS flagged,
            w.open_alert_id IS NOT NULL AS open_alert
     FROM case_worklist w JOIN case_summaries s ON s.case_id = w.case_id
     WHERE w.office_id = $1 AND w.docket = $2
     ORDER BY w.case_id`,
    [officeId, docket],
  );
  return {
    officerIds: officers.map((row) => row.officer_id),
    cases: cases.map((row) => ({
      caseId: row.case_id,
      officerId: row.officer_id,
      version: row.stream_version,
      priorityFlagged: row.flagged,
      openAlert: row.open_alert,
    })),
  };
}
