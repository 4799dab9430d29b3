import {
  type AcknowledgeMissedCheckIn,
  type BookDetention,
  type CaseCommand,
  type CasePolicy,
  type ChangeCheckInSchedule,
  type CloseCase,
  type CompleteRiskClassification,
  type DecideReleaseOverride,
  type DecisionContext,
  type ReassignCase,
  type RecordCheckIn,
  type RecordDetainerResponse,
  type RecordMissedCheckIn,
  type RecordRemoval,
  type RecordRemovalFailure,
  type RecordRiskClassificationOverdue,
  type ReleaseSubject,
  type RequestDetainer,
  type RequestReleaseOverride,
  type ScheduleRemoval,
} from './case.commands';
import { abscondingSuspectedBy, determineAbsconding, refuseWhileFugitive } from './case.absconding-decide';
import { missedCheckInAlertId, rcaOverdueAlertId } from './case.deadlines';
import {
  clearCaseFlag,
  enrolSubject,
  flagCase,
  flagsRaisedBy,
  recordCustodyDetermination,
  requireReleaseDetermined,
} from './case.docket-decide';
import { decideTransfer } from './case.transfers.decide';
import { decideMissedCheckIn, voidedByLateEntry } from './case.missed-check-ins';
import { CaseRuleViolation } from './case.errors';
import {
  type CaseClosed,
  type CaseEvent,
  type CaseReassigned,
  type CheckInCadence,
  type CheckInMissed,
  type CheckInPlan,
  type CheckInRecorded,
  type RequestedCheckInCadence,
  type RequestedCheckInPlan,
  type CheckInScheduleChanged,
  type DetainerRequested,
  type DetainerResponded,
  type DetentionBooked,
  type MissedCheckInAcknowledged,
  type ReleaseOverrideDecided,
  type ReleaseOverrideJustification,
  type ReleaseOverrideRequested,
  type RemovalFailed,
  type RemovalScheduled,
  type RiskClassificationCompleted,
  type RiskClassificationOverdue,
  type SubjectReleased,
  type SubjectRemoved,
} from './case.events';
import type { CaseState, DetentionState, OpenedCaseState, SupervisionState } from './case.state';
import { addMs, DAY_MS, HOUR_MS, isAfter, isInstant, isSameInstant } from './case.time';

