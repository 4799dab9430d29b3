import { ALERT_SEVERITIES } from '@casetrail/contracts';
import {
  canonicalInstant,
  epochMsOf,
  type CaseEvent,
  type OpenedCaseState,
  type RiskLevel,
} from '@casetrail/domain';
import { writeOutbox, type OutboxMessage } from '@casetrail/event-store';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';
import { priorityFlagsOf } from '../case-worklist/case-worklist.projection';
import { absconderReferralMessage, suspectedAbscondingAlertMessage } from './absconding-alert-messages';
import {
  missedCheckInAlertMessages,
  rcaOverdueAlertMessage,
  releaseOverrideAlertMessage,
} from './alert-messages';
import {
  ALERT_COLUMNS,
  toAlertView,
  type AlertKind,
  type AlertResolution,
  type AlertRow,
  type AlertSeverity,
  type AlertView,
} from './alert';

/**
 * Missed check-ins grow more serious with each consecutive miss (1 LOW, 2 MEDIUM, 3 or more HIGH),
 * one level more for a subject whose latest RCA rated the flight risk HIGH, and one more for a
 * case with a priority flag (at most HIGH).
 */
export function missedCheckInSeverity(
  consecutiveMisses: number,
  flightRisk?: RiskLevel,
  flagged = false,
): AlertSeverity {
  const level = Math.min(consecutiveMisses, 3) - 1 + (flightRisk === 'HIGH' ? 1 : 0) + (flagged ? 1 : 0);
  return ALERT_SEVERITIES[Math.max(0, Math.min(level, ALERT_SEVERITIES.length - 1))];
}

