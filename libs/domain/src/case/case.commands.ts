import type { AbscondingCommand } from './case.absconding-commands';
import type { DocketCommand } from './case.docket-commands';
import type {
  CheckInCadence,
  CheckInMethod,
  CheckInPlan,
  ClosureReason,
  DetainerResponse,
  OverrideDecision,
  OverrideReasonCode,
  RcaRecommendation,
  ReleaseType,
  RemovalFailureReason,
  RiskLevel,
  SubjectIdentity,
} from './case.events';
import type { TransferCommand } from './case.transfers';
import type { MissedCheckInCommand } from './case.missed-check-in-commands';

export type Role = 'OFFICER' | 'SUPERVISOR' | 'OVERSIGHT' | 'ADMIN';

export interface Actor {
  userId: string;
  role: Role;
}

/** Durations that operators may shorten for a demo; the defaults are the agency's rules. */
export interface CasePolicy {
  /** The Risk Classification Assessment is due this long after booking (5 days). */
  riskClassificationWindowMs: number;
  /**
   * The caseload one officer of a docket's unit should carry: what staffing is measured against
   * (officers needed = ⌈cases ÷ target⌉).
   */
  targetCaseloadPerOfficer: { DETAINED: number; NON_DETAINED: number };
  /**
   * How long an unacknowledged missed-check-in alert stays at a level before it is escalated:
   * [officer → SUPERVISOR, SUPERVISOR → DEPUTY_FIELD_OFFICE_DIRECTOR] (1 day each).
   */
  alertEscalationWindowsMs: number[];
  /** A case with a priority flag escalates after this share of each window. */
  priorityEscalationFactor: number;
  /** A miss that makes this many in a row raises an absconding suspicion (3). */
  abscondingConsecutiveMisses: number;
  /** So does a miss this many days or more after the last contact (30). */
  abscondingDaysWithoutContact: number;
}

/** Priority-flagged cases escalate after half the window. */
export const PRIORITY_ESCALATION_FACTOR = 0.5;

export const DEFAULT_CASE_POLICY: CasePolicy = {
  riskClassificationWindowMs: 5 * 24 * 60 * 60 * 1000,
  targetCaseloadPerOfficer: { DETAINED: 100, NON_DETAINED: 1_000 },
  alertEscalationWindowsMs: [24 * 60 * 60 * 1000, 24 * 60 * 60 * 1000],
  priorityEscalationFactor: PRIORITY_ESCALATION_FACTOR,
  abscondingConsecutiveMisses: 3,
  abscondingDaysWithoutContact: 30,
};

/** A release override's narrative must say this much (after trimming) to count as a justification. */
export const OVERRIDE_NARRATIVE_MIN_LENGTH = 100;

/**
 * What every decision knows besides the command: who asks, and the time, both from the edge.
 * The actor becomes the `…By` field of the events an officer's command produces.
 */
export interface DecisionContext {
  actor: Actor;
  /** Server time of the decision, ISO 8601. */
  now: string;
  policy: CasePolicy;
}

export interface OpenCase {
  type: 'OpenCase';
  data: { caseId: string; officeId: string; officerId: string; subject: SubjectIdentity; openedAt: string };
}

export interface BookDetention {
  type: 'BookDetention';
  data: { facilityId: string; bookedInAt: string };
}

export interface CompleteRiskClassification {
  type: 'CompleteRiskClassification';
  data: {
    publicSafetyRisk: RiskLevel;
    flightRisk: RiskLevel;
    specialVulnerabilities: string[];
    recommendation: RcaRecommendation;
    completedAt: string;
  };
}

/** From the scheduler; the detection time is the decision's `now`. */
export interface RecordRiskClassificationOverdue {
  type: 'RecordRiskClassificationOverdue';
  data: { dueAt: string };
}

export interface RequestReleaseOverride {
  type: 'RequestReleaseOverride';
  data: { requestId: string; reasonCodes: OverrideReasonCode[]; narrative: string; requestedAt: string };
}

export interface DecideReleaseOverride {
  type: 'DecideReleaseOverride';
  data: { requestId: string; decision: OverrideDecision; decidedAt: string; comment?: string };
}

export interface ReleaseSubject {
  type: 'ReleaseSubject';
  data: {
    releaseType: ReleaseType;
    releasedAt: string;
    checkInPlan: CheckInPlan;
    overrideRequestId?: string;
  };
}

export interface ChangeCheckInSchedule {
  type: 'ChangeCheckInSchedule';
  data: CheckInCadence & { nextDueAt: string; changedAt: string };
}

export interface RecordCheckIn {
  type: 'RecordCheckIn';
  data: { checkedInAt: string; method: CheckInMethod };
}

/** From the scheduler; the detection time is the decision's `now`. */
export interface RecordMissedCheckIn {
  type: 'RecordMissedCheckIn';
  data: { dueAt: string };
}

export interface AcknowledgeMissedCheckIn {
  type: 'AcknowledgeMissedCheckIn';
  data: { alertId: string; acknowledgedAt: string };
}

export interface ReassignCase {
  type: 'ReassignCase';
  data: {
    toOfficeId: string;
    toOfficerId: string;
    /** The office whose roster lists `toOfficerId`, looked up at the edge; absent when no roster does. */
    toOfficerRosterOfficeId?: string;
    reason: string;
    reassignedAt: string;
  };
}

export interface RequestDetainer {
  type: 'RequestDetainer';
  data: { detainerId: string; jurisdictionId: string; requestedAt: string };
}

export interface RecordDetainerResponse {
  type: 'RecordDetainerResponse';
  data: { detainerId: string; response: DetainerResponse; respondedAt: string };
}

export interface ScheduleRemoval {
  type: 'ScheduleRemoval';
  data: { removalId?: string; scheduledFor: string; destinationCountry: string };
}

export interface RecordRemovalFailure {
  type: 'RecordRemovalFailure';
  data: { reason: RemovalFailureReason; details?: string; failedAt: string };
}

export interface RecordRemoval {
  type: 'RecordRemoval';
  data: { country: string; removedAt: string };
}

export interface CloseCase {
  type: 'CloseCase';
  data: { reason: ClosureReason; closedAt: string };
}

export type CaseCommand =
  | OpenCase
  | BookDetention
  | CompleteRiskClassification
  | RecordRiskClassificationOverdue
  | RequestReleaseOverride
  | DecideReleaseOverride
  | ReleaseSubject
  | ChangeCheckInSchedule
  | RecordCheckIn
  | RecordMissedCheckIn
  | AcknowledgeMissedCheckIn
  | ReassignCase
  | RequestDetainer
  | RecordDetainerResponse
  | ScheduleRemoval
  | RecordRemovalFailure
  | RecordRemoval
  | CloseCase
  | DocketCommand
  | TransferCommand
  | MissedCheckInCommand
  | AbscondingCommand;
export type CaseCommandType = CaseCommand['type'];
