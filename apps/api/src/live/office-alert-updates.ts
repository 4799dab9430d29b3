import { concatMap, filter, from, mergeMap, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { findAlertsByIds, type AlertView, type ReadModelChange } from '@casetrail/read-models';

/** The alerts of one office that a committed change raised, acknowledged, escalated, resolved or moved. */
export interface OfficeAlertsUpdate {
  officeId: string;
  /** As the alerts read model now holds them: ids, codes and times, no subject identity. */
  alerts: AlertView[];
}

/**
 * Each change naming alerts, as one update per office holding them now, limited to the offices
 * `mayView` lets through. An alert moved to another office is reported to its new office only.
 */
export function officeAlertUpdates(
  changes: Observable<ReadModelChange>,
  db: DataSource,
  mayView: (officeId: string) => boolean = () => true,
): Observable<OfficeAlertsUpdate> {
  return changes.pipe(
    filter((change) => (change.alertIds?.length ?? 0) > 0),
    concatMap((change) => findAlertsByIds(db, change.alertIds ?? [])),
    mergeMap((alerts) => from(byOffice(alerts.filter((alert) => mayView(alert.officeId))))),
  );
}

function byOffice(alerts: AlertView[]): OfficeAlertsUpdate[] {
  const offices = new Map<string, AlertView[]>();
  for (const alert of alerts) offices.set(alert.officeId, [...(offices.get(alert.officeId) ?? []), alert]);
  return [...offices].map(([officeId, officeAlerts]) => ({ officeId, alerts: officeAlerts }));
}
