import { traceHeaders } from '@casetrail/observability/tracing';
import {
  HEADERS,
  TOPICS,
  type MissedCheckInAlertMessage,
  type MissedCheckInAlertMessageV2,
  type RcaOverdueAlertMessage,
  type RcaOverdueAlertStatus,
  type ReleaseOverrideAlertMessage,
} from '@casetrail/contracts';
import { canonicalInstant, type SubjectReleased } from '@casetrail/domain';
import type { OutboxMessage } from '@casetrail/event-store';
import type { AlertView } from './alert';

/*
 * The alert topics' messages, built from the alerts read model's rows (ids, codes and times: the
 * table holds no subject identity) or, for a release override, from the event without its narrative.
 * Each is keyed by caseId like the case's events, so a case's alerts stay in order on one partition.
 */

/**
 * One change of a missed-check-in alert, on v2 and, for its deprecation period, on v1 (whose
 * consumers drop a further miss's RAISED as a duplicate: the new count reaches them on v2 only).
 */
export function missedCheckInAlertMessages(alert: AlertView, correlationId: string): OutboxMessage[] {
  if (alert.consecutiveMisses === null || alert.severity === null)
    throw new Error(`missed-check-in alert ${alert.alertId} has no consecutive misses or severity`);
  const v1: MissedCheckInAlertMessage = {
    alertId: alert.alertId,
    status: alert.status,
    caseId: alert.caseId,
    officeId: alert.officeId,
    officerId: alert.officerId,
    dueAt: alert.dueAt,
    detectedAt: alert.detectedAt,
    consecutiveMisses: alert.consecutiveMisses,
    severity: alert.severity,
    actingOfficerId: alert.actingOfficerId,
    policyVersion: alert.policyVersion,
  };
  const v2: MissedCheckInAlertMessageV2 = {
    ...v1,
    escalationLevel: alert.escalationLevel ?? 'OFFICER',
    resolution: alert.resolution,
  };
  const headers = alertHeaders(correlationId);
  return [
    { topic: TOPICS.missedCheckInAlertsV2, key: alert.caseId, payload: v2, headers },
    { topic: TOPICS.missedCheckInAlerts, key: alert.caseId, payload: v1, headers },
  ];
}

export function rcaOverdueAlertMessage(
  alert: AlertView & { status: RcaOverdueAlertStatus },
  bookedInAt: string,
  correlationId: string,
): OutboxMessage {
  const payload: RcaOverdueAlertMessage = {
    alertId: alert.alertId,
    status: alert.status,
    caseId: alert.caseId,
    officeId: alert.officeId,
    officerId: alert.officerId,
    bookedInAt: canonicalInstant(bookedInAt),
    dueAt: alert.dueAt,
    detectedAt: alert.detectedAt,
    actingOfficerId: alert.actingOfficerId,
    policyVersion: alert.policyVersion,
  };
  return {
    topic: TOPICS.rcaOverdueAlerts,
    key: alert.caseId,
    payload,
    headers: alertHeaders(correlationId),
  };
}

/** One release-override alert per override request: a redelivered release gives the same id. */
export function releaseOverrideAlertId(caseId: string, overrideRequestId: string): string {
  return `rel:${caseId}:${overrideRequestId}`;
}

/**
 * The narrative is left out on purpose: it is free text about the subject (and may name them),
 * while the topic goes to every subscriber. Oversight reads it in Casetrail, by caseId.
 */
export function releaseOverrideAlertMessage(
  released: SubjectReleased['data'],
  holder: { officeId: string; officerId: string },
  correlationId: string,
): OutboxMessage | undefined {
  const { override, overrideRequestId } = released;
  if (!override || overrideRequestId === undefined) return undefined;
  const payload: ReleaseOverrideAlertMessage = {
    alertId: releaseOverrideAlertId(released.caseId, overrideRequestId),
    caseId: released.caseId,
    officeId: holder.officeId,
    officerId: holder.officerId,
    overrideRequestId,
    releaseType: released.releaseType,
    releasedAt: canonicalInstant(released.releasedAt),
    rcaRecommendation: released.rcaRecommendation,
    reasonCodes: [...override.reasonCodes],
    requestedBy: override.requestedBy,
    requestedAt: canonicalInstant(override.requestedAt),
    approvedBy: override.approvedBy,
    approvedAt: canonicalInstant(override.approvedAt),
  };
  return {
    topic: TOPICS.releaseOverrideAlerts,
    key: released.caseId,
    payload,
    headers: alertHeaders(correlationId),
  };
}

/**
 * An alert message carries the correlation id of the command behind it and the trace it is part
 * of (the projector's batch span, which continues the command's trace); no traceparent when off.
 */
/** An alert message's headers: its correlation id and, when tracing is on, the trace it is in. */
export function alertHeaders(correlationId: string): Record<string, string> {
  return { [HEADERS.correlationId]: correlationId, ...traceHeaders() };
}
