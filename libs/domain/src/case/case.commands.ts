import type { AbscondingCommand } from './case.absconding-commands';
import type { DocketCommand } from './case.docket-commands';
import { OVERRIDE_REASON_CODES } from './case.events';
import type {
  RequestedCheckInCadence,
  CheckInMethod,
  RequestedCheckInPlan,
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
import { HOUR_MS } from './case.time';
import type { TransferCommand } from './case.transfers';
import type { MissedCheckInCommand } from './case.missed-check-in-commands';

export type Role = 'OFFICER' | 'SUPERVISOR' | 'OVERSIGHT' | 'ADMIN' | 'POLICY_ADMIN';

export interface Actor {
  userId: string;
  role: Role;
}

/** Durations that operators may shorten for a demo; the defaults are the agency's rules. */
export interface CasePolicy {
  /** The published policy version decisions are made under; 0 for the built-in defaults. */
  version: number;
  /** The Risk Classification Assessment is due this long after booking (5 days). */
  riskClassificationWindowMs: number;
  /** The grace period a check-in plan gets unless it names its own. */
  checkInGraceHours: number;
  /** How much (after trimming) an override narrative or custody rationale must say. */
  narrativeMinLength: number;
  /** Active cases one officer should carry, per docket. */
  targetCaseloadPerOfficer: { DETAINED: number; NON_DETAINED: number };
  /** The reason codes a release override may give. */
  overrideReasonCodes: OverrideReasonCode[];
  /** Window before each escalation level: [officer→SUPERVISOR, SUPERVISOR→DEPUTY_FIELD_OFFICE_DIRECTOR]. */
  alertEscalationWindowsMs: number[];
  /** Priority-flagged cases escalate after this fraction of each window. */
  priorityEscalationFactor: number;
  /** Consecutive missed check-ins after which absconding is suspected. */
  abscondingConsecutiveMisses: number;
  /** Days without contact after which absconding is suspected. */
  abscondingDaysWithoutContact: number;
}

/** Priority-flagged cases escalate after half the window. */
export const PRIORITY_ESCALATION_FACTOR = 0.5;

export const DEFAULT_CASE_POLICY: CasePolicy = {
  version: 0,
  riskClassificationWindowMs: 5 * 24 * HOUR_MS,
  checkInGraceHours: 24,
  narrativeMinLength: 100,
  targetCaseloadPerOfficer: { DETAINED: 100, NON_DETAINED: 1_000 },
  overrideReasonCodes: [...OVERRIDE_REASON_CODES],
  alertEscalationWindowsMs: [24 * HOUR_MS, 24 * HOUR_MS],
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
    checkInPlan: RequestedCheckInPlan;
    overrideRequestId?: string;
  };
}

export interface ChangeCheckInSchedule {
  type: 'ChangeCheckInSchedule';
  data: RequestedCheckInCadence & { nextDueAt: string; changedAt: string };
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
