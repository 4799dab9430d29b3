import {
  ALERT_RESOLUTIONS,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  type AlertResolution,
  type AlertSeverity,
  type AlertStatus,
} from '@casetrail/contracts';
import type { MissedCheckInEscalationLevel } from '@casetrail/domain';

/*
 * What an alert is, shared by the alerts projection that writes it, the query that reads it and
 * the alert topics' messages built from it.
 */

export const ALERT_KINDS = ['MISSED_CHECK_IN', 'RCA_OVERDUE', 'SUSPECTED_ABSCONDING'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The statuses and severities of the alert topics (see `@casetrail/contracts`). */
export { ALERT_RESOLUTIONS, ALERT_SEVERITIES, ALERT_STATUSES };
export type { AlertResolution, AlertSeverity, AlertStatus };

/** An alert as the alert topics describe it: ids only, no subject identity. */
export interface AlertView {
  alertId: string;
  kind: AlertKind;
  status: AlertStatus;
  caseId: string;
  officeId: string;
  officerId: string;
  dueAt: string;
  detectedAt: string;
  /** Missed check-ins and suspected absconding (the misses in a row when it was raised) only. */
  consecutiveMisses: number | null;
  /** Missed check-ins only. */
  severity: AlertSeverity | null;
  updatedAt: string;
  /**
   * Who acts on it: the assigned officer, or the officer covering their absence when it was raised;
   * null while they are away with nobody covering, when the office's supervisors act.
   */
  actingOfficerId: string | null;
  /** Missed check-ins only: who it is in front of (OFFICER until escalated). */
  escalationLevel: MissedCheckInEscalationLevel | null;
  /** Why it was RESOLVED; null while it is not (and on rows resolved before reasons were kept). */
  resolution: AlertResolution | null;
  /** The policy version of the decision that (last) raised it; null before policies were published. */
  policyVersion: number | null;
}

export interface AlertRow {
  alert_id: string;
  kind: AlertKind;
  status: AlertStatus;
  case_id: string;
  office_id: string;
  officer_id: string;
  due_at: Date;
  detected_at: Date;
  consecutive_misses: number | null;
  severity: AlertSeverity | null;
  updated_at: Date;
  /** Null on rows from before coverage: the assigned officer acts. */
  acting_officer_id: string | null;
  acting_supervisors: boolean;
  /** Null on rows from before escalation levels: OFFICER, or SUPERVISOR when ESCALATED. */
  escalation_level: MissedCheckInEscalationLevel | null;
  resolution: AlertResolution | null;
  policy_version: number | null;
}

export const ALERT_COLUMNS = `alert_id, kind, status, case_id, office_id, officer_id, due_at, detected_at,
  consecutive_misses, severity, updated_at, acting_officer_id, acting_supervisors, escalation_level, resolution,
  policy_version`;

export function toAlertView(row: AlertRow): AlertView {
  return {
    alertId: row.alert_id,
    kind: row.kind,
    status: row.status,
    caseId: row.case_id,
    officeId: row.office_id,
    officerId: row.officer_id,
    dueAt: row.due_at.toISOString(),
    detectedAt: row.detected_at.toISOString(),
    consecutiveMisses: row.consecutive_misses,
    severity: row.severity,
    updatedAt: row.updated_at.toISOString(),
    actingOfficerId: row.acting_supervisors ? null : (row.acting_officer_id ?? row.officer_id),
    escalationLevel:
      row.kind !== 'MISSED_CHECK_IN'
        ? null
        : (row.escalation_level ?? (row.status === 'ESCALATED' ? 'SUPERVISOR' : 'OFFICER')),
    resolution: row.resolution,
    policyVersion: row.policy_version,
  };
}
