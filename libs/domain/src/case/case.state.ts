import type { AbscondingBasis } from './case.absconding-events';
import type {
  CustodyDecision,
  EnrolmentBasis,
  PriorityFlagKind,
  PriorityFlagSource,
  ReportingCondition,
} from './case.docket-events';
import type {
  CheckInMethod,
  DetainerResponse,
  Docket,
  OverrideDecision,
  OverrideReasonCode,
  RcaRecommendation,
  ReleaseType,
  RiskLevel,
} from './case.events';
import type { TransferState } from './case.transfers';
import type {
  MissedCheckInEscalationLevel,
  MissedCheckInExcusalReason,
  MissedCheckInOutcome,
} from './case.missed-check-in-events';

/**
 * The case as decide needs it and as projections and the scheduler read it (`before` / `after` of
 * every change). Plain JSON: read models store it as is. Times are ISO 8601 strings; compare them
 * as instants, not as text.
 */
export type CaseState = UnopenedCaseState | OpenedCaseState;

/** Before CaseOpened every command but OpenCase is refused. */
export interface UnopenedCaseState {
  opened: false;
  docket: 'PENDING';
  caseId?: undefined;
  officeId?: undefined;
  officerId?: undefined;
}

export interface OpenedCaseState {
  opened: true;
  caseId: string;
  officeId: string;
  officerId: string;
  docket: Docket;
  openedAt: string;
  /** The current detention; only on the DETAINED docket. */
  detention?: DetentionState;
  /** The latest RCA of any detention, for case views; the release rule reads `detention` instead. */
  latestRiskClassification?: RiskClassificationSummary;
  /** Every release override request of the case, by requestId. */
  overrideRequests: Record<string, OverrideRequestState>;
  /** Check-in supervision; only on the NON_DETAINED docket. */
  supervision?: SupervisionState;
  /** Every detainer of the case, by detainerId; open while `response` is absent. */
  detainers: Record<string, DetainerState>;
  /** The removal planned and not yet failed or done. */
  scheduledRemoval?: ScheduledRemovalState;
  closedAt?: string;
  /** The priority flags set and not cleared, by kind; absent until the first is set. */
  priorityFlags?: Partial<Record<PriorityFlagKind, PriorityFlagState>>;
  /** Every transfer to another office the case has seen, by transferId; absent before the first. */
  transfers?: Record<string, TransferState>;
  /** Every recorded missed check-in and where it stands, by its canonical dueAt; absent before the first. */
  missedCheckIns?: Record<string, MissedCheckInState>;
  /** Set while on the FUGITIVE docket: the supervisor's ABSCONDED determination. */
  fugitive?: FugitiveState;
}

export interface MissedCheckInState {
  dueAt: string;
  detectedAt: string;
  /** The grace of the deadline missed: a check-in by dueAt + graceHours, entered late, voids it. */
  graceHours: number;
  /** The interval of the deadline missed: the period it closed began intervalDays before dueAt. */
  intervalDays: number;
  outcome: MissedCheckInOutcome;
  /** Who settled it and when (void, excusal, reopening or confirmation: the latest). */
  settledBy?: string;
  settledAt?: string;
  excusalReason?: MissedCheckInExcusalReason;
}

export interface FugitiveState {
  /** The suspicion's alert the determination answered. */
  alertId: string;
  referralId: string;
  declaredBy: string;
  declaredAt: string;
}

export interface AbscondingSuspicionState {
  alertId: string;
  basis: AbscondingBasis;
  consecutiveMisses: number;
  lastContactAt: string;
  suspectedAt: string;
}

export interface PriorityFlagState {
  kind: PriorityFlagKind;
  reason: string;
  source: PriorityFlagSource;
  flaggedBy: string;
  flaggedAt: string;
}

/**
 * DUE: the deadline runs. OVERDUE: it passed and the miss is recorded (the RCA is still owed).
 * COMPLETED: an RCA was done for this booking; no deadline.
 */
