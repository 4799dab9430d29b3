import type { AbscondingEvent } from './case.absconding-events';
import type { DocketEvent } from './case.docket-events';
import type { TransferEvent } from './case.transfers';
import type { MissedCheckInEvent } from './case.missed-check-in-events';

/**
 * Every fact that can happen to a case. Past tense, tagged by `type`, versioned by `version`.
 * Identity and time live in the event data (times are ISO 8601 strings); who/when/correlation
 * metadata is added by the event store at the edge.
 *
 * The value lists below are the single source of the allowed values: the HTTP DTOs validate with
 * `@IsIn(LIST)` and the types are derived from the same lists.
 */
export const DOCKETS = ['PENDING', 'DETAINED', 'NON_DETAINED', 'CLOSED', 'FUGITIVE'] as const;
export type Docket = (typeof DOCKETS)[number];

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RCA_RECOMMENDATIONS = ['DETAIN', 'RELEASE', 'RELEASE_ON_ATD', 'SUPERVISOR_REVIEW'] as const;
export type RcaRecommendation = (typeof RCA_RECOMMENDATIONS)[number];

/** The fixed list a release against the RCA must be justified from (with a narrative). */
export const OVERRIDE_REASON_CODES = [
  'MEDICAL_CONDITION',
  'HUMANITARIAN',
  'PRIMARY_CAREGIVER',
  'COURT_ORDER',
  'DETENTION_CAPACITY',
  'COOPERATING_WITNESS',
  'OTHER',
] as const;
export type OverrideReasonCode = (typeof OVERRIDE_REASON_CODES)[number];

export const OVERRIDE_DECISIONS = ['APPROVED', 'REJECTED'] as const;
export type OverrideDecision = (typeof OVERRIDE_DECISIONS)[number];

