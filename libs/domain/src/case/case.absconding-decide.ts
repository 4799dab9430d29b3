import type { DetermineAbsconding } from './case.absconding-commands';
import type { AbscondingDetermined, AbscondingSuspected } from './case.absconding-events';
import { OVERRIDE_NARRATIVE_MIN_LENGTH, type CaseCommand, type DecisionContext } from './case.commands';
import { notInFuture } from './case.decide';
import { CaseRuleViolation } from './case.errors';
import type { CheckInMissed } from './case.events';
import type { OpenedCaseState } from './case.state';
import { canonicalInstant, DAY_MS, epochMsOf, isAfter } from './case.time';

/** Derived from the crossing miss's deadline, so a re-derived suspicion names the same alert. */
export function suspectedAbscondingAlertId(caseId: string, missedDueAt: string): string {
  return `abs:${caseId}:${canonicalInstant(missedDueAt)}`;
}

/** One referral per suspicion determined ABSCONDED. */
export function absconderReferralId(suspicionAlertId: string): string {
  return `ref:${suspicionAlertId}`;
}

/**
 * A miss that crosses a threshold (N misses in a row, or D days since the last contact) raises a
 * suspicion, unless one is open already: the supervisors have it in hand.
 */
export function abscondingSuspectedBy(
  missed: CheckInMissed,
  state: OpenedCaseState,
  context: DecisionContext,
): AbscondingSuspected[] {
  const supervision = state.supervision;
  if (!supervision || supervision.abscondingSuspicion) return [];
  const { consecutiveMisses, dueAt, detectedAt } = missed.data;
  const lastContactAt = supervision.lastCheckIn?.checkedInAt ?? supervision.startedAt;
  const { abscondingConsecutiveMisses, abscondingDaysWithoutContact } = context.policy;
  const daysWithoutContact = (epochMsOf(detectedAt) - epochMsOf(lastContactAt)) / DAY_MS;
  const basis =
    consecutiveMisses >= abscondingConsecutiveMisses
      ? 'CONSECUTIVE_MISSES'
      : daysWithoutContact >= abscondingDaysWithoutContact
        ? 'DAYS_WITHOUT_CONTACT'
        : undefined;
  if (!basis) return [];
  return [
    {
      type: 'AbscondingSuspected',
      version: 1,
      data: {
        caseId: state.caseId,
        alertId: suspectedAbscondingAlertId(state.caseId, dueAt),
        basis,
        consecutiveMisses,
        lastContactAt,
        missedDueAt: dueAt,
        suspectedAt: detectedAt,
      },
    },
  ];
}

/** A supervisor answers the open suspicion, with a narrative held to the override's floor. */
export function determineAbsconding(
  { data }: DetermineAbsconding,
  state: OpenedCaseState,
  context: DecisionContext,
): AbscondingDetermined {
  if (context.actor.role !== 'SUPERVISOR') throw new CaseRuleViolation('CASE.SUPERVISOR_REQUIRED');
  const suspicion = state.docket === 'NON_DETAINED' ? state.supervision?.abscondingSuspicion : undefined;
  if (!suspicion) throw new CaseRuleViolation('CASE.ABSCONDING_NOT_SUSPECTED');
  const narrative = data.narrative.trim();
  if (narrative.length < OVERRIDE_NARRATIVE_MIN_LENGTH)
    throw new CaseRuleViolation('CASE.ABSCONDING_NARRATIVE_TOO_SHORT');
  notInFuture(data.determinedAt, context);
  if (isAfter(suspicion.suspectedAt, data.determinedAt))
    throw new CaseRuleViolation('CASE.ABSCONDING_DETERMINED_BEFORE_SUSPECTED');
  return {
    type: 'AbscondingDetermined',
    version: 1,
    data: {
      caseId: state.caseId,
      alertId: suspicion.alertId,
      decision: data.decision,
      narrative,
      ...(data.decision === 'ABSCONDED' ? { referralId: absconderReferralId(suspicion.alertId) } : {}),
      determinedBy: context.actor.userId,
      determinedAt: data.determinedAt,
    },
  };
}

/**
 * While FUGITIVE nobody reports and nobody can be removed: check-ins and schedule changes wait for
 * a new supervision, and a removal needs the person in hand (book the arrest first). The case may
 * still be closed, reassigned, transferred, flagged, or given a detainer; a removal planned before
 * may be recorded as failed.
 */
const REFUSED_WHILE_FUGITIVE: ReadonlySet<CaseCommand['type']> = new Set([
  'RecordCheckIn',
  'ChangeCheckInSchedule',
  'ScheduleRemoval',
  'RecordRemoval',
]);

export function refuseWhileFugitive(command: CaseCommand, state: OpenedCaseState): void {
  if (state.docket === 'FUGITIVE' && REFUSED_WHILE_FUGITIVE.has(command.type))
    throw new CaseRuleViolation('CASE.FUGITIVE');
}
