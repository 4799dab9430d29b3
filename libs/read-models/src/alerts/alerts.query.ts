import type { DataSource } from 'typeorm';
import type { AlertKind, AlertSeverity, AlertStatus } from './alerts.projection';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';

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
  /** Missed check-ins only. */
  consecutiveMisses: number | null;
  /** Missed check-ins only. */
  severity: AlertSeverity | null;
  updatedAt: string;
}

export interface AlertFilter extends OfficeScopedFilter {
  status?: AlertStatus;
  kind?: AlertKind;
  limit: number;
  offset: number;
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
}

export const ALERT_COLUMNS = `alert_id, kind, status, case_id, office_id, officer_id, due_at, detected_at,
  consecutive_misses, severity, updated_at`;

/** Alerts, the most recently detected first. */
export async function findAlerts(db: DataSource, filter: AlertFilter): Promise<AlertView[]> {
  const rows: AlertRow[] = await db.query(
    `SELECT ${ALERT_COLUMNS}
     FROM alerts
     WHERE ${OFFICE_SCOPE_CONDITION}
       AND ($3::text IS NULL OR status = $3)
       AND ($4::text IS NULL OR kind = $4)
     ORDER BY detected_at DESC, alert_id
     LIMIT $5 OFFSET $6`,
    [
      ...officeScopeParameters(filter),
      filter.status ?? null,
      filter.kind ?? null,
      filter.limit,
      filter.offset,
    ],
  );
  return rows.map(toAlertView);
}

/** The alerts with these ids, as they stand now (ids that name no alert are left out). */
export async function findAlertsByIds(db: DataSource, alertIds: readonly string[]): Promise<AlertView[]> {
  if (alertIds.length === 0) return [];
  const rows: AlertRow[] = await db.query(
    `SELECT ${ALERT_COLUMNS} FROM alerts WHERE alert_id = ANY($1::text[]) ORDER BY detected_at DESC, alert_id`,
    [alertIds],
  );
  return rows.map(toAlertView);
}

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
  };
}