/** Decides what a command means for a case: the new events, or a CaseRuleViolation. Pure. */
export function decide(command: CaseCommand, state: CaseState, context: DecisionContext): CaseEvent[] {
  if (command.type === 'OpenCase') {
    if (state.opened) throw new CaseRuleViolation('CASE.ALREADY_OPENED');
    notInFuture(command.data.openedAt, context);
    return [{ type: 'CaseOpened', version: 1, data: { ...command.data } }];
  }
  if (!state.opened) throw new CaseRuleViolation('CASE.NOT_FOUND');
  if (state.docket === 'CLOSED') throw new CaseRuleViolation('CASE.CLOSED');
  refuseWhileFugitive(command, state);

  switch (command.type) {
    case 'BookDetention':
      return [bookDetention(command, state, context)];
    case 'CompleteRiskClassification': {
      const completed = completeRiskClassification(command, state, context);
      return [completed, ...flagsRaisedBy(completed, state)];
    }
    case 'RecordRiskClassificationOverdue':
      return [recordRiskClassificationOverdue(command, state, context)];
    case 'RequestReleaseOverride':
      return [requestReleaseOverride(command, state, context)];
    case 'DecideReleaseOverride':
      return [decideReleaseOverride(command, state, context)];
    case 'ReleaseSubject':
      return [releaseSubject(command, state, context)];
    case 'ChangeCheckInSchedule':
      return [changeCheckInSchedule(command, state, context)];
    case 'RecordCheckIn': {
      // A check-in that met the deadline of a miss already recorded voids that miss.
      const voided = voidedByLateEntry(command, state, context);
      const recorded = recordCheckIn(command, state, context);
      return voided ? [voided, recorded] : [recorded];
    }
    case 'RecordMissedCheckIn': {
      const missed = recordMissedCheckIn(command, state, context);
      return [missed, ...abscondingSuspectedBy(missed, state, context)];
    }
    case 'AcknowledgeMissedCheckIn':
      return [acknowledgeMissedCheckIn(command, state, context)];
    case 'ReassignCase':
      return [reassignCase(command, state, context)];
    case 'RequestDetainer':
      return [requestDetainer(command, state, context)];
    case 'RecordDetainerResponse':
      return [recordDetainerResponse(command, state, context)];
    case 'ScheduleRemoval':
      return [scheduleRemoval(command, state, context)];
    case 'RecordRemovalFailure':
      return [recordRemovalFailure(command, state, context)];
    case 'RecordRemoval':
      return [recordRemoval(command, state, context)];
    case 'CloseCase':
      return [closeCase(command, state, context)];
    case 'EnrolSubject':
      return [enrolSubject(command, state, context)];
    case 'RecordCustodyDetermination':
      return [recordCustodyDetermination(command, state, context)];
    case 'FlagCase':
      return [flagCase(command, state, context)];
    case 'ClearCaseFlag':
      return [clearCaseFlag(command, state, context)];
    case 'RequestTransfer':
    case 'AcceptTransfer':
    case 'DeclineTransfer':
    case 'WithdrawTransfer':
      return [decideTransfer(command, state, context)];
    case 'EscalateMissedCheckInAlert':
    case 'ExcuseMissedCheckIn':
    case 'ReopenMissedCheckInExcusal':
    case 'ConfirmMissedCheckIn':
      return [decideMissedCheckIn(command, state, context)];
    case 'DetermineAbsconding':
      return [determineAbsconding(command, state, context)];
    default: {
      const unhandled: never = command;
      throw new Error(`unknown command ${(unhandled as CaseCommand).type}`);
    }
  }
}

function bookDetention(
  { data }: BookDetention,
  state: OpenedCaseState,
  context: DecisionContext,
): DetentionBooked {
  if (state.docket === 'DETAINED') throw new CaseRuleViolation('CASE.ALREADY_DETAINED');
  notInFuture(data.bookedInAt, context);
  const riskClassificationDueAt = addMs(data.bookedInAt, context.policy.riskClassificationWindowMs);
  return {
    type: 'DetentionBooked',
    version: 1,
    data: { caseId: state.caseId, ...data, riskClassificationDueAt },
  };
}

function completeRiskClassification(
  { data }: CompleteRiskClassification,
  state: OpenedCaseState,
  context: DecisionContext,
): RiskClassificationCompleted {
  requireDetention(state);
  notInFuture(data.completedAt, context);
  return {
    type: 'RiskClassificationCompleted',
    version: 1,
    data: {
      caseId: state.caseId,
      ...data,
      specialVulnerabilities: [...data.specialVulnerabilities],
      assessedBy: context.actor.userId,
    },
  };
}

function recordRiskClassificationOverdue(
  { data }: RecordRiskClassificationOverdue,
  state: OpenedCaseState,
  context: DecisionContext,
): RiskClassificationOverdue {
  const detention = requireDetention(state);
  requireInstant(data.dueAt);
  if (!isSameInstant(data.dueAt, detention.riskClassificationDueAt))
    throw new CaseRuleViolation('CASE.DEADLINE_NOT_CURRENT');
  if (detention.riskClassificationStatus === 'OVERDUE')
    throw new CaseRuleViolation('CASE.DEADLINE_ALREADY_RECORDED');
  if (detention.riskClassificationStatus === 'COMPLETED')
    throw new CaseRuleViolation('CASE.DEADLINE_NOT_CURRENT');
  const dueAt = detention.riskClassificationDueAt;
  if (isAfter(dueAt, context.now)) throw new CaseRuleViolation('CASE.DEADLINE_NOT_REACHED');
  return {
    type: 'RiskClassificationOverdue',
    version: 1,
    data: {
      caseId: state.caseId,
      alertId: rcaOverdueAlertId(state.caseId, dueAt),
      bookedInAt: detention.bookedInAt,
      dueAt,
      detectedAt: context.now,
    },
  };
}

