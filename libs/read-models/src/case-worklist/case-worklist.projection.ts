import {
  PRIORITY_FLAG_KINDS,
  rcaOverdueAlertId,
  type OpenedCaseState,
  type PriorityFlagKind,
} from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

export type WorklistAlertKind = 'MISSED_CHECK_IN' | 'RCA_OVERDUE';
/** As the case's state knows it; the worklist query reads ESCALATED from the alerts read model. */
export type WorklistAlertStatus = 'RAISED' | 'ACKNOWLEDGED' | 'ESCALATED';

/**
 * One row per active case: what an officer works through, flagged cases first, then the soonest
 * check-in. Every column is
 * derived from the case's state after the change, so a row is simply overwritten; a closed case
 * leaves the worklist. No subject identity is stored here.
 */
export class CaseWorklistProjection implements CaseProjection {
  readonly name = 'case-worklist';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.case_worklist (
         case_id uuid PRIMARY KEY,
         office_id text NOT NULL,
         officer_id text NOT NULL,
         docket text NOT NULL,
         next_due_at timestamptz,
         last_check_in_at timestamptz,
         consecutive_misses integer NOT NULL CHECK (consecutive_misses >= 0),
         open_alert_id text,
         open_alert_kind text,
         open_alert_status text,
         priority_flags text[] NOT NULL DEFAULT '{}'
       )`,
      `CREATE INDEX case_worklist_by_officer ON ${schema}.case_worklist (officer_id, docket, next_due_at)`,
      `CREATE INDEX case_worklist_flagged ON ${schema}.case_worklist (office_id, officer_id)
         WHERE cardinality(priority_flags) > 0`,
    ];
  }

  /** Every row follows from the case's latest state alone: only each case's last change counts. */
  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const latest = new Map<string, OpenedCaseState>();
    for (const { caseId, after } of changes) if (after.opened) latest.set(caseId, after);
    const states = [...latest.values()];
    const closed = states.filter((state) => state.docket === 'CLOSED').map((state) => state.caseId);
    const open = states.filter((state) => state.docket !== 'CLOSED').map(worklistRow);
    if (closed.length > 0)
      await manager.query('DELETE FROM case_worklist WHERE case_id = ANY($1::uuid[])', [closed]);
    if (open.length === 0) return;
    await manager.query(
      `INSERT INTO case_worklist (case_id, office_id, officer_id, docket, next_due_at, last_check_in_at,
         consecutive_misses, open_alert_id, open_alert_kind, open_alert_status, priority_flags)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, office_id text, officer_id text,
         docket text, next_due_at timestamptz, last_check_in_at timestamptz, consecutive_misses integer,
         open_alert_id text, open_alert_kind text, open_alert_status text, priority_flags text[])
       ON CONFLICT (case_id) DO UPDATE SET office_id = EXCLUDED.office_id, officer_id = EXCLUDED.officer_id,
         docket = EXCLUDED.docket, next_due_at = EXCLUDED.next_due_at, last_check_in_at = EXCLUDED.last_check_in_at,
         consecutive_misses = EXCLUDED.consecutive_misses, open_alert_id = EXCLUDED.open_alert_id,
         open_alert_kind = EXCLUDED.open_alert_kind, open_alert_status = EXCLUDED.open_alert_status,
         priority_flags = EXCLUDED.priority_flags`,
      [JSON.stringify(open)],
    );
  }
}

/** The case's worklist row, columns in table order. */
function worklistRow(state: OpenedCaseState) {
  const supervision = state.supervision;
  const alert = openAlert(state);
  return {
    case_id: state.caseId,
    office_id: state.officeId,
    officer_id: state.officerId,
    docket: state.docket,
    next_due_at: supervision?.nextCheckInDueAt ?? null,
    last_check_in_at: supervision?.lastCheckIn?.checkedInAt ?? null,
    consecutive_misses: supervision?.consecutiveMisses ?? 0,
    open_alert_id: alert?.alertId ?? null,
    open_alert_kind: alert?.kind ?? null,
    open_alert_status: alert?.status ?? null,
    priority_flags: priorityFlagsOf(state),
  };
}

/** The case's priority flags, in the fixed order of their kinds. */
export function priorityFlagsOf(state: OpenedCaseState): PriorityFlagKind[] {
  return PRIORITY_FLAG_KINDS.filter((kind) => state.priorityFlags?.[kind]);
}

function openAlert(
  state: OpenedCaseState,
): { alertId: string; kind: WorklistAlertKind; status: WorklistAlertStatus } | null {
  const missed = state.supervision?.openMissedCheckInAlert;
  if (missed) {
    return {
      alertId: missed.alertId,
      kind: 'MISSED_CHECK_IN',
      status: missed.acknowledged ? 'ACKNOWLEDGED' : 'RAISED',
    };
  }
  // The state keeps no RCA alert id; it is derived from the deadline exactly as decide derives it.
  if (state.detention?.riskClassificationStatus === 'OVERDUE') {
    return {
      alertId: rcaOverdueAlertId(state.caseId, state.detention.riskClassificationDueAt),
      kind: 'RCA_OVERDUE',
      status: 'RAISED',
    };
  }
  return null;
}
