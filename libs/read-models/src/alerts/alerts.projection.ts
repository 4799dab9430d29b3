import type { CaseEvent } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

export const ALERT_KINDS = ['MISSED_CHECK_IN', 'RCA_OVERDUE'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The statuses of the alert topics. Nothing in the case's history escalates an alert yet. */
export const ALERT_STATUSES = ['RAISED', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Missed check-ins grow more serious with each consecutive miss. */
export function missedCheckInSeverity(consecutiveMisses: number): AlertSeverity {
  if (consecutiveMisses >= 3) return 'HIGH';
  return consecutiveMisses === 2 ? 'MEDIUM' : 'LOW';
}

/**
 * One row per alert id (ids are derived from the deadline, so a rebuild re-creates the same rows).
 * `updated_at` is the business time of the event that last changed the alert.
 */
export class AlertsProjection implements CaseProjection {
  readonly name = 'alerts';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.alerts (
         alert_id text PRIMARY KEY,
         kind text NOT NULL,
         status text NOT NULL,
         case_id uuid NOT NULL,
         office_id text NOT NULL,
         officer_id text NOT NULL,
         due_at timestamptz NOT NULL,
         detected_at timestamptz NOT NULL,
         consecutive_misses integer,
         severity text,
         updated_at timestamptz NOT NULL
       )`,
      `CREATE INDEX alerts_newest ON ${schema}.alerts (detected_at DESC, alert_id)`,
      `CREATE INDEX alerts_by_office ON ${schema}.alerts (office_id, detected_at DESC)`,
      `CREATE INDEX alerts_by_case ON ${schema}.alerts (case_id) WHERE status <> 'RESOLVED'`,
    ];
  }

  async apply(manager: EntityManager, { caseId, event, after }: CaseChange): Promise<void> {
    if (!after.opened) return;
    switch (event.type) {
      case 'CheckInMissed': {
        const { alertId, dueAt, detectedAt, consecutiveMisses } = event.data;
        await raise(manager, {
          alertId,
          kind: 'MISSED_CHECK_IN',
          caseId,
          officeId: after.officeId,
          officerId: after.officerId,
          dueAt,
          detectedAt,
          consecutiveMisses,
          severity: missedCheckInSeverity(consecutiveMisses),
        });
        return;
      }
      case 'RiskClassificationOverdue': {
        const { alertId, dueAt, detectedAt } = event.data;
        await raise(manager, {
          alertId,
          kind: 'RCA_OVERDUE',
          caseId,
          officeId: after.officeId,
          officerId: after.officerId,
          dueAt,
          detectedAt,
          consecutiveMisses: null,
          severity: null,
        });
        return;
      }
      case 'MissedCheckInAcknowledged':
        // No row, or a resolved one, means there is nothing left to acknowledge: no change.
        await manager.query(
          `UPDATE alerts SET status = 'ACKNOWLEDGED', updated_at = $3
           WHERE alert_id = $1 AND case_id = $2 AND status IN ('RAISED', 'ESCALATED')`,
          [event.data.alertId, caseId, event.data.acknowledgedAt],
        );
        return;
      case 'CheckInRecorded':
      case 'DetentionBooked':
      case 'SubjectRemoved':
      case 'CaseClosed':
        // A later miss replaces the case's open alert in the domain; the earlier one stays open
        // here until the subject is back in contact, so every unresolved one of the case resolves.
        await resolveOpen(manager, caseId, 'MISSED_CHECK_IN', resolvedAt(event));
        return;
      case 'RiskClassificationCompleted':
        await resolveOpen(manager, caseId, 'RCA_OVERDUE', event.data.completedAt);
        return;
      case 'CaseReassigned':
        // Open alerts follow the case to its new office and officer; resolved ones stay where they were handled.
        await manager.query(
          `UPDATE alerts SET office_id = $2, officer_id = $3 WHERE case_id = $1 AND status <> 'RESOLVED'`,
          [caseId, event.data.toOfficeId, event.data.toOfficerId],
        );
        return;
      default:
        return;
    }
  }
}

interface RaisedAlert {
  alertId: string;
  kind: AlertKind;
  caseId: string;
  officeId: string;
  officerId: string;
  dueAt: string;
  detectedAt: string;
  consecutiveMisses: number | null;
  severity: AlertSeverity | null;
}

async function raise(manager: EntityManager, alert: RaisedAlert): Promise<void> {
  await manager.query(
    `INSERT INTO alerts (alert_id, kind, status, case_id, office_id, officer_id, due_at, detected_at,
       consecutive_misses, severity, updated_at)
     VALUES ($1, $2, 'RAISED', $3, $4, $5, $6, $7, $8, $9, $7)
     ON CONFLICT (alert_id) DO UPDATE SET kind = $2, status = 'RAISED', case_id = $3, office_id = $4,
       officer_id = $5, due_at = $6, detected_at = $7, consecutive_misses = $8, severity = $9, updated_at = $7`,
    [
      alert.alertId,
      alert.kind,
      alert.caseId,
      alert.officeId,
      alert.officerId,
      alert.dueAt,
      alert.detectedAt,
      alert.consecutiveMisses,
      alert.severity,
    ],
  );
}

async function resolveOpen(
  manager: EntityManager,
  caseId: string,
  kind: AlertKind,
  at: string,
): Promise<void> {
  await manager.query(
    `UPDATE alerts SET status = 'RESOLVED', updated_at = $3
     WHERE case_id = $1 AND kind = $2 AND status <> 'RESOLVED'`,
    [caseId, kind, at],
  );
}

function resolvedAt(
  event: Extract<
    CaseEvent,
    { type: 'CheckInRecorded' | 'DetentionBooked' | 'SubjectRemoved' | 'CaseClosed' }
  >,
): string {
  switch (event.type) {
    case 'CheckInRecorded':
      return event.data.checkedInAt;
    case 'DetentionBooked':
      return event.data.bookedInAt;
    case 'SubjectRemoved':
      return event.data.removedAt;
    case 'CaseClosed':
      return event.data.closedAt;
  }
}
