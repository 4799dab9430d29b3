import type {
  ConfirmMissedCheckIn,
  EscalateMissedCheckInAlert,
  ExcuseMissedCheckIn,
  ReopenMissedCheckInExcusal,
} from './case.missed-check-in-commands';
import type {
  MissedCheckInAlertEscalated,
  MissedCheckInConfirmed,
  MissedCheckInExcusalReopened,
  MissedCheckInExcused,
  MissedCheckInVoided,
} from './case.missed-check-in-events';
import { caseId, FIRST_CHECK_IN_DUE_AT } from './case.test-data';

/** The first miss's alert (see checkInMissed). */
export const ALERT_ID = `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`;
/** FIRST_CHECK_IN_MISSED_AT + the default first window (1 day): the alert goes to the supervisors. */
export const SUPERVISOR_ESCALATION_AT = '2026-12-02T09:00:00.000Z';
/** A day later again: the deputy field office director. */
export const DIRECTOR_ESCALATION_AT = '2026-12-03T09:00:00.000Z';
/** When the officer deals with the miss (after the scheduler recorded it). */
export const SETTLED_AT = '2026-12-01T12:00:00.000Z';
export const excusalNote =
  'The subject was admitted to hospital on the morning of the appointment; the discharge papers are on file at the office.';

export function missedCheckInAlertEscalated(
  data: Partial<MissedCheckInAlertEscalated['data']> = {},
): MissedCheckInAlertEscalated {
  return {
    type: 'MissedCheckInAlertEscalated',
    version: 1,
    data: {
      caseId,
      alertId: ALERT_ID,
      level: 'SUPERVISOR',
      consecutiveMisses: 1,
      escalatedAt: SUPERVISOR_ESCALATION_AT,
      ...data,
    },
  };
}

export function missedCheckInVoided(data: Partial<MissedCheckInVoided['data']> = {}): MissedCheckInVoided {
  return {
    type: 'MissedCheckInVoided',
    version: 1,
    data: {
      caseId,
      dueAt: FIRST_CHECK_IN_DUE_AT,
      reason: 'RECORDED_LATE',
      checkedInAt: '2026-11-30T08:30:00.000Z',
      voidedBy: 'officer-1',
      voidedAt: SETTLED_AT,
      ...data,
    },
  };
}

export function missedCheckInExcused(data: Partial<MissedCheckInExcused['data']> = {}): MissedCheckInExcused {
  return {
    type: 'MissedCheckInExcused',
    version: 1,
    data: {
      caseId,
      dueAt: FIRST_CHECK_IN_DUE_AT,
      reasonCode: 'MEDICAL',
      note: excusalNote,
      excusedBy: 'officer-1',
      excusedAt: SETTLED_AT,
      ...data,
    },
  };
}

export function missedCheckInExcusalReopened(
  data: Partial<MissedCheckInExcusalReopened['data']> = {},
): MissedCheckInExcusalReopened {
  return {
    type: 'MissedCheckInExcusalReopened',
    version: 1,
    data: {
      caseId,
      dueAt: FIRST_CHECK_IN_DUE_AT,
      reason: 'The hospital has no record of the admission.',
      reopenedBy: 'supervisor-1',
      reopenedAt: '2026-12-01T15:00:00.000Z',
      ...data,
    },
  };
}

export function missedCheckInConfirmed(
  data: Partial<MissedCheckInConfirmed['data']> = {},
): MissedCheckInConfirmed {
  return {
    type: 'MissedCheckInConfirmed',
    version: 1,
    data: {
      caseId,
      dueAt: FIRST_CHECK_IN_DUE_AT,
      confirmedBy: 'officer-1',
      confirmedAt: SETTLED_AT,
      ...data,
    },
  };
}

export function escalateMissedCheckInAlert(
  data: Partial<EscalateMissedCheckInAlert['data']> = {},
): EscalateMissedCheckInAlert {
  return {
    type: 'EscalateMissedCheckInAlert',
    data: { alertId: ALERT_ID, level: 'SUPERVISOR', consecutiveMisses: 1, ...data },
  };
}

export function excuseMissedCheckIn(data: Partial<ExcuseMissedCheckIn['data']> = {}): ExcuseMissedCheckIn {
  return {
    type: 'ExcuseMissedCheckIn',
    data: {
      dueAt: FIRST_CHECK_IN_DUE_AT,
      reasonCode: 'MEDICAL',
      note: excusalNote,
      excusedAt: SETTLED_AT,
      ...data,
    },
  };
}

export function reopenMissedCheckInExcusal(
  data: Partial<ReopenMissedCheckInExcusal['data']> = {},
): ReopenMissedCheckInExcusal {
  return {
    type: 'ReopenMissedCheckInExcusal',
    data: {
      dueAt: FIRST_CHECK_IN_DUE_AT,
      reason: 'The hospital has no record of the admission.',
      reopenedAt: '2026-12-01T15:00:00.000Z',
      ...data,
    },
  };
}

export function confirmMissedCheckIn(data: Partial<ConfirmMissedCheckIn['data']> = {}): ConfirmMissedCheckIn {
  return {
    type: 'ConfirmMissedCheckIn',
    data: { dueAt: FIRST_CHECK_IN_DUE_AT, confirmedAt: SETTLED_AT, ...data },
  };
}