export const RELEASE_TYPES = ['BOND', 'OWN_RECOGNIZANCE', 'PAROLE', 'ATD', 'OTHER'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export const CHECK_IN_METHODS = ['IN_PERSON', 'PHONE', 'APP', 'HOME_VISIT'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

export const DETAINER_RESPONSES = ['HONORED', 'DECLINED'] as const;
export type DetainerResponse = (typeof DETAINER_RESPONSES)[number];

export const REMOVAL_FAILURE_REASONS = [
  'TRAVEL_DOCUMENTS_REFUSED',
  'SUBJECT_ABSENT',
  'STAY_GRANTED',
  'MEDICAL',
  'OTHER',
] as const;
export type RemovalFailureReason = (typeof REMOVAL_FAILURE_REASONS)[number];

export const CLOSURE_REASONS = ['RELIEF_GRANTED', 'PROCEEDINGS_TERMINATED', 'DECEASED', 'OTHER'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export interface SubjectIdentity {
  givenName: string;
  familyName: string;
  /** Alien registration number, e.g. "A123456789". Personal data. */
  aNumber: string;
  /** ISO date (YYYY-MM-DD). Personal data. */
  dateOfBirth: string;
  countryOfCitizenship: string;
}

/** How often a released subject reports, and how late a report may be before it counts as missed. */
export interface CheckInCadence {
  /** Whole days between check-ins, ≥ 1. */
  intervalDays: number;
  /** Hours after a due time before the check-in counts as missed, ≥ 0. */
  graceHours: number;
}

export interface CheckInPlan extends CheckInCadence {
  firstDueAt: string;
}

/** A cadence as a command may give it: without a grace, the policy's default grace applies. */
export type RequestedCheckInCadence = Omit<CheckInCadence, 'graceHours'> & { graceHours?: number };

export type RequestedCheckInPlan = Omit<CheckInPlan, 'graceHours'> & { graceHours?: number };

export interface CaseOpened {
  type: 'CaseOpened';
  version: 1;
  data: { caseId: string; officeId: string; officerId: string; subject: SubjectIdentity; openedAt: string };
}

export interface DetentionBooked {
  type: 'DetentionBooked';
  version: 1;
  data: { caseId: string; facilityId: string; bookedInAt: string; riskClassificationDueAt: string };
}

export interface RiskClassificationCompleted {
  type: 'RiskClassificationCompleted';
  version: 1;
  data: {
    caseId: string;
    publicSafetyRisk: RiskLevel;
    flightRisk: RiskLevel;
    specialVulnerabilities: string[];
    recommendation: RcaRecommendation;
    completedAt: string;
    assessedBy: string;
  };
}

/** Recorded by the scheduler when a booking's RCA deadline passes with no RCA done. */
export interface RiskClassificationOverdue {
  type: 'RiskClassificationOverdue';
  version: 1;
  data: { caseId: string; alertId: string; bookedInAt: string; dueAt: string; detectedAt: string };
}

export interface ReleaseOverrideRequested {
  type: 'ReleaseOverrideRequested';
  version: 1;
  data: {
    caseId: string;
    requestId: string;
    reasonCodes: OverrideReasonCode[];
    /** Trimmed; at least OVERRIDE_NARRATIVE_MIN_LENGTH characters. */
    narrative: string;
    requestedBy: string;
    requestedAt: string;
  };
}

export interface ReleaseOverrideDecided {
  type: 'ReleaseOverrideDecided';
  version: 1;
  data: {
    caseId: string;
    requestId: string;
    decision: OverrideDecision;
    decidedBy: string;
    decidedAt: string;
    comment?: string;
  };
}

/** The justification of a release against the RCA, copied in so oversight reads one event. */
export interface ReleaseOverrideJustification {
  reasonCodes: OverrideReasonCode[];
  narrative: string;
  requestedBy: string;
  requestedAt: string;
  approvedBy: string;
  approvedAt: string;
}

export interface SubjectReleased {
  type: 'SubjectReleased';
  version: 1;
  data: {
    caseId: string;
    releaseType: ReleaseType;
    releasedAt: string;
    releasedBy: string;
    checkInPlan: CheckInPlan;
    /** The latest RCA recommendation of the detention that ends here; null when none was done. */
    rcaRecommendation: RcaRecommendation | null;
    /** Present, together with `override`, when the release used an approved override. */
    overrideRequestId?: string;
    override?: ReleaseOverrideJustification;
  };
}

export interface CheckInScheduleChanged {
  type: 'CheckInScheduleChanged';
  version: 1;
  data: CheckInCadence & { caseId: string; nextDueAt: string; changedBy: string; changedAt: string };
}

export interface CheckInRecorded {
  type: 'CheckInRecorded';
  version: 1;
  data: {
    caseId: string;
    checkedInAt: string;
    method: CheckInMethod;
    recordedBy: string;
    /** checkedInAt + intervalDays: the deadline this check-in sets. */
    nextDueAt: string;
  };
}

/** Recorded by the scheduler once per deadline when no check-in came by dueAt + grace. */
export interface CheckInMissed {
  type: 'CheckInMissed';
  version: 1;
  data: {
    caseId: string;
    /**
     * The case's open missed-check-in alert, which this miss raises again; when none is open,
     * missedCheckInAlertId(caseId, dueAt): the same deadline always gives the same alert.
     */
    alertId: string;
    dueAt: string;
    detectedAt: string;
    consecutiveMisses: number;
    /** dueAt + intervalDays: the deadline after this one. */
    nextDueAt: string;
  };
}

export interface MissedCheckInAcknowledged {
  type: 'MissedCheckInAcknowledged';
  version: 1;
  data: { caseId: string; alertId: string; acknowledgedBy: string; acknowledgedAt: string };
}

export interface CaseReassigned {
  type: 'CaseReassigned';
  version: 1;
  data: {
    caseId: string;
    fromOfficeId: string;
    fromOfficerId: string;
    toOfficeId: string;
    toOfficerId: string;
    reason: string;
    reassignedBy: string;
    reassignedAt: string;
  };
}

export interface DetainerRequested {
  type: 'DetainerRequested';
  version: 1;
  data: {
    caseId: string;
    detainerId: string;
    jurisdictionId: string;
    requestedBy: string;
    requestedAt: string;
  };
}

export interface DetainerResponded {
  type: 'DetainerResponded';
  version: 1;
  data: {
    caseId: string;
    detainerId: string;
    /** Copied from the request so a per-jurisdiction view needs only this event. */
    jurisdictionId: string;
    response: DetainerResponse;
    recordedBy: string;
    respondedAt: string;
  };
}

export interface RemovalScheduled {
  type: 'RemovalScheduled';
  version: 1;
  data: {
    caseId: string;
    removalId?: string;
    /** A planned time: unlike the other times here it may lie in the future. */
    scheduledFor: string;
    destinationCountry: string;
    scheduledBy: string;
  };
}

export interface RemovalFailed {
  type: 'RemovalFailed';
  version: 1;
  data: {
    caseId: string;
    removalId?: string;
    reason: RemovalFailureReason;
    details?: string;
    failedAt: string;
    recordedBy: string;
  };
}

export interface SubjectRemoved {
  type: 'SubjectRemoved';
  version: 1;
  data: { caseId: string; removalId?: string; country: string; removedAt: string; recordedBy: string };
}

export interface CaseClosed {
  type: 'CaseClosed';
  version: 1;
  data: { caseId: string; reason: ClosureReason; closedAt: string; closedBy: string };
}

export type CaseEvent =
  | CaseOpened
  | DetentionBooked
  | RiskClassificationCompleted
  | RiskClassificationOverdue
  | ReleaseOverrideRequested
  | ReleaseOverrideDecided
  | SubjectReleased
  | CheckInScheduleChanged
  | CheckInRecorded
  | CheckInMissed
  | MissedCheckInAcknowledged
  | CaseReassigned
  | DetainerRequested
  | DetainerResponded
  | RemovalScheduled
  | RemovalFailed
  | SubjectRemoved
  | CaseClosed
  | DocketEvent
  | TransferEvent
  | MissedCheckInEvent
  | AbscondingEvent;
export type CaseEventType = CaseEvent['type'];

/** Keyed by type so the compiler insists every event type is listed. */
const EVENT_TYPES: Record<CaseEventType, true> = {
  CaseOpened: true,
  DetentionBooked: true,
  RiskClassificationCompleted: true,
  RiskClassificationOverdue: true,
  ReleaseOverrideRequested: true,
  ReleaseOverrideDecided: true,
  SubjectReleased: true,
  CheckInScheduleChanged: true,
  CheckInRecorded: true,
  CheckInMissed: true,
  MissedCheckInAcknowledged: true,
  CaseReassigned: true,
  DetainerRequested: true,
  DetainerResponded: true,
  RemovalScheduled: true,
  RemovalFailed: true,
  SubjectRemoved: true,
  CaseClosed: true,
  SubjectEnrolled: true,
  CustodyDeterminationRecorded: true,
  CaseFlagged: true,
  CaseFlagCleared: true,
  TransferRequested: true,
  TransferAccepted: true,
  TransferDeclined: true,
  TransferWithdrawn: true,
  MissedCheckInAlertEscalated: true,
  MissedCheckInVoided: true,
  MissedCheckInExcused: true,
  MissedCheckInExcusalReopened: true,
  MissedCheckInConfirmed: true,
  AbscondingSuspected: true,
  AbscondingDetermined: true,
};

/** Every event type, e.g. for a codec or a consumer that must refuse types it does not know. */
export const CASE_EVENT_TYPES: readonly CaseEventType[] = Object.freeze(
  Object.keys(EVENT_TYPES) as CaseEventType[],
);