/**
 * One row per alert id (ids are derived from the deadline, so a rebuild re-creates the same rows),
 * and at most one open missed-check-in alert per case: further misses raise it again.
 * `updated_at` is the business time of the event that last changed the alert.
 *
 * Every status change is also a message on the alert topics, written to the outbox in the
 * projector's batch transaction: a batch applied twice is skipped as a whole (stream versions), so
 * each change is sent once, and a rebuild (`replaying`) sends nothing. This projection is the alerts'
 * one writer: an escalation is the case event the scheduler appends (MissedCheckInAlertEscalated).
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
         updated_at timestamptz NOT NULL,
         acting_officer_id text,
         acting_supervisors boolean NOT NULL DEFAULT false,
         escalation_level text,
         resolution text,
         policy_version integer
       )`,
      `CREATE INDEX alerts_newest ON ${schema}.alerts (detected_at DESC, alert_id)`,
      `CREATE INDEX alerts_by_office ON ${schema}.alerts (office_id, detected_at DESC)`,
      `CREATE INDEX alerts_by_case ON ${schema}.alerts (case_id) WHERE status <> 'RESOLVED'`,
    ];
  }

  /**
   * The batch's alert changes worked out in memory on the rows they can touch — the batch's cases'
   * unresolved alerts and the alerts it raises — then written back whole, with each change's
   * messages in order. Live, those rows are locked first.
   */
  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const live = changes.some((change) => !change.replaying);
    const caseIds = [...new Set(changes.map((change) => change.caseId))];
    const open: AlertRow[] = await manager.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE case_id = ANY($1::uuid[]) AND status <> 'RESOLVED'
       ${live ? 'ORDER BY alert_id FOR UPDATE' : ''}`,
      [caseIds],
    );
    const alerts = new Map<string, AlertView>();
    const byCase = new Map<string, AlertView[]>();
    const keep = (alert: AlertView) => {
      alerts.set(alert.alertId, alert);
      byCase.set(alert.caseId, [...(byCase.get(alert.caseId) ?? []), alert]);
    };
    for (const row of open) keep(toAlertView(row));
    const actingOfficer = await actingOfficers(
      manager,
      changes.flatMap(({ event, after }) =>
        after.opened && (event.type === 'CheckInMissed' || event.type === 'RiskClassificationOverdue')
          ? [after.officerId]
          : [],
      ),
    );
    const rcaRuleVersion = await rcaDeadlineVersions(
      manager,
      changes.flatMap(({ caseId, event }) =>
        event.type === 'RiskClassificationOverdue' ? [{ caseId, dueAt: event.data.dueAt }] : [],
      ),
    );
    const touched = new Set<string>();
    /** Changes the case's matching alerts; answers them as they now are (copies: later changes move on). */
    const update = (
      caseId: string,
      matches: (alert: AlertView) => boolean,
      changed: Partial<AlertView>,
    ): AlertView[] => {
      const updated: AlertView[] = [];
      for (const alert of byCase.get(caseId) ?? []) {
        if (alert.caseId !== caseId || !matches(alert)) continue;
        Object.assign(alert, changed);
        touched.add(alert.alertId);
        updated.push({ ...alert });
      }
      return updated;
    };
    const resolve = (caseId: string, kind: AlertKind, at: string, resolution: AlertResolution) => {
      const unresolved = (alert: AlertView) => alert.kind === kind && alert.status !== 'RESOLVED';
      // Most such events (every check-in) find nothing to resolve: spell the time only when one does.
      if (!(byCase.get(caseId) ?? []).some(unresolved)) return [];
      return update(caseId, unresolved, { status: 'RESOLVED', resolution, updatedAt: canonicalInstant(at) });
    };
    const raise = (raised: RaisedAlert): AlertView => {
      const detectedAt = canonicalInstant(raised.detectedAt);
      const alert: AlertView = {
        ...raised,
        dueAt: canonicalInstant(raised.dueAt),
        detectedAt,
        status: 'RAISED',
        updatedAt: detectedAt,
      };
      const existing = alerts.get(alert.alertId);
      if (existing) {
        // The row is overwritten whole, as the insert's ON CONFLICT does; it may move to this case.
        byCase.set(
          existing.caseId,
          (byCase.get(existing.caseId) ?? []).filter((other) => other !== existing),
        );
      }
      keep(alert);
      touched.add(alert.alertId);
      return { ...alert };
    };

    // Made once, not once a change: a rebuild applies hundreds of thousands of changes.
    const noted = (change: CaseChange, changed: AlertView[]) => {
      for (const alert of changed) change.changedAlertIds?.add(alert.alertId);
      return changed;
    };
    /** Resolves the case's open RCA-overdue alert (at most one: the current detention's). */
    const resolveRca = (change: CaseChange, at: string, resolution: AlertResolution): OutboxMessage[] => {
      const { caseId, before } = change;
      const resolved = noted(change, resolve(caseId, 'RCA_OVERDUE', at, resolution));
      const bookedInAt = before.opened ? before.detention?.bookedInAt : undefined;
      if (bookedInAt === undefined) return [];
      return resolved.map((alert) =>
        rcaOverdueAlertMessage({ ...alert, status: 'RESOLVED' }, bookedInAt, change.message.correlationId),
      );
    };
    /** Resolves the case's open suspected-absconding alert (at most one: the open suspicion's). */
    const resolveSuspicion = (
      change: CaseChange,
      at: string,
      resolution: AlertResolution,
    ): OutboxMessage[] => {
      const { caseId, before } = change;
      const resolved = noted(change, resolve(caseId, 'SUSPECTED_ABSCONDING', at, resolution));
      const suspicion = before.opened ? before.supervision?.abscondingSuspicion : undefined;
      if (!suspicion) return [];
      return resolved.map((alert) =>
        suspectedAbscondingAlertMessage(
          { ...alert, status: 'RESOLVED' },
          suspicion,
          change.message.correlationId,
        ),
      );
    };

    const messages: OutboxMessage[] = [];
    for (const change of changes) {
      const { caseId, event, before, after } = change;
      if (!after.opened) continue;
      const correlationId = change.message.correlationId;
      switch (event.type) {
        case 'CheckInMissed': {
          // One open alert per case: a further miss raises the open one again with its new count.
          const alert = missedCheckInAlert(caseId, event, after, actingOfficer, policyVersionOf(change));
          const { dueAt, detectedAt, consecutiveMisses, severity, actingOfficerId, policyVersion } = alert;
          const raisedAgain = update(caseId, isOpenMissedCheckIn, {
            status: 'RAISED',
            dueAt: canonicalInstant(dueAt),
            detectedAt: canonicalInstant(detectedAt),
            consecutiveMisses,
            severity,
            actingOfficerId,
            policyVersion,
            updatedAt: canonicalInstant(detectedAt),
          });
          const changed = noted(change, raisedAgain.length > 0 ? raisedAgain : [raise(alert)]);
          messages.push(...changed.flatMap((raised) => missedCheckInAlertMessages(raised, correlationId)));
          break;
        }
        case 'RiskClassificationOverdue': {
          // It names the version the due time was decided under, at booking, not the one in effect now.
          const version = rcaRuleVersion(caseId, event.data.dueAt) ?? policyVersionOf(change);
          const [raised] = noted(change, [
            raise(rcaOverdueAlert(caseId, event, after, actingOfficer, version)),
          ]);
          messages.push(
            rcaOverdueAlertMessage({ ...raised, status: 'RAISED' }, event.data.bookedInAt, correlationId),
          );
          break;
        }
        case 'MissedCheckInAcknowledged': {
          // Decide accepted it for the case's open alert, the one here (histories that named one
          // alert per miss acknowledged the latest id, which a rebuild has folded into the first).
          const acknowledged = noted(
            change,
            update(
              caseId,
              (alert) =>
                isOpenMissedCheckIn(alert) && (alert.status === 'RAISED' || alert.status === 'ESCALATED'),
              { status: 'ACKNOWLEDGED', updatedAt: canonicalInstant(event.data.acknowledgedAt) },
            ),
          );
          messages.push(...acknowledged.flatMap((alert) => missedCheckInAlertMessages(alert, correlationId)));
          break;
        }
        case 'MissedCheckInAlertEscalated': {
          // Nobody acknowledged it in its window: it is now in front of the next level.
          const escalated = noted(
            change,
            update(caseId, (alert) => isOpenMissedCheckIn(alert) && alert.status !== 'ACKNOWLEDGED', {
              status: 'ESCALATED',
              escalationLevel: event.data.level,
              updatedAt: canonicalInstant(event.data.escalatedAt),
            }),
          );
          messages.push(...escalated.flatMap((alert) => missedCheckInAlertMessages(alert, correlationId)));
          break;
        }
        case 'MissedCheckInVoided': {
          const resolved = noted(
            change,
            resolve(caseId, 'MISSED_CHECK_IN', event.data.voidedAt, 'RECORDED_LATE'),
          );
          messages.push(...resolved.flatMap((alert) => missedCheckInAlertMessages(alert, correlationId)));
          break;
        }
        case 'CheckInRecorded':
        case 'DetentionBooked':
        case 'SubjectRemoved':
        case 'CaseClosed': {
          const [at, resolution] = resolvedBy(event);
          const resolved = noted(change, resolve(caseId, 'MISSED_CHECK_IN', at, resolution));
          messages.push(...resolved.flatMap((alert) => missedCheckInAlertMessages(alert, correlationId)));
          messages.push(...resolveSuspicion(change, at, resolution));
          if (event.type === 'SubjectRemoved' || event.type === 'CaseClosed')
            messages.push(...resolveRca(change, at, resolution));
          break;
        }
        case 'RiskClassificationCompleted':
          messages.push(...resolveRca(change, event.data.completedAt, 'RCA_COMPLETED'));
          break;
        case 'SubjectReleased': {
          // The detention ended: its RCA is no longer owed.
          messages.push(...resolveRca(change, event.data.releasedAt, 'RELEASED'));
          if (before.opened) {
            const released = releaseOverrideAlertMessage(event.data, before, correlationId);
            if (released) messages.push(released);
          }
          break;
        }
        case 'AbscondingSuspected': {
          // For the office's supervisors: no acting officer.
          const { alertId, missedDueAt, suspectedAt, consecutiveMisses } = event.data;
          const [raised] = noted(change, [
            raise({
              alertId,
              kind: 'SUSPECTED_ABSCONDING',
              caseId,
              officeId: after.officeId,
              officerId: after.officerId,
              dueAt: missedDueAt,
              detectedAt: suspectedAt,
              consecutiveMisses,
              severity: null,
              actingOfficerId: null,
              escalationLevel: null,
              resolution: null,
              policyVersion: policyVersionOf(change),
            }),
          ]);
          messages.push(
            suspectedAbscondingAlertMessage({ ...raised, status: 'RAISED' }, event.data, correlationId),
          );
          break;
        }
        case 'AbscondingDetermined': {
          const at = event.data.determinedAt;
          messages.push(...resolveSuspicion(change, at, 'ABSCONDING_DETERMINED'));
          if (event.data.decision === 'ABSCONDED') {
            // Supervision ended: the missed check-ins are now the referral's business.
            const resolved = noted(change, resolve(caseId, 'MISSED_CHECK_IN', at, 'ABSCONDING_DETERMINED'));
            messages.push(...resolved.flatMap((alert) => missedCheckInAlertMessages(alert, correlationId)));
            const referral = before.opened
              ? absconderReferralMessage(event.data, before, correlationId, policyVersionOf(change))
              : undefined;
            if (referral) messages.push(referral);
          }
          break;
        }
        case 'CaseReassigned':
        case 'TransferAccepted':
          // Open alerts follow the case to its new office and officer; resolved ones stay where they were handled.
          noted(
            change,
            update(caseId, (alert) => alert.status !== 'RESOLVED', {
              officeId: event.data.toOfficeId,
              officerId: event.data.toOfficerId,
              actingOfficerId: event.data.toOfficerId,
            }),
          );
          // A suspicion stays with the (new) office's supervisors.
          update(caseId, (alert) => alert.kind === 'SUSPECTED_ABSCONDING' && alert.status !== 'RESOLVED', {
            actingOfficerId: null,
          });
          break;
        default:
          break;
      }
    }
    if (touched.size > 0)
      await saveAlerts(
        manager,
        [...touched].map((alertId) => alerts.get(alertId) as AlertView),
      );
    if (live && messages.length > 0) await writeOutbox(manager, messages);
  }

  /**
   * Escalations are case events (MissedCheckInAlertEscalated) now; histories from before that kept
   * them only in the deadlines table. After a rebuild replayed the history, every alert whose
   * old-style acknowledgement deadline for its latest miss fired, and that was not acknowledged or
   * resolved since, is escalated again (to SUPERVISOR, the one level there was). Deadlines written
   * before one alert per case are named by the alert alone; such a deadline counts when it fell
   * after the alert's latest detection.
   */
  async finishRebuild(manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE alerts SET status = 'ESCALATED', escalation_level = 'SUPERVISOR', updated_at = d.settled_at
       FROM public.deadlines d
       WHERE d.kind = 'ALERT_ACK' AND d.status = 'FIRED' AND d.alert_id = alerts.alert_id
         AND alerts.status = 'RAISED'
         AND (d.deadline_id = 'ALERT_ACK:' || alerts.alert_id || ':' || alerts.consecutive_misses
              OR (d.deadline_id = 'ALERT_ACK:' || alerts.alert_id AND d.due_at > alerts.detected_at))`,
    );
  }
}