function requestReleaseOverride(
  { data }: RequestReleaseOverride,
  state: OpenedCaseState,
  context: DecisionContext,
): ReleaseOverrideRequested {
  requireDetention(state);
  if (state.overrideRequests[data.requestId]) throw new CaseRuleViolation('CASE.OVERRIDE_ALREADY_REQUESTED');
  if (data.reasonCodes.length === 0) throw new CaseRuleViolation('CASE.OVERRIDE_REASON_REQUIRED');
  const known: readonly string[] = context.policy.overrideReasonCodes;
  if (data.reasonCodes.some((code) => !known.includes(code)))
    throw new CaseRuleViolation('CASE.OVERRIDE_REASON_UNKNOWN');
  const narrative = data.narrative.trim();
  if (narrative.length < context.policy.narrativeMinLength)
    throw new CaseRuleViolation(
      'CASE.OVERRIDE_NARRATIVE_TOO_SHORT',
      `A release override narrative needs at least ${context.policy.narrativeMinLength} characters.`,
    );
  notInFuture(data.requestedAt, context);
  return {
    type: 'ReleaseOverrideRequested',
    version: 1,
    data: {
      caseId: state.caseId,
      requestId: data.requestId,
      reasonCodes: [...data.reasonCodes],
      narrative,
      requestedBy: context.actor.userId,
      requestedAt: data.requestedAt,
    },
  };
}

function decideReleaseOverride(
  { data }: DecideReleaseOverride,
  state: OpenedCaseState,
  context: DecisionContext,
): ReleaseOverrideDecided {
  const request = state.overrideRequests[data.requestId];
  if (!request) throw new CaseRuleViolation('CASE.OVERRIDE_NOT_FOUND');
  if (request.status !== 'PENDING') throw new CaseRuleViolation('CASE.OVERRIDE_NOT_PENDING');
  if (context.actor.role !== 'SUPERVISOR') throw new CaseRuleViolation('CASE.SUPERVISOR_REQUIRED');
  if (context.actor.userId === request.requestedBy)
    throw new CaseRuleViolation('CASE.OVERRIDE_SELF_APPROVAL');
  notInFuture(data.decidedAt, context);
  return {
    type: 'ReleaseOverrideDecided',
    version: 1,
    data: {
      caseId: state.caseId,
      requestId: data.requestId,
      decision: data.decision,
      decidedBy: context.actor.userId,
      decidedAt: data.decidedAt,
      ...(data.comment === undefined ? {} : { comment: data.comment }),
    },
  };
}

function releaseSubject(
  { data }: ReleaseSubject,
  state: OpenedCaseState,
  context: DecisionContext,
): SubjectReleased {
  const detention = requireDetention(state);
  const rcaRecommendation = detention.riskClassificationRecommendation ?? null;
  const { overrideRequestId } = data;
  const usedOverride =
    overrideRequestId === undefined
      ? undefined
      : { overrideRequestId, override: approvedOverride(state, overrideRequestId) };
  if (!usedOverride && (rcaRecommendation === null || rcaRecommendation === 'DETAIN'))
    throw new CaseRuleViolation('CASE.OVERRIDE_REQUIRED');
  if (rcaRecommendation === 'SUPERVISOR_REVIEW') requireReleaseDetermined(detention, data.releaseType);
  notInFuture(data.releasedAt, context);
  const checkInPlan = validCheckInPlan(data.checkInPlan, data.releasedAt, context.policy);
  return {
    type: 'SubjectReleased',
    version: 1,
    data: {
      caseId: state.caseId,
      releaseType: data.releaseType,
      releasedAt: data.releasedAt,
      releasedBy: context.actor.userId,
      checkInPlan,
      rcaRecommendation,
      ...usedOverride,
    },
  };
}

