import {
  OVERRIDE_NARRATIVE_MIN_LENGTH,
  type CasePolicy,
  type DecisionContext,
  type RecordCheckIn,
} from './case.commands';
import type {
  ConfirmMissedCheckIn,
  EscalateMissedCheckInAlert,
  ExcuseMissedCheckIn,
  MissedCheckInCommand,
  ReopenMissedCheckInExcusal,
} from './case.missed-check-in-commands';
import { CaseRuleViolation } from './case.errors';
import {
  MISSED_CHECK_IN_ESCALATION_LEVELS,
  MISSED_CHECK_IN_EXCUSAL_REASONS,
  type MissedCheckInAlertEscalated,
  type MissedCheckInConfirmed,
  type MissedCheckInEscalationLevel,
  type MissedCheckInEvent,
  type MissedCheckInExcusalReopened,
  type MissedCheckInExcused,
  type MissedCheckInOutcome,
  type MissedCheckInVoided,
} from './case.missed-check-in-events';
import type { CaseState, MissedCheckInState, OpenedCaseState, SupervisionState } from './case.state';
import { addMs, canonicalInstant, DAY_MS, HOUR_MS, isAfter, isInstant } from './case.time';

/** The part of the case policy escalation reads; the scheduler's deadlines read the same. */
export type AlertEscalationPolicy = Pick<CasePolicy, 'alertEscalationWindowsMs' | 'priorityEscalationFactor'>;

export interface MissedCheckInEscalation {
  alertId: string;
  /** The level the alert escalates to. */
  level: Exclude<MissedCheckInEscalationLevel, 'OFFICER'>;
  /** The miss count the alert had when its window started: a further miss starts another. */
  consecutiveMisses: number;
  /** When the window ends: the escalation is due from then on. */
  dueAt: string;
}

/**
 * The next escalation of the case's open missed-check-in alert: none while it is acknowledged or
 * at the last level. The window of the level it is at runs from its latest miss or escalation,
 * shortened for a case with a priority flag. Decide and the scheduler's deadlines both use this.
 */
export function nextMissedCheckInEscalation(
  state: CaseState,
  policy: AlertEscalationPolicy,
): MissedCheckInEscalation | undefined {
  if (!state.opened || state.docket !== 'NON_DETAINED') return undefined;
  const alert = state.supervision?.openMissedCheckInAlert;
  if (!alert || alert.acknowledged) return undefined;
  const current = escalationLevelIndex(alert.escalationLevel ?? 'OFFICER');
  const level = MISSED_CHECK_IN_ESCALATION_LEVELS[current + 1];
  const windowMs = policy.alertEscalationWindowsMs[current];
  if (level === undefined || level === 'OFFICER' || windowMs === undefined) return undefined;
  const flagged = Object.keys(state.priorityFlags ?? {}).length > 0;
  const since =
    alert.escalatedAt !== undefined && isAfter(alert.escalatedAt, alert.detectedAt)
      ? alert.escalatedAt
      : alert.detectedAt;
  return {
    alertId: alert.alertId,
    level,
    consecutiveMisses: alert.consecutiveMisses,
    dueAt: addMs(since, Math.round(windowMs * (flagged ? policy.priorityEscalationFactor : 1))),
  };
}

export function escalationLevelIndex(level: string): number {
  return (MISSED_CHECK_IN_ESCALATION_LEVELS as readonly string[]).indexOf(level);
}

export function decideMissedCheckIn(
  command: MissedCheckInCommand,
  state: OpenedCaseState,
  context: DecisionContext,
): MissedCheckInEvent {
  switch (command.type) {
    case 'EscalateMissedCheckInAlert':
      return escalateMissedCheckInAlert(command, state, context);
    case 'ExcuseMissedCheckIn':
      return excuseMissedCheckIn(command, state, context);
    case 'ReopenMissedCheckInExcusal':
      return reopenMissedCheckInExcusal(command, state, context);
    case 'ConfirmMissedCheckIn':
      return confirmMissedCheckIn(command, state, context);
  }
}

function escalateMissedCheckInAlert(
  { data }: EscalateMissedCheckInAlert,
  state: OpenedCaseState,
  context: DecisionContext,
): MissedCheckInAlertEscalated {
  const alert = state.supervision?.openMissedCheckInAlert;
  if (!alert || alert.alertId !== data.alertId) throw new CaseRuleViolation('CASE.ALERT_NOT_FOUND');
  if (alert.acknowledged) throw new CaseRuleViolation('CASE.ALERT_ALREADY_ACKNOWLEDGED');
  if (escalationLevelIndex(data.level) <= escalationLevelIndex(alert.escalationLevel ?? 'OFFICER'))
    throw new CaseRuleViolation('CASE.ALERT_ALREADY_ESCALATED');
  const next = nextMissedCheckInEscalation(state, context.policy);
  // A level beyond the next one, or a window a further miss has since restarted.
  if (!next || next.level !== data.level || next.consecutiveMisses !== data.consecutiveMisses)
    throw new CaseRuleViolation('CASE.DEADLINE_NOT_CURRENT');
  if (isAfter(next.dueAt, context.now)) throw new CaseRuleViolation('CASE.DEADLINE_NOT_REACHED');
  return {
    type: 'MissedCheckInAlertEscalated',
    version: 1,
    data: {
      caseId: state.caseId,
      alertId: alert.alertId,
      level: next.level,
      consecutiveMisses: alert.consecutiveMisses,
      escalatedAt: context.now,
    },
  };
}