/** The alert a missed check-in raises, the same in the live projection and in a rebuild. */
function missedCheckInAlert(
  caseId: string,
  event: Extract<CaseEvent, { type: 'CheckInMissed' }>,
  after: OpenedCaseState,
  actingOfficer: ActingOfficer,
  policyVersion: number | null,
): RaisedAlert {
  const { alertId, dueAt, detectedAt, consecutiveMisses } = event.data;
  return {
    alertId,
    kind: 'MISSED_CHECK_IN',
    caseId,
    officeId: after.officeId,
    officerId: after.officerId,
    dueAt,
    detectedAt,
    consecutiveMisses,
    actingOfficerId: actingOfficer(after.officerId, detectedAt),
    escalationLevel: 'OFFICER',
    resolution: null,
    policyVersion,
    severity: missedCheckInSeverity(
      consecutiveMisses,
      after.latestRiskClassification?.flightRisk,
      priorityFlagsOf(after).length > 0,
    ),
  };
}

/** The alert an overdue risk classification raises, the same in the live projection and in a rebuild. */
function rcaOverdueAlert(
  caseId: string,
  event: Extract<CaseEvent, { type: 'RiskClassificationOverdue' }>,
  after: OpenedCaseState,
  actingOfficer: ActingOfficer,
  policyVersion: number | null,
): RaisedAlert {
  const { alertId, dueAt, detectedAt } = event.data;
  return {
    alertId,
    kind: 'RCA_OVERDUE',
    caseId,
    officeId: after.officeId,
    officerId: after.officerId,
    dueAt,
    detectedAt,
    consecutiveMisses: null,
    severity: null,
    actingOfficerId: actingOfficer(after.officerId, detectedAt),
    escalationLevel: null,
    resolution: null,
    policyVersion,
  };
}

