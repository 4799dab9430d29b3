// The value lists are the domain's own: one list, one place.
import type {
  AbscondingBasis,
  MissedCheckInEscalationLevel,
  OverrideReasonCode,
  RcaRecommendation,
} from '@casetrail/domain';

/*
 * The messages on the alert topics, for systems outside Casetrail. Every alert message is keyed by
 * caseId, so one case's alerts stay in order on one partition. Delivery is at least once: a
 * message may come twice, so consumers drop duplicates by (alertId, status) — on
 * `alerts.missed-check-in.v2` by (alertId, status, consecutiveMisses, escalationLevel).
 *
 * Alert messages carry ids, codes and times only — never a subject's name, A-number or date of
 * birth, and no free text that could contain them.
 */

/**
 * RAISED when detected; ACKNOWLEDGED by the officer; ESCALATED when nobody acknowledged it in time;
 * RESOLVED when the subject is back in contact or the deadline no longer applies. RESOLVED is final.
 */
export const ALERT_STATUSES = ['RAISED', 'ACKNOWLEDGED', 'ESCALATED', 'RESOLVED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * Why an alert was RESOLVED: the subject checked in; a check-in that met the deadline was entered
 * after the miss was recorded (RECORDED_LATE, the miss is voided); the subject was detained or
 * released (the deadline no longer applies); the RCA was done; the subject was removed; the case
 * was closed; a supervisor answered a suspected absconding (which also closes the case's
 * missed-check-in alert when the answer is ABSCONDED).
 */
export const ALERT_RESOLUTIONS = [
  'CHECKED_IN',
  'RECORDED_LATE',
  'DETAINED',
  'RELEASED',
  'RCA_COMPLETED',
  'REMOVED',
  'CASE_CLOSED',
  'ABSCONDING_DETERMINED',
] as const;
export type AlertResolution = (typeof ALERT_RESOLUTIONS)[number];

export const ALERT_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** On `alerts.missed-check-in.v1`: a supervised subject did not check in by the due time plus grace. */
export interface MissedCheckInAlertMessage {
  /** Derived from the deadline of the miss that raised it: the same deadline always gives the same id. */
  alertId: string;
  status: AlertStatus;
  caseId: string;
  /** The case's office and officer when the message was written. */
  officeId: string;
  officerId: string;
  /**
   * When the check-in was due.
   * @format date-time
   */
  dueAt: string;
  /**
   * When Casetrail recorded the miss.
   * @format date-time
   */
  detectedAt: string;
  /**
   * Misses in a row, this one included.
   * @asType integer
   * @minimum 1
   */
  consecutiveMisses: number;
  /**
   * 1 miss LOW, 2 MEDIUM, 3 or more HIGH; one level higher when the latest RCA rated the flight
   * risk HIGH, and one more when the case carries a priority flag (at most HIGH).
   */
  severity: AlertSeverity;
  /**
   * Who acts on the alert: `officerId`, or the officer covering their absence when the alert was
   * raised; null when they were away with nobody covering, and the office's supervisors act.
   */
  actingOfficerId: string | null;
  /**
   * The policy version the alert was raised under (its window, its thresholds); null for an alert
   * raised before any policy was published. A whole number.
   */
  policyVersion: number | null;
}

/**
 * On `alerts.missed-check-in.v2`: the same fields as v1, with one open alert per case. The first
 * miss raises it (its id derived from that deadline); each further miss while it is open sends it
 * RAISED again, with the latest `dueAt`, `detectedAt`, `consecutiveMisses` and `severity`. So one
 * alert may be RAISED (and ACKNOWLEDGED, ESCALATED) more than once: drop duplicates by
 * (alertId, status, consecutiveMisses, escalationLevel), which v1's (alertId, status) rule cannot
 * tell apart. Besides v1's fields it names the escalation level and why it was resolved.
 */
export interface MissedCheckInAlertMessageV2 extends MissedCheckInAlertMessage {
  /**
   * Who the alert is in front of: OFFICER when raised; each time nobody acknowledged it in its
   * window it is ESCALATED to SUPERVISOR, then DEPUTY_FIELD_OFFICE_DIRECTOR (a case event each,
   * `MissedCheckInAlertEscalated`). A further miss keeps the level reached.
   */
  escalationLevel: MissedCheckInEscalationLevel;
  /** Why it was RESOLVED (RECORDED_LATE: the miss was voided); null while it is not. */
  resolution: AlertResolution | null;
}

/** An RCA alert is raised and resolved; nobody acknowledges it, so it is never escalated. */
export type RcaOverdueAlertStatus = Extract<AlertStatus, 'RAISED' | 'RESOLVED'>;

/** On `alerts.rca-overdue.v1`: a detainee's Risk Classification Assessment was not done in its window. */
export interface RcaOverdueAlertMessage {
  /** Derived from the booking's RCA deadline. */
  alertId: string;
  status: RcaOverdueAlertStatus;
  caseId: string;
  officeId: string;
  officerId: string;
  /** @format date-time */
  bookedInAt: string;
  /**
   * bookedInAt + the RCA window (5 days).
   * @format date-time
   */
  dueAt: string;
  /**
   * When Casetrail recorded the RCA as overdue.
   * @format date-time
   */
  detectedAt: string;
  /**
   * Who acts on the alert: `officerId`, or the officer covering their absence when the alert was
   * raised; null when they were away with nobody covering, and the office's supervisors act.
   */
  actingOfficerId: string | null;
  /**
   * The policy version the alert was raised under (its window, its thresholds); null for an alert
   * raised before any policy was published. A whole number.
   */
  policyVersion: number | null;
}

/**
 * On `alerts.release-override.v1`, for the oversight office: a subject was released with a
 * supervisor-approved override of the RCA (against a DETAIN recommendation, or with no RCA done).
 * One message per such release. The override's
 * narrative stays in Casetrail (`GET /oversight/release-overrides`): it is free text about the
 * subject and may name them, so it does not leave on a topic every subscriber reads.
 */
export interface ReleaseOverrideAlertMessage {
  /** Derived from the case and the override request. */
  alertId: string;
  caseId: string;
  officeId: string;
  officerId: string;
  overrideRequestId: string;
  releaseType: 'BOND' | 'OWN_RECOGNIZANCE' | 'PAROLE' | 'ATD' | 'OTHER';
  /** @format date-time */
  releasedAt: string;
  /**
   * The latest RCA recommendation of the detention the release ended; null when none was done.
   * DETAIN or null is what makes an override necessary.
   */
  rcaRecommendation: RcaRecommendation | null;
  reasonCodes: OverrideReasonCode[];
  /** User ids of the requesting officer and the approving supervisor. */
  requestedBy: string;
  /** @format date-time */
  requestedAt: string;
  approvedBy: string;
  /** @format date-time */
  approvedAt: string;
}

/**
 * A suspicion is raised for the office's supervisors and resolved by their determination, a
 * check-in, an arrest or the case's end; nobody acknowledges it, so it is never escalated.
 */
export type SuspectedAbscondingAlertStatus = Extract<AlertStatus, 'RAISED' | 'RESOLVED'>;

/**
 * On `alerts.suspected-absconding.v1`, for the office's supervisors: a supervised subject's misses
 * crossed a threshold (misses in a row, or days without contact) and someone must determine whether
 * they absconded (`POST /cases/{caseId}/absconding-determinations`).
 */
export interface SuspectedAbscondingAlertMessage {
  /** Derived from the deadline of the miss that crossed the threshold. */
  alertId: string;
  status: SuspectedAbscondingAlertStatus;
  caseId: string;
  officeId: string;
  officerId: string;
  basis: AbscondingBasis;
  /**
   * Misses in a row when the suspicion was raised.
   * @asType integer
   * @minimum 1
   */
  consecutiveMisses: number;
  /**
   * The latest check-in, or the start of supervision when there was none.
   * @format date-time
   */
  lastContactAt: string;
  /**
   * The deadline of the miss that crossed the threshold.
   * @format date-time
   */
  dueAt: string;
  /**
   * When Casetrail raised the suspicion.
   * @format date-time
   */
  detectedAt: string;
  /**
   * The policy version whose thresholds the misses crossed; null for a suspicion raised before any
   * policy was published. A whole number.
   */
  policyVersion: number | null;
}

/**
 * On `alerts.absconder-referral.v1`, for the units that locate and arrest absconders: a supervisor
 * determined that a subject absconded, and the case is on the FUGITIVE docket until an arrest is
 * booked. One message per determination. The determination's narrative stays in Casetrail: it is
 * free text about the subject.
 */
export interface AbsconderReferralMessage {
  /** Derived from the suspicion the determination answered. */
  referralId: string;
  /** The suspected-absconding alert the determination answered. */
  alertId: string;
  caseId: string;
  officeId: string;
  officerId: string;
  basis: AbscondingBasis;
  /**
   * The latest check-in, or the start of supervision when there was none.
   * @format date-time
   */
  lastContactAt: string;
  /** The supervisor's user id. */
  determinedBy: string;
  /** @format date-time */
  determinedAt: string;
  /**
   * The policy version the determination was made under; null before any policy was published.
   * A whole number.
   */
  policyVersion: number | null;
}