function approvedOverride(state: OpenedCaseState, requestId: string): ReleaseOverrideJustification {
  const request = state.overrideRequests[requestId];
  if (!request) throw new CaseRuleViolation('CASE.OVERRIDE_NOT_FOUND');
  switch (request.status) {
    case 'USED':
      throw new CaseRuleViolation('CASE.OVERRIDE_ALREADY_USED');
    case 'LAPSED':
      throw new CaseRuleViolation('CASE.OVERRIDE_LAPSED');
    case 'PENDING':
    case 'REJECTED':
      throw new CaseRuleViolation('CASE.OVERRIDE_NOT_APPROVED');
    case 'APPROVED':
      return {
        reasonCodes: [...request.reasonCodes],
        narrative: request.narrative,
        requestedBy: request.requestedBy,
        requestedAt: request.requestedAt,
        approvedBy: request.decision.decidedBy,
        approvedAt: request.decision.decidedAt,
      };
  }
}

function changeCheckInSchedule(
  { data }: ChangeCheckInSchedule,
  state: OpenedCaseState,
  context: DecisionContext,
): CheckInScheduleChanged {
  requireSupervision(state);
  notInFuture(data.changedAt, context);
  const { intervalDays, graceHours } = cadenceUnder(context.policy, data);
  requireInstant(data.nextDueAt);
  if (!isAfter(data.nextDueAt, data.changedAt)) throw new CaseRuleViolation('CASE.CHECK_IN_PLAN_INVALID');
  return {
    type: 'CheckInScheduleChanged',
    version: 1,
    data: {
      caseId: state.caseId,
      intervalDays,
      graceHours,
      nextDueAt: data.nextDueAt,
      changedBy: context.actor.userId,
      changedAt: data.changedAt,
    },
  };
}

function recordCheckIn(
  { data }: RecordCheckIn,
  state: OpenedCaseState,
  context: DecisionContext,
): CheckInRecorded {
  const supervision = requireSupervision(state);
  notInFuture(data.checkedInAt, context);
  return {
    type: 'CheckInRecorded',
    version: 1,
    data: {
      caseId: state.caseId,
      checkedInAt: data.checkedInAt,
      method: data.method,
      recordedBy: context.actor.userId,
      nextDueAt: addMs(data.checkedInAt, supervision.intervalDays * DAY_MS),
    },
  };
}

function recordMissedCheckIn(
  { data }: RecordMissedCheckIn,
  state: OpenedCaseState,
  context: DecisionContext,
): CheckInMissed {
  const supervision = requireSupervision(state);
  requireInstant(data.dueAt);
  const dueAt = supervision.nextCheckInDueAt;
  if (!isSameInstant(data.dueAt, dueAt)) {
    const recorded = supervision.lastMissedDueAt && isSameInstant(data.dueAt, supervision.lastMissedDueAt);
    throw new CaseRuleViolation(recorded ? 'CASE.DEADLINE_ALREADY_RECORDED' : 'CASE.DEADLINE_NOT_CURRENT');
  }
  if (isAfter(addMs(dueAt, supervision.graceHours * HOUR_MS), context.now))
    throw new CaseRuleViolation('CASE.DEADLINE_NOT_REACHED');
  // A miss while the case's alert is still open changes that alert: one open alert per case.
  const openAlert = supervision.openMissedCheckInAlert;
  return {
    type: 'CheckInMissed',
    version: 1,
    data: {
      caseId: state.caseId,
      alertId: openAlert?.alertId ?? missedCheckInAlertId(state.caseId, dueAt),
      dueAt,
      detectedAt: context.now,
      consecutiveMisses: supervision.consecutiveMisses + 1,
      nextDueAt: addMs(dueAt, supervision.intervalDays * DAY_MS),
    },
  };
}