/** The policy version the change's event was decided under; null before policies were published. */
function policyVersionOf(change: CaseChange): number | null {
  return change.message.policyVersion ?? null;
}

/**
 * The policy version each RCA deadline was computed under (public.deadlines, kept by the live
 * projector with the booking's version and never rewritten once fired), by case and due time.
 */
async function rcaDeadlineVersions(
  manager: EntityManager,
  deadlines: { caseId: string; dueAt: string }[],
): Promise<(caseId: string, dueAt: string) => number | null> {
  const idOf = (caseId: string, dueAt: string) => `RCA:${caseId}:${canonicalInstant(dueAt)}`;
  if (deadlines.length === 0) return () => null;
  const rows: { deadline_id: string; policy_version: number | null }[] = await manager.query(
    `SELECT deadline_id, policy_version FROM public.deadlines WHERE deadline_id = ANY($1::text[])`,
    [deadlines.map(({ caseId, dueAt }) => idOf(caseId, dueAt))],
  );
  const versions = new Map(rows.map((row) => [row.deadline_id, row.policy_version]));
  return (caseId, dueAt) => versions.get(idOf(caseId, dueAt)) ?? null;
}

/** Who acts for `officerId` at `at`: themselves, their cover, or (null) the office's supervisors. */
type ActingOfficer = (officerId: string, at: string) => string | null;

