import {
  TOPICS,
  type AbsconderReferralMessage,
  type SuspectedAbscondingAlertMessage,
  type SuspectedAbscondingAlertStatus,
} from '@casetrail/contracts';
import {
  canonicalInstant,
  type AbscondingDetermined,
  type AbscondingSuspicionState,
  type OpenedCaseState,
} from '@casetrail/domain';
import type { OutboxMessage } from '@casetrail/event-store';
import type { AlertView } from './alert';
import { alertHeaders } from './alert-messages';

/*
 * The absconding topics' messages: a suspicion's alert, built from the alerts row and the
 * suspicion it stands for (its basis and last contact are the case's, not the row's), and the
 * referral an ABSCONDED determination sends. Ids, codes and times only: the determination's
 * narrative stays in Casetrail. Keyed by caseId like every alert.
 */

export function suspectedAbscondingAlertMessage(
  alert: AlertView & { status: SuspectedAbscondingAlertStatus },
  suspicion: Pick<AbscondingSuspicionState, 'basis' | 'lastContactAt'>,
  correlationId: string,
): OutboxMessage {
  if (alert.consecutiveMisses === null)
    throw new Error(`suspected-absconding alert ${alert.alertId} has no consecutive misses`);
  const payload: SuspectedAbscondingAlertMessage = {
    alertId: alert.alertId,
    status: alert.status,
    caseId: alert.caseId,
    officeId: alert.officeId,
    officerId: alert.officerId,
    basis: suspicion.basis,
    consecutiveMisses: alert.consecutiveMisses,
    lastContactAt: canonicalInstant(suspicion.lastContactAt),
    dueAt: alert.dueAt,
    detectedAt: alert.detectedAt,
    policyVersion: alert.policyVersion,
  };
  return {
    topic: TOPICS.suspectedAbscondingAlerts,
    key: alert.caseId,
    payload,
    headers: alertHeaders(correlationId),
  };
}

/** The referral of an ABSCONDED determination; undefined for NOT_ABSCONDED. */
export function absconderReferralMessage(
  determined: AbscondingDetermined['data'],
  before: OpenedCaseState,
  correlationId: string,
  policyVersion: number | null,
): OutboxMessage | undefined {
  const suspicion = before.supervision?.abscondingSuspicion;
  if (determined.decision !== 'ABSCONDED' || !determined.referralId || !suspicion) return undefined;
  const payload: AbsconderReferralMessage = {
    referralId: determined.referralId,
    alertId: determined.alertId,
    caseId: determined.caseId,
    officeId: before.officeId,
    officerId: before.officerId,
    basis: suspicion.basis,
    lastContactAt: canonicalInstant(suspicion.lastContactAt),
    determinedBy: determined.determinedBy,
    determinedAt: canonicalInstant(determined.determinedAt),
    policyVersion,
  };
  return {
    topic: TOPICS.absconderReferrals,
    key: determined.caseId,
    payload,
    headers: alertHeaders(correlationId),
  };
}