function acknowledgeMissedCheckIn(
  { data }: AcknowledgeMissedCheckIn,
  state: OpenedCaseState,
  context: DecisionContext,
): MissedCheckInAcknowledged {
  const alert = state.supervision?.openMissedCheckInAlert;
  if (!alert || alert.alertId !== data.alertId) throw new CaseRuleViolation('CASE.ALERT_NOT_FOUND');
  if (alert.acknowledged) throw new CaseRuleViolation('CASE.ALERT_ALREADY_ACKNOWLEDGED');
  notInFuture(data.acknowledgedAt, context);
  return {
    type: 'MissedCheckInAcknowledged',
    version: 1,
    data: {
      caseId: state.caseId,
      alertId: alert.alertId,
      acknowledgedBy: context.actor.userId,
      acknowledgedAt: data.acknowledgedAt,
    },
  };
}

function reassignCase(
  { data }: ReassignCase,
  state: OpenedCaseState,
  context: DecisionContext,
): CaseReassigned {
  const reason = data.reason.trim();
  if (reason === '') throw new CaseRuleViolation('CASE.REASON_REQUIRED');
  if (data.toOfficeId !== state.officeId) throw new CaseRuleViolation('CASE.TRANSFER_REQUIRED');
  if (data.toOfficerRosterOfficeId !== state.officeId)
    throw new CaseRuleViolation('CASE.OFFICER_NOT_IN_OFFICE');
  if (data.toOfficerId === state.officerId) throw new CaseRuleViolation('CASE.ALREADY_ASSIGNED');
  notInFuture(data.reassignedAt, context);
  return {
    type: 'CaseReassigned',
    version: 1,
    data: {
      caseId: state.caseId,
      fromOfficeId: state.officeId,
      fromOfficerId: state.officerId,
      toOfficeId: data.toOfficeId,
      toOfficerId: data.toOfficerId,
      reason,
      reassignedBy: context.actor.userId,
      reassignedAt: data.reassignedAt,
    },
  };
}

function requestDetainer(
  { data }: RequestDetainer,
  state: OpenedCaseState,
  context: DecisionContext,
): DetainerRequested {
  if (state.detainers[data.detainerId]) throw new CaseRuleViolation('CASE.DETAINER_ALREADY_REQUESTED');
  notInFuture(data.requestedAt, context);
  return {
    type: 'DetainerRequested',
    version: 1,
    data: {
      caseId: state.caseId,
      detainerId: data.detainerId,
      jurisdictionId: data.jurisdictionId,
      requestedBy: context.actor.userId,
      requestedAt: data.requestedAt,
    },
  };
}

function recordDetainerResponse(
  { data }: RecordDetainerResponse,
  state: OpenedCaseState,
  context: DecisionContext,
): DetainerResponded {
  const detainer = state.detainers[data.detainerId];
  if (!detainer) throw new CaseRuleViolation('CASE.DETAINER_NOT_FOUND');
  if (detainer.response) throw new CaseRuleViolation('CASE.DETAINER_ALREADY_RESPONDED');
  notInFuture(data.respondedAt, context);
  return {
    type: 'DetainerResponded',
    version: 1,
    data: {
      caseId: state.caseId,
      detainerId: detainer.detainerId,
      jurisdictionId: detainer.jurisdictionId,
      response: data.response,
      recordedBy: context.actor.userId,
      respondedAt: data.respondedAt,
    },
  };
}

function scheduleRemoval(
  { data }: ScheduleRemoval,
  state: OpenedCaseState,
  context: DecisionContext,
): RemovalScheduled {
  if (state.scheduledRemoval) throw new CaseRuleViolation('CASE.REMOVAL_ALREADY_SCHEDULED');
  requireInstant(data.scheduledFor);
  return {
    type: 'RemovalScheduled',
    version: 1,
    data: {
      caseId: state.caseId,
      ...(data.removalId === undefined ? {} : { removalId: data.removalId }),
      scheduledFor: data.scheduledFor,
      destinationCountry: data.destinationCountry,
      scheduledBy: context.actor.userId,
    },
  };
}