/**
 * The absences of these officers (roster facts, kept whole: a row's end only ever moves earlier),
 * as a lookup of who acted for each at a given time, so a rebuild names the acting officer the
 * live projection named.
 */
async function actingOfficers(manager: EntityManager, officerIds: string[]): Promise<ActingOfficer> {
  if (officerIds.length === 0) return (officerId) => officerId;
  const absences: {
    officer_id: string;
    covering_officer_id: string | null;
    starts_at: Date;
    ends_at: Date | null;
  }[] = await manager.query(
    `SELECT officer_id, covering_officer_id, starts_at, ends_at FROM public.officer_absences
     WHERE officer_id = ANY($1::text[])`,
    [[...new Set(officerIds)]],
  );
  return (officerId, at) => {
    const time = epochMsOf(at);
    const absence = absences.find(
      (row) =>
        row.officer_id === officerId &&
        row.starts_at.getTime() <= time &&
        (row.ends_at === null || row.ends_at.getTime() > time),
    );
    return absence ? absence.covering_officer_id : officerId;
  };
}

type RaisedAlert = Omit<AlertView, 'status' | 'updatedAt'>;

function isOpenMissedCheckIn(alert: AlertView): boolean {
  return alert.kind === 'MISSED_CHECK_IN' && alert.status !== 'RESOLVED';
}

/** Writes the alerts back whole, inserting the new ones. */
async function saveAlerts(manager: EntityManager, alerts: AlertView[]): Promise<void> {
  const rows = alerts.map((alert) => ({
    alert_id: alert.alertId,
    kind: alert.kind,
    status: alert.status,
    case_id: alert.caseId,
    office_id: alert.officeId,
    officer_id: alert.officerId,
    due_at: alert.dueAt,
    detected_at: alert.detectedAt,
    consecutive_misses: alert.consecutiveMisses,
    severity: alert.severity,
    updated_at: alert.updatedAt,
    acting_officer_id: alert.actingOfficerId,
    acting_supervisors: alert.actingOfficerId === null,
    escalation_level: alert.escalationLevel,
    resolution: alert.resolution,
    policy_version: alert.policyVersion,
  }));
  await manager.query(
    `INSERT INTO alerts (${ALERT_COLUMNS})
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(alert_id text, kind text, status text, case_id uuid,
       office_id text, officer_id text, due_at timestamptz, detected_at timestamptz, consecutive_misses integer,
       severity text, updated_at timestamptz, acting_officer_id text, acting_supervisors boolean,
       escalation_level text, resolution text, policy_version integer)
     ON CONFLICT (alert_id) DO UPDATE SET kind = EXCLUDED.kind, status = EXCLUDED.status,
       case_id = EXCLUDED.case_id, office_id = EXCLUDED.office_id, officer_id = EXCLUDED.officer_id,
       due_at = EXCLUDED.due_at, detected_at = EXCLUDED.detected_at,
       consecutive_misses = EXCLUDED.consecutive_misses, severity = EXCLUDED.severity,
       updated_at = EXCLUDED.updated_at, acting_officer_id = EXCLUDED.acting_officer_id,
       acting_supervisors = EXCLUDED.acting_supervisors, escalation_level = EXCLUDED.escalation_level,
       resolution = EXCLUDED.resolution, policy_version = EXCLUDED.policy_version`,
    [JSON.stringify(rows)],
  );
}

/** When and why a check-in, a detention, a removal or a closure resolves the case's open alerts. */
function resolvedBy(
  event: Extract<
    CaseEvent,
    { type: 'CheckInRecorded' | 'DetentionBooked' | 'SubjectRemoved' | 'CaseClosed' }
  >,
): [string, AlertResolution] {
  switch (event.type) {
    case 'CheckInRecorded':
      return [event.data.checkedInAt, 'CHECKED_IN'];
    case 'DetentionBooked':
      return [event.data.bookedInAt, 'DETAINED'];
    case 'SubjectRemoved':
      return [event.data.removedAt, 'REMOVED'];
    case 'CaseClosed':
      return [event.data.closedAt, 'CASE_CLOSED'];
  }
}
