/*
 * After a missed check-in: the escalation of an alert nobody acknowledged, and how a recorded miss
 * ends — voided by a check-in entered late, excused (and perhaps reopened), or confirmed as a
 * violation. Each is a fact of the case's history with who and when.
 */

/**
 * Who a missed-check-in alert is in front of: the officer when raised, then (each time nobody
 * acknowledged it in its window) the office's supervisors, then the deputy field office director.
 */
export const MISSED_CHECK_IN_ESCALATION_LEVELS = [
  'OFFICER',
  'SUPERVISOR',
  'DEPUTY_FIELD_OFFICE_DIRECTOR',
] as const;
export type MissedCheckInEscalationLevel = (typeof MISSED_CHECK_IN_ESCALATION_LEVELS)[number];

/** The fixed list an officer excuses a missed check-in from (with a note). */
export const MISSED_CHECK_IN_EXCUSAL_REASONS = [
  'MEDICAL',
  'COURT_APPEARANCE',
  'OFFICE_CLOSED',
  'TRANSPORTATION',
  'OTHER',
] as const;
export type MissedCheckInExcusalReason = (typeof MISSED_CHECK_IN_EXCUSAL_REASONS)[number];

/** Why a recorded miss was voided: the check-in came in time but was entered after the miss. */
export const MISSED_CHECK_IN_VOID_REASONS = ['RECORDED_LATE'] as const;
export type MissedCheckInVoidReason = (typeof MISSED_CHECK_IN_VOID_REASONS)[number];

/**
 * Where a recorded miss stands: MISSED until it is voided (RECORDED_LATE), EXCUSED (a supervisor
 * may reopen it: MISSED again) or CONFIRMED as a violation. Only MISSED and CONFIRMED count in the
 * consecutive misses.
 */
export const MISSED_CHECK_IN_OUTCOMES = ['MISSED', 'RECORDED_LATE', 'EXCUSED', 'CONFIRMED'] as const;
export type MissedCheckInOutcome = (typeof MISSED_CHECK_IN_OUTCOMES)[number];

/** Appended by the scheduler when nobody acknowledged the alert within the level's window. */
export interface MissedCheckInAlertEscalated {
  type: 'MissedCheckInAlertEscalated';
  version: 1;
  data: {
    caseId: string;
    alertId: string;
    /** The level the alert is now at: never OFFICER, where every alert starts. */
    level: Exclude<MissedCheckInEscalationLevel, 'OFFICER'>;
    consecutiveMisses: number;
    escalatedAt: string;
  };
}

/** Appended with the CheckInRecorded that shows the subject checked in before the miss's deadline. */
export interface MissedCheckInVoided {
  type: 'MissedCheckInVoided';
  version: 1;
  data: {
    caseId: string;
    /** The deadline of the miss voided. */
    dueAt: string;
    reason: MissedCheckInVoidReason;
    /** The check-in that met the deadline. */
    checkedInAt: string;
    voidedBy: string;
    /** When the late entry was made (server time). */
    voidedAt: string;
  };
}

export interface MissedCheckInExcused {
  type: 'MissedCheckInExcused';
  version: 1;
  data: {
    caseId: string;
    dueAt: string;
    reasonCode: MissedCheckInExcusalReason;
    note: string;
    excusedBy: string;
    excusedAt: string;
  };
}

/** A supervisor takes an excusal back: the miss counts again. */
export interface MissedCheckInExcusalReopened {
  type: 'MissedCheckInExcusalReopened';
  version: 1;
  data: { caseId: string; dueAt: string; reason: string; reopenedBy: string; reopenedAt: string };
}

export interface MissedCheckInConfirmed {
  type: 'MissedCheckInConfirmed';
  version: 1;
  data: { caseId: string; dueAt: string; confirmedBy: string; confirmedAt: string };
}

export type MissedCheckInEvent =
  | MissedCheckInAlertEscalated
  | MissedCheckInVoided
  | MissedCheckInExcused
  | MissedCheckInExcusalReopened
  | MissedCheckInConfirmed;