function recordRemovalFailure(
  { data }: RecordRemovalFailure,
  state: OpenedCaseState,
  context: DecisionContext,
): RemovalFailed {
  const removal = requireScheduledRemoval(state);
  notInFuture(data.failedAt, context);
  return {
    type: 'RemovalFailed',
    version: 1,
    data: {
      caseId: state.caseId,
      ...(removal.removalId === undefined ? {} : { removalId: removal.removalId }),
      reason: data.reason,
      ...(data.details === undefined ? {} : { details: data.details }),
      failedAt: data.failedAt,
      recordedBy: context.actor.userId,
    },
  };
}

function recordRemoval(
  { data }: RecordRemoval,
  state: OpenedCaseState,
  context: DecisionContext,
): SubjectRemoved {
  const removal = requireScheduledRemoval(state);
  notInFuture(data.removedAt, context);
  return {
    type: 'SubjectRemoved',
    version: 1,
    data: {
      caseId: state.caseId,
      ...(removal.removalId === undefined ? {} : { removalId: removal.removalId }),
      country: data.country,
      removedAt: data.removedAt,
      recordedBy: context.actor.userId,
    },
  };
}

function closeCase({ data }: CloseCase, state: OpenedCaseState, context: DecisionContext): CaseClosed {
  notInFuture(data.closedAt, context);
  return {
    type: 'CaseClosed',
    version: 1,
    data: {
      caseId: state.caseId,
      reason: data.reason,
      closedAt: data.closedAt,
      closedBy: context.actor.userId,
    },
  };
}

export function requireDetention(state: OpenedCaseState): DetentionState {
  if (state.docket !== 'DETAINED' || !state.detention) throw new CaseRuleViolation('CASE.NOT_DETAINED');
  return state.detention;
}

function requireSupervision(state: OpenedCaseState): SupervisionState {
  if (state.docket !== 'NON_DETAINED' || !state.supervision)
    throw new CaseRuleViolation('CASE.NOT_UNDER_SUPERVISION');
  return state.supervision;
}

function requireScheduledRemoval(state: OpenedCaseState): NonNullable<OpenedCaseState['scheduledRemoval']> {
  if (!state.scheduledRemoval) throw new CaseRuleViolation('CASE.REMOVAL_NOT_SCHEDULED');
  return state.scheduledRemoval;
}

/**
 * The plan of a supervision that starts at `startsAt`, checked: its first check-in comes after.
 * A plan without a grace gets the policy's default, recorded in the event like a given one.
 */
export function validCheckInPlan(
  plan: RequestedCheckInPlan,
  startsAt: string,
  policy: Pick<CasePolicy, 'checkInGraceHours'>,
): CheckInPlan {
  const { firstDueAt } = plan;
  const { intervalDays, graceHours } = cadenceUnder(policy, plan);
  requireInstant(firstDueAt);
  if (!isAfter(firstDueAt, startsAt)) throw new CaseRuleViolation('CASE.CHECK_IN_PLAN_INVALID');
  return { firstDueAt, intervalDays, graceHours };
}

/** A requested cadence, checked, with the policy's default grace where it gives none. */
function cadenceUnder(
  policy: Pick<CasePolicy, 'checkInGraceHours'>,
  requested: RequestedCheckInCadence,
): CheckInCadence {
  const { intervalDays } = requested;
  const graceHours = requested.graceHours ?? policy.checkInGraceHours;
  const valid =
    Number.isInteger(intervalDays) && intervalDays >= 1 && Number.isFinite(graceHours) && graceHours >= 0;
  if (!valid) throw new CaseRuleViolation('CASE.CHECK_IN_PLAN_INVALID');
  return { intervalDays, graceHours };
}

function requireInstant(iso: string): void {
  if (!isInstant(iso)) throw new CaseRuleViolation('CASE.TIME_INVALID');
}

export function notInFuture(businessTime: string, context: DecisionContext): void {
  requireInstant(businessTime);
  if (isAfter(businessTime, context.now)) throw new CaseRuleViolation('CASE.TIME_IN_FUTURE');
}
