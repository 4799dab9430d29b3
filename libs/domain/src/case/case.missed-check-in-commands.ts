import type { MissedCheckInEscalationLevel, MissedCheckInExcusalReason } from './case.missed-check-in-events';

/** From the scheduler when the alert's acknowledgement window for the next level has passed. */
export interface EscalateMissedCheckInAlert {
  type: 'EscalateMissedCheckInAlert';
  data: { alertId: string; level: MissedCheckInEscalationLevel; consecutiveMisses: number };
}

export interface ExcuseMissedCheckIn {
  type: 'ExcuseMissedCheckIn';
  data: { dueAt: string; reasonCode: MissedCheckInExcusalReason; note: string; excusedAt: string };
}

export interface ReopenMissedCheckInExcusal {
  type: 'ReopenMissedCheckInExcusal';
  data: { dueAt: string; reason: string; reopenedAt: string };
}

export interface ConfirmMissedCheckIn {
  type: 'ConfirmMissedCheckIn';
  data: { dueAt: string; confirmedAt: string };
}

export type MissedCheckInCommand =
  EscalateMissedCheckInAlert | ExcuseMissedCheckIn | ReopenMissedCheckInExcusal | ConfirmMissedCheckIn;
