import type { DataSource } from 'typeorm';
import {
  ALERT_COLUMNS,
  toAlertView,
  type AlertKind,
  type AlertRow,
  type AlertStatus,
  type AlertView,
} from './alert';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';

export interface AlertFilter extends OfficeScopedFilter {
  status?: AlertStatus;
  kind?: AlertKind;
  limit: number;
  offset: number;
}

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
