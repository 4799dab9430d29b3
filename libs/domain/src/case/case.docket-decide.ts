import { type DecisionContext } from './case.commands';
import { notInFuture, requireDetention, validCheckInPlan } from './case.decide';
import type {
  ClearCaseFlag,
  EnrolSubject,
  FlagCase,
  RecordCustodyDetermination,
} from './case.docket-commands';
import type {
  CaseFlagCleared,
  CaseFlagged,
  CustodyDeterminationRecorded,
  SubjectEnrolled,
} from './case.docket-events';
import { CaseRuleViolation } from './case.errors';
import type { ReleaseType, RiskClassificationCompleted } from './case.events';
import type { DetentionState, OpenedCaseState } from './case.state';

/** Most of the non-detained docket was never detained: a pending case goes straight onto it. */
export function enrolSubject(
  { data }: EnrolSubject,
  state: OpenedCaseState,
  context: DecisionContext,
): SubjectEnrolled {
  if (state.docket !== 'PENDING') throw new CaseRuleViolation('CASE.NOT_PENDING');
  notInFuture(data.enrolledAt, context);
  const checkInPlan = validCheckInPlan(data.checkInPlan, data.enrolledAt, context.policy);
  return {
    type: 'SubjectEnrolled',
    version: 1,
    data: {
      caseId: state.caseId,
      basis: data.basis,
      reportingConditions: [...new Set(data.reportingConditions)],
      enrolledAt: data.enrolledAt,
      enrolledBy: context.actor.userId,
      checkInPlan,
    },
  };
}

/**
 * SUPERVISOR_REVIEW means a supervisor decides: the determination is recorded with a rationale
 * held to the same floor as an override's narrative, and the release must then follow it.
 */
export function recordCustodyDetermination(
  { data }: RecordCustodyDetermination,
  state: OpenedCaseState,
  context: DecisionContext,
): CustodyDeterminationRecorded {
  const detention = requireDetention(state);
  if (context.actor.role !== 'SUPERVISOR') throw new CaseRuleViolation('CASE.SUPERVISOR_REQUIRED');
  const rcaRecommendation = detention.riskClassificationRecommendation;
  if (rcaRecommendation !== 'SUPERVISOR_REVIEW')
    throw new CaseRuleViolation('CASE.CUSTODY_DETERMINATION_NOT_CALLED_FOR');
  const rationale = data.rationale.trim();
  if (rationale.length < context.policy.narrativeMinLength)
    throw new CaseRuleViolation(
      'CASE.CUSTODY_RATIONALE_TOO_SHORT',
      `A custody determination's rationale needs at least ${context.policy.narrativeMinLength} characters.`,
    );
  notInFuture(data.determinedAt, context);
  return {
    type: 'CustodyDeterminationRecorded',
    version: 1,
    data: {
      caseId: state.caseId,
      decision: data.decision,
      rationale,
      rcaRecommendation,
      determinedBy: context.actor.userId,
      determinedAt: data.determinedAt,
    },
  };
}

/** Under SUPERVISOR_REVIEW a release needs the supervisor's determination, and must match it. */
export function requireReleaseDetermined(detention: DetentionState, releaseType: ReleaseType): void {
  const determination = detention.custodyDetermination;
  if (!determination) throw new CaseRuleViolation('CASE.CUSTODY_DETERMINATION_REQUIRED');
  const matches =
    determination.decision === 'RELEASE' ||
    (determination.decision === 'RELEASE_ON_ATD' && releaseType === 'ATD');
  if (!matches) throw new CaseRuleViolation('CASE.RELEASE_CONTRADICTS_DETERMINATION');
}

export function flagCase({ data }: FlagCase, state: OpenedCaseState, context: DecisionContext): CaseFlagged {
  const reason = data.reason.trim();
  if (reason === '') throw new CaseRuleViolation('CASE.REASON_REQUIRED');
  if (state.priorityFlags?.[data.kind]) throw new CaseRuleViolation('CASE.ALREADY_FLAGGED');
  notInFuture(data.flaggedAt, context);
  return {
    type: 'CaseFlagged',
    version: 1,
    data: {
      caseId: state.caseId,
      kind: data.kind,
      reason,
      source: context.actor.role === 'SUPERVISOR' ? 'SUPERVISOR' : 'OFFICER',
      flaggedBy: context.actor.userId,
      flaggedAt: data.flaggedAt,
    },
  };
}

export function clearCaseFlag(
  { data }: ClearCaseFlag,
  state: OpenedCaseState,
  context: DecisionContext,
): CaseFlagCleared {
  if (!state.priorityFlags?.[data.kind]) throw new CaseRuleViolation('CASE.FLAG_NOT_FOUND');
  const reason = data.reason.trim();
  if (reason === '') throw new CaseRuleViolation('CASE.REASON_REQUIRED');
  notInFuture(data.clearedAt, context);
  return {
    type: 'CaseFlagCleared',
    version: 1,
    data: {
      caseId: state.caseId,
      kind: data.kind,
      reason,
      clearedBy: context.actor.userId,
      clearedAt: data.clearedAt,
    },
  };
}

export const HIGH_PUBLIC_SAFETY_RISK_REASON = 'The risk classification rated the public-safety risk HIGH.';

/** An RCA rating the public-safety risk HIGH flags the case, unless it is flagged so already. */
export function flagsRaisedBy(completed: RiskClassificationCompleted, state: OpenedCaseState): CaseFlagged[] {
  if (completed.data.publicSafetyRisk !== 'HIGH' || state.priorityFlags?.PUBLIC_SAFETY) return [];
  return [
    {
      type: 'CaseFlagged',
      version: 1,
      data: {
        caseId: state.caseId,
        kind: 'PUBLIC_SAFETY',
        reason: HIGH_PUBLIC_SAFETY_RISK_REASON,
        source: 'RISK_CLASSIFICATION',
        flaggedBy: completed.data.assessedBy,
        flaggedAt: completed.data.completedAt,
      },
    },
  ];
}
