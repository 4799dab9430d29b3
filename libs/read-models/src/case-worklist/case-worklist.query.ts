import type { PriorityFlagKind } from '@casetrail/domain';
import type { DataSource } from 'typeorm';
import type { CaseloadDocket } from '../office-caseload/office-caseload.query';
import type { WorklistAlertKind, WorklistAlertStatus } from './case-worklist.projection';

export interface WorklistEntry {
  caseId: string;
  officeId: string;
  docket: CaseloadDocket;
  nextCheckInDueAt: string | null;
  lastCheckInAt: string | null;
  consecutiveMisses: number;
  openAlert: { alertId: string; kind: WorklistAlertKind; status: WorklistAlertStatus } | null;
  /** National-security, public-safety or other priority flags; flagged cases come first. */
  priorityFlags: PriorityFlagKind[];
  /** The absent officer whose case this is, when the worklist's officer covers for them now. */
  coveredFor: string | null;
}

export interface OfficerDocketFilter {
  officerId: string;
  docket: CaseloadDocket;
  limit: number;
  offset: number;
}

/**
 * SQL for the officers whom `officer` (an SQL expression) covers for at this moment, from the
 * roster's absences: ending or changing an absence takes effect on the next read.
 */
export function coveredByNow(officer: string): string {
  return `SELECT a.officer_id FROM public.officer_absences a
    WHERE a.covering_officer_id = ${officer} AND a.starts_at <= now() AND (a.ends_at IS NULL OR a.ends_at > now())`;
}

interface WorklistRow {
  case_id: string;
  office_id: string;
  docket: CaseloadDocket;
  next_due_at: Date | null;
  last_check_in_at: Date | null;
  consecutive_misses: number;
  open_alert_id: string | null;
  open_alert_kind: WorklistAlertKind | null;
  open_alert_status: WorklistAlertStatus | null;
  priority_flags: PriorityFlagKind[];
  covered_for: string | null;
}

/**
 * An officer's cases on one docket, with those of officers they cover for now (`coveredFor`), flagged cases first, each group the soonest check-in due first
 * and cases with none last.
 * The open alert's status is the alerts read model's where it has one: only it knows ESCALATED,
 * which the scheduler sets and no event records.
 */
export async function findOfficerDocket(
  db: DataSource,
  filter: OfficerDocketFilter,
): Promise<WorklistEntry[]> {
  const rows: WorklistRow[] = await db.query(
    `SELECT w.case_id, w.office_id, w.docket, w.next_due_at, w.last_check_in_at, w.consecutive_misses,
            w.open_alert_id, w.open_alert_kind, w.priority_flags,
            CASE WHEN w.officer_id <> $1 THEN w.officer_id END AS covered_for,
            CASE WHEN a.status IN ('RAISED', 'ACKNOWLEDGED', 'ESCALATED') THEN a.status
                 ELSE w.open_alert_status END AS open_alert_status
     FROM case_worklist w
     LEFT JOIN alerts a ON a.alert_id = w.open_alert_id
     WHERE w.docket = $2
       AND (w.officer_id = $1 OR w.officer_id IN (${coveredByNow('$1')}))
     ORDER BY cardinality(w.priority_flags) > 0 DESC, w.next_due_at ASC NULLS LAST, w.case_id
     LIMIT $3 OFFSET $4`,
    [filter.officerId, filter.docket, filter.limit, filter.offset],
  );
  return rows.map((row) => ({
    caseId: row.case_id,
    officeId: row.office_id,
    docket: row.docket,
    nextCheckInDueAt: row.next_due_at?.toISOString() ?? null,
    lastCheckInAt: row.last_check_in_at?.toISOString() ?? null,
    consecutiveMisses: row.consecutive_misses,
    openAlert:
      row.open_alert_id && row.open_alert_kind && row.open_alert_status
        ? { alertId: row.open_alert_id, kind: row.open_alert_kind, status: row.open_alert_status }
        : null,
    priorityFlags: row.priority_flags,
    coveredFor: row.covered_for,
  }));
}