function excuseMissedCheckIn(
  { data }: ExcuseMissedCheckIn,
  state: OpenedCaseState,
  context: DecisionContext,
): MissedCheckInExcused {
  const miss = requireMiss(state, data.dueAt);
  if (miss.outcome !== 'MISSED') throw new CaseRuleViolation('CASE.MISS_NOT_OPEN');
  if (!(MISSED_CHECK_IN_EXCUSAL_REASONS as readonly string[]).includes(data.reasonCode))
    throw new CaseRuleViolation('CASE.EXCUSAL_REASON_UNKNOWN');
  const note = data.note.trim();
  if (note.length < OVERRIDE_NARRATIVE_MIN_LENGTH) throw new CaseRuleViolation('CASE.EXCUSAL_NOTE_TOO_SHORT');
  settledAfterMiss(data.excusedAt, miss, context);
  return {
    type: 'MissedCheckInExcused',
    version: 1,
    data: {
      caseId: state.caseId,
      dueAt: miss.dueAt,
      reasonCode: data.reasonCode,
      note,
      excusedBy: context.actor.userId,
      excusedAt: data.excusedAt,
    },
  };
}

function reopenMissedCheckInExcusal(
  { data }: ReopenMissedCheckInExcusal,
  state: OpenedCaseState,
  context: DecisionContext,
): MissedCheckInExcusalReopened {
  const miss = requireMiss(state, data.dueAt);
  if (context.actor.role !== 'SUPERVISOR') throw new CaseRuleViolation('CASE.SUPERVISOR_REQUIRED');
  if (miss.outcome !== 'EXCUSED') throw new CaseRuleViolation('CASE.MISS_NOT_EXCUSED');
  const reason = data.reason.trim();
  if (reason === '') throw new CaseRuleViolation('CASE.REASON_REQUIRED');
  settledAfterMiss(data.reopenedAt, miss, context);
  return {
    type: 'MissedCheckInExcusalReopened',
    version: 1,
    data: {
      caseId: state.caseId,
      dueAt: miss.dueAt,
      reason,
      reopenedBy: context.actor.userId,
      reopenedAt: data.reopenedAt,
    },
  };
}

function confirmMissedCheckIn(
  { data }: ConfirmMissedCheckIn,
  state: OpenedCaseState,
  context: DecisionContext,
): MissedCheckInConfirmed {
  const miss = requireMiss(state, data.dueAt);
  if (miss.outcome !== 'MISSED') throw new CaseRuleViolation('CASE.MISS_NOT_OPEN');
  settledAfterMiss(data.confirmedAt, miss, context);
  return {
    type: 'MissedCheckInConfirmed',
    version: 1,
    data: {
      caseId: state.caseId,
      dueAt: miss.dueAt,
      confirmedBy: context.actor.userId,
      confirmedAt: data.confirmedAt,
    },
  };
}

/**
 * The void a check-in brings when it met the latest recorded miss's deadline (by dueAt + grace,
 * within that deadline's period) but was entered after the scheduler recorded the miss. It goes
 * into the same append, before the CheckInRecorded.
 */
export function voidedByLateEntry(
  { data }: RecordCheckIn,
  state: OpenedCaseState,
  context: DecisionContext,
): MissedCheckInVoided | undefined {
  const latest = state.supervision?.lastMissedDueAt;
  const miss = latest === undefined ? undefined : state.missedCheckIns?.[canonicalInstant(latest)];
  if (!miss || miss.outcome !== 'MISSED') return undefined;
  const periodStart = addMs(miss.dueAt, -miss.intervalDays * DAY_MS);
  const inTime =
    isAfter(data.checkedInAt, periodStart) &&
    !isAfter(data.checkedInAt, addMs(miss.dueAt, miss.graceHours * HOUR_MS));
  if (!inTime) return undefined;
  return {
    type: 'MissedCheckInVoided',
    version: 1,
    data: {
      caseId: state.caseId,
      dueAt: miss.dueAt,
      reason: 'RECORDED_LATE',
      checkedInAt: data.checkedInAt,
      voidedBy: context.actor.userId,
      voidedAt: context.now,
    },
  };
}