export type RiskClassificationStatus = 'DUE' | 'OVERDUE' | 'COMPLETED';

export interface DetentionState {
  facilityId: string;
  bookedInAt: string;
  riskClassificationDueAt: string;
  riskClassificationStatus: RiskClassificationStatus;
  /** The latest RCA recommendation of this booking; absent until one is done. */
  riskClassificationRecommendation?: RcaRecommendation;
  /** A supervisor's answer to that RCA's SUPERVISOR_REVIEW; a later RCA supersedes it. */
  custodyDetermination?: CustodyDeterminationState;
}

export interface CustodyDeterminationState {
  decision: CustodyDecision;
  determinedBy: string;
  determinedAt: string;
}

export interface RiskClassificationSummary {
  publicSafetyRisk: RiskLevel;
  flightRisk: RiskLevel;
  recommendation: RcaRecommendation;
  completedAt: string;
}

/**
 * PENDING → APPROVED | REJECTED; APPROVED → USED by one release. A release ends the detention the
 * requests were about, so PENDING and APPROVED requests it did not use become LAPSED.
 */
export type OverrideRequestStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'USED' | 'LAPSED';

export type OverrideRequestState = OverrideRequestBase &
  (
    | { status: 'PENDING' }
    | { status: 'APPROVED' | 'REJECTED' | 'USED'; decision: OverrideDecisionRecord }
    | { status: 'LAPSED'; decision?: OverrideDecisionRecord }
  );

export interface OverrideRequestBase {
  requestId: string;
  reasonCodes: OverrideReasonCode[];
  narrative: string;
  requestedBy: string;
  requestedAt: string;
}

export interface OverrideDecisionRecord {
  decision: OverrideDecision;
  decidedBy: string;
  decidedAt: string;
  comment?: string;
}

/** How supervision began: a release from detention, or an enrolment without one. */
export type SupervisionOrigin =
  { kind: 'RELEASE'; releaseType: ReleaseType } | { kind: 'ENROLMENT'; basis: EnrolmentBasis };

export interface SupervisionState {
  origin: SupervisionOrigin;
  /** When supervision began: the release or the enrolment. */
  startedAt: string;
  /** Conditions besides the check-ins; none recorded for a release. */
  reportingConditions: ReportingCondition[];
  intervalDays: number;
  graceHours: number;
  /** The current check-in deadline; missed once dueAt + graceHours has passed. */
  nextCheckInDueAt: string;
  consecutiveMisses: number;
  lastCheckIn?: { checkedInAt: string; method: CheckInMethod };
  /** The deadline of the latest recorded miss, so a retried miss is recognised as a duplicate. */
  lastMissedDueAt?: string;
  /**
   * The case's one open missed-check-in alert, raised by the first miss and raised again (as
   * unacknowledged, with the latest miss's deadline and count) by each further one, until a
   * check-in (or a new detention) resolves it.
   */
  openMissedCheckInAlert?: MissedCheckInAlertState;
  /** Raised when a miss crosses an absconding threshold; closed by a determination or a check-in. */
  abscondingSuspicion?: AbscondingSuspicionState;
}

export interface MissedCheckInAlertState {
  alertId: string;
  dueAt: string;
  detectedAt: string;
  consecutiveMisses: number;
  acknowledged: boolean;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  /** Absent until the first escalation: the officer. A further miss keeps the level reached. */
  escalationLevel?: MissedCheckInEscalationLevel;
  escalatedAt?: string;
}

export interface DetainerState {
  detainerId: string;
  jurisdictionId: string;
  requestedAt: string;
  response?: DetainerResponse;
  respondedAt?: string;
}

export interface ScheduledRemovalState {
  removalId?: string;
  scheduledFor: string;
  destinationCountry: string;
}

export const initialCaseState: CaseState = { opened: false, docket: 'PENDING' };