function requireMiss(state: OpenedCaseState, dueAt: string): MissedCheckInState {
  const miss = isInstant(dueAt) ? state.missedCheckIns?.[canonicalInstant(dueAt)] : undefined;
  if (!miss) throw new CaseRuleViolation('CASE.MISS_NOT_FOUND');
  return miss;
}

/** A miss is settled at a business time not in the future and not before it was recorded. */
function settledAfterMiss(at: string, miss: MissedCheckInState, context: DecisionContext): void {
  if (!isInstant(at)) throw new CaseRuleViolation('CASE.TIME_INVALID');
  if (isAfter(at, context.now)) throw new CaseRuleViolation('CASE.TIME_IN_FUTURE');
  if (isAfter(miss.dueAt, at)) throw new CaseRuleViolation('CASE.TIME_INVALID');
}

/** A recorded miss, kept with the deadline's grace and interval so a late entry can void it. */
export function withMissRecorded(
  state: OpenedCaseState,
  supervision: SupervisionState,
  dueAt: string,
  detectedAt: string,
): OpenedCaseState {
  const key = canonicalInstant(dueAt);
  return {
    ...state,
    missedCheckIns: {
      ...state.missedCheckIns,
      [key]: {
        dueAt: key,
        detectedAt,
        graceHours: supervision.graceHours,
        intervalDays: supervision.intervalDays,
        outcome: 'MISSED',
      },
    },
  };
}

/** The outcomes a miss can change between, with what each does to the consecutive misses. */
const COUNTS: Record<MissedCheckInOutcome, number> = {
  MISSED: 1,
  CONFIRMED: 1,
  RECORDED_LATE: 0,
  EXCUSED: 0,
};

export function evolveMissedCheckIn(state: OpenedCaseState, event: MissedCheckInEvent): OpenedCaseState {
  switch (event.type) {
    case 'MissedCheckInAlertEscalated': {
      const alert = state.supervision?.openMissedCheckInAlert;
      if (!state.supervision || alert?.alertId !== event.data.alertId) return state;
      const { level, escalatedAt } = event.data;
      return {
        ...state,
        supervision: {
          ...state.supervision,
          openMissedCheckInAlert: { ...alert, escalationLevel: level, escalatedAt },
        },
      };
    }
    case 'MissedCheckInVoided': {
      const settled = settle(
        state,
        event.data.dueAt,
        'RECORDED_LATE',
        event.data.voidedBy,
        event.data.voidedAt,
      );
      // The alert the miss raised is resolved: the subject was in contact after all.
      if (!settled.supervision) return settled;
      const { openMissedCheckInAlert: _resolved, ...supervision } = settled.supervision;
      return { ...settled, supervision };
    }
    case 'MissedCheckInExcused': {
      const { dueAt, excusedBy, excusedAt, reasonCode } = event.data;
      return settle(state, dueAt, 'EXCUSED', excusedBy, excusedAt, reasonCode);
    }
    case 'MissedCheckInExcusalReopened':
      return settle(state, event.data.dueAt, 'MISSED', event.data.reopenedBy, event.data.reopenedAt);
    case 'MissedCheckInConfirmed':
      return settle(state, event.data.dueAt, 'CONFIRMED', event.data.confirmedBy, event.data.confirmedAt);
  }
}

/**
 * The miss moves to its new outcome; when it belongs to the current run of misses (after the
 * supervision began and the latest check-in), the consecutive misses follow what now counts.
 */
function settle(
  state: OpenedCaseState,
  dueAt: string,
  outcome: MissedCheckInOutcome,
  settledBy: string,
  settledAt: string,
  excusalReason?: MissedCheckInState['excusalReason'],
): OpenedCaseState {
  const key = canonicalInstant(dueAt);
  const miss = state.missedCheckIns?.[key];
  if (!miss) return state;
  const { excusalReason: _previous, ...rest } = miss;
  const settled: MissedCheckInState = {
    ...rest,
    outcome,
    settledBy,
    settledAt,
    ...(excusalReason === undefined ? {} : { excusalReason }),
  };
  const next: OpenedCaseState = { ...state, missedCheckIns: { ...state.missedCheckIns, [key]: settled } };
  const { supervision } = state;
  if (!supervision || !inCurrentRun(miss, supervision)) return next;
  const change = COUNTS[outcome] - COUNTS[miss.outcome];
  return {
    ...next,
    supervision: { ...supervision, consecutiveMisses: Math.max(0, supervision.consecutiveMisses + change) },
  };
}

function inCurrentRun(miss: MissedCheckInState, supervision: SupervisionState): boolean {
  const { startedAt, lastCheckIn } = supervision;
  return isAfter(miss.dueAt, startedAt) && (!lastCheckIn || isAfter(miss.dueAt, lastCheckIn.checkedInAt));
}
