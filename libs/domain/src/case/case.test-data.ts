import type {
  AcknowledgeMissedCheckIn,
  Actor,
  BookDetention,
  ChangeCheckInSchedule,
  CloseCase,
  CompleteRiskClassification,
  DecideReleaseOverride,
  OpenCase,
  ReassignCase,
  RecordCheckIn,
  RecordDetainerResponse,
  RecordMissedCheckIn,
  RecordRemoval,
  RecordRemovalFailure,
  RecordRiskClassificationOverdue,
  ReleaseSubject,
  RequestDetainer,
  RequestReleaseOverride,
  ScheduleRemoval,
} from './case.commands';
import type {
  CaseClosed,
  CaseOpened,
  CaseReassigned,
  CheckInMissed,
  CheckInRecorded,
  CheckInScheduleChanged,
  DetainerRequested,
  DetainerResponded,
  DetentionBooked,
  MissedCheckInAcknowledged,
  ReleaseOverrideDecided,
  ReleaseOverrideRequested,
  RemovalFailed,
  RemovalScheduled,
  RiskClassificationCompleted,
  RiskClassificationOverdue,
  SubjectIdentity,
  SubjectReleased,
  SubjectRemoved,
} from './case.events';
import type {
  AcceptTransfer,
  DeclineTransfer,
  RequestTransfer,
  TransferAccepted,
  TransferDeclined,
  TransferRequested,
  TransferWithdrawn,
  WithdrawTransfer,
} from './case.transfers';

/*
 * One case's timeline, in the order things happen; `case.given.ts` decides at NOW unless a test
 * says otherwise. Factories take the fields a test cares about and fill the rest.
 */
export const caseId = '6f1c2a54-0d7e-4a43-9a55-2f1f3e6a9b10';
export const officer: Actor = { userId: 'officer-1', role: 'OFFICER' };
export const supervisor: Actor = { userId: 'supervisor-1', role: 'SUPERVISOR' };

export const OPENED_AT = '2026-11-20T09:00:00.000Z';
export const BOOKED_IN_AT = '2026-11-21T10:00:00.000Z';
export const RCA_DUE_AT = '2026-11-26T10:00:00.000Z';
export const RCA_COMPLETED_AT = '2026-11-22T10:00:00.000Z';
export const OVERRIDE_REQUESTED_AT = '2026-11-22T11:00:00.000Z';
export const OVERRIDE_DECIDED_AT = '2026-11-22T12:00:00.000Z';
export const RELEASED_AT = '2026-11-23T09:00:00.000Z';
/** given's default decision time. */
export const NOW = '2026-11-23T12:00:00.000Z';
export const FIRST_CHECK_IN_DUE_AT = '2026-11-30T09:00:00.000Z';
/** FIRST_CHECK_IN_DUE_AT + 24 grace hours: the first moment the first check-in counts as missed. */
export const FIRST_CHECK_IN_MISSED_AT = '2026-12-01T09:00:00.000Z';
/** FIRST_CHECK_IN_DUE_AT + 7 days. */
export const SECOND_CHECK_IN_DUE_AT = '2026-12-07T09:00:00.000Z';
export const OVERRIDE_REQUEST_ID = 'override-1';

export const subject: SubjectIdentity = {
  givenName: 'Ana',
  familyName: 'Example',
  aNumber: 'A123456789',
  dateOfBirth: '1990-01-01',
  countryOfCitizenship: 'MX',
};

/** 120 characters: specific enough to pass the 100-character floor. */
export const overrideNarrative =
  'Subject is the sole caregiver of two children under five; the county confirmed no other guardian ' +
  'is available this week.';

const checkInPlan = { firstDueAt: FIRST_CHECK_IN_DUE_AT, intervalDays: 7, graceHours: 24 };

// Events

export function caseOpened(data: Partial<CaseOpened['data']> = {}): CaseOpened {
  return {
    type: 'CaseOpened',
    version: 1,
    data: { caseId, officeId: 'WAS', officerId: 'officer-1', subject, openedAt: OPENED_AT, ...data },
  };
}

export function detentionBooked(data: Partial<DetentionBooked['data']> = {}): DetentionBooked {
  return {
    type: 'DetentionBooked',
    version: 1,
    data: {
      caseId,
      facilityId: 'FAC-1',
      bookedInAt: BOOKED_IN_AT,
      riskClassificationDueAt: RCA_DUE_AT,
      ...data,
    },
  };
}

export function riskClassificationCompleted(
  data: Partial<RiskClassificationCompleted['data']> = {},
): RiskClassificationCompleted {
  return {
    type: 'RiskClassificationCompleted',
    version: 1,
    data: {
      caseId,
      publicSafetyRisk: 'LOW',
      flightRisk: 'LOW',
      specialVulnerabilities: [],
      recommendation: 'RELEASE',
      completedAt: RCA_COMPLETED_AT,
      assessedBy: 'officer-1',
      ...data,
    },
  };
}

export function riskClassificationOverdue(
  data: Partial<RiskClassificationOverdue['data']> = {},
): RiskClassificationOverdue {
  return {
    type: 'RiskClassificationOverdue',
    version: 1,
    data: {
      caseId,
      alertId: `rca:${caseId}:${RCA_DUE_AT}`,
      bookedInAt: BOOKED_IN_AT,
      dueAt: RCA_DUE_AT,
      detectedAt: RCA_DUE_AT,
      ...data,
    },
  };
}

export function releaseOverrideRequested(
  data: Partial<ReleaseOverrideRequested['data']> = {},
): ReleaseOverrideRequested {
  return {
    type: 'ReleaseOverrideRequested',
    version: 1,
    data: {
      caseId,
      requestId: OVERRIDE_REQUEST_ID,
      reasonCodes: ['PRIMARY_CAREGIVER'],
      narrative: overrideNarrative,
      requestedBy: 'officer-1',
      requestedAt: OVERRIDE_REQUESTED_AT,
      ...data,
    },
  };
}

export function releaseOverrideDecided(
  data: Partial<ReleaseOverrideDecided['data']> = {},
): ReleaseOverrideDecided {
  return {
    type: 'ReleaseOverrideDecided',
    version: 1,
    data: {
      caseId,
      requestId: OVERRIDE_REQUEST_ID,
      decision: 'APPROVED',
      decidedBy: 'supervisor-1',
      decidedAt: OVERRIDE_DECIDED_AT,
      ...data,
    },
  };
}

export function subjectReleased(data: Partial<SubjectReleased['data']> = {}): SubjectReleased {
  return {
    type: 'SubjectReleased',
    version: 1,
    data: {
      caseId,
      releaseType: 'OWN_RECOGNIZANCE',
      releasedAt: RELEASED_AT,
      releasedBy: 'officer-1',
      checkInPlan,
      rcaRecommendation: 'RELEASE',
      ...data,
    },
  };
}

export function checkInScheduleChanged(
  data: Partial<CheckInScheduleChanged['data']> = {},
): CheckInScheduleChanged {
  return {
    type: 'CheckInScheduleChanged',
    version: 1,
    data: {
      caseId,
      intervalDays: 14,
      graceHours: 48,
      nextDueAt: '2026-12-02T09:00:00.000Z',
      changedBy: 'officer-1',
      changedAt: NOW,
      ...data,
    },
  };
}

export function checkInRecorded(data: Partial<CheckInRecorded['data']> = {}): CheckInRecorded {
  return {
    type: 'CheckInRecorded',
    version: 1,
    data: {
      caseId,
      checkedInAt: '2026-11-29T15:00:00.000Z',
      method: 'IN_PERSON',
      recordedBy: 'officer-1',
      nextDueAt: '2026-12-06T15:00:00.000Z',
      ...data,
    },
  };
}

export function checkInMissed(data: Partial<CheckInMissed['data']> = {}): CheckInMissed {
  const dueAt = data.dueAt ?? FIRST_CHECK_IN_DUE_AT;
  return {
    type: 'CheckInMissed',
    version: 1,
    data: {
      caseId,
      alertId: `mci:${data.caseId ?? caseId}:${dueAt}`,
      dueAt,
      detectedAt: FIRST_CHECK_IN_MISSED_AT,
      consecutiveMisses: 1,
      nextDueAt: SECOND_CHECK_IN_DUE_AT,
      ...data,
    },
  };
}

export function missedCheckInAcknowledged(
  data: Partial<MissedCheckInAcknowledged['data']> = {},
): MissedCheckInAcknowledged {
  return {
    type: 'MissedCheckInAcknowledged',
    version: 1,
    data: {
      caseId,
      alertId: `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
      acknowledgedBy: 'officer-1',
      acknowledgedAt: '2026-12-01T10:00:00.000Z',
      ...data,
    },
  };
}

export function caseReassigned(data: Partial<CaseReassigned['data']> = {}): CaseReassigned {
  return {
    type: 'CaseReassigned',
    version: 1,
    data: {
      caseId,
      fromOfficeId: 'WAS',
      fromOfficerId: 'officer-1',
      toOfficeId: 'ATL',
      toOfficerId: 'officer-2',
      reason: 'Subject moved to Georgia',
      reassignedBy: 'officer-1',
      reassignedAt: NOW,
      ...data,
    },
  };
}

export function detainerRequested(data: Partial<DetainerRequested['data']> = {}): DetainerRequested {
  return {
    type: 'DetainerRequested',
    version: 1,
    data: {
      caseId,
      detainerId: 'detainer-1',
      jurisdictionId: 'county-17',
      requestedBy: 'officer-1',
      requestedAt: OPENED_AT,
      ...data,
    },
  };
}

export function detainerResponded(data: Partial<DetainerResponded['data']> = {}): DetainerResponded {
  return {
    type: 'DetainerResponded',
    version: 1,
    data: {
      caseId,
      detainerId: 'detainer-1',
      jurisdictionId: 'county-17',
      response: 'DECLINED',
      recordedBy: 'officer-1',
      respondedAt: NOW,
      ...data,
    },
  };
}

export function removalScheduled(data: Partial<RemovalScheduled['data']> = {}): RemovalScheduled {
  return {
    type: 'RemovalScheduled',
    version: 1,
    data: {
      caseId,
      removalId: 'removal-1',
      scheduledFor: '2026-12-10T06:00:00.000Z',
      destinationCountry: 'MX',
      scheduledBy: 'officer-1',
      ...data,
    },
  };
}

export function removalFailed(data: Partial<RemovalFailed['data']> = {}): RemovalFailed {
  return {
    type: 'RemovalFailed',
    version: 1,
    data: {
      caseId,
      removalId: 'removal-1',
      reason: 'TRAVEL_DOCUMENTS_REFUSED',
      failedAt: NOW,
      recordedBy: 'officer-1',
      ...data,
    },
  };
}

export function subjectRemoved(data: Partial<SubjectRemoved['data']> = {}): SubjectRemoved {
  return {
    type: 'SubjectRemoved',
    version: 1,
    data: { caseId, removalId: 'removal-1', country: 'MX', removedAt: NOW, recordedBy: 'officer-1', ...data },
  };
}

export function caseClosed(data: Partial<CaseClosed['data']> = {}): CaseClosed {
  return {
    type: 'CaseClosed',
    version: 1,
    data: { caseId, reason: 'RELIEF_GRANTED', closedAt: NOW, closedBy: 'officer-1', ...data },
  };
}

// Histories

export const detained = [caseOpened(), detentionBooked()];
export const underSupervision = [...detained, riskClassificationCompleted(), subjectReleased()];

// Commands

export function openCase(data: Partial<OpenCase['data']> = {}): OpenCase {
  return { type: 'OpenCase', data: { ...caseOpened().data, ...data } };
}

export function bookDetention(data: Partial<BookDetention['data']> = {}): BookDetention {
  return { type: 'BookDetention', data: { facilityId: 'FAC-1', bookedInAt: BOOKED_IN_AT, ...data } };
}

export function completeRiskClassification(
  data: Partial<CompleteRiskClassification['data']> = {},
): CompleteRiskClassification {
  return {
    type: 'CompleteRiskClassification',
    data: {
      publicSafetyRisk: 'LOW',
      flightRisk: 'LOW',
      specialVulnerabilities: [],
      recommendation: 'RELEASE',
      completedAt: RCA_COMPLETED_AT,
      ...data,
    },
  };
}

export function recordRiskClassificationOverdue(dueAt = RCA_DUE_AT): RecordRiskClassificationOverdue {
  return { type: 'RecordRiskClassificationOverdue', data: { dueAt } };
}

export function requestReleaseOverride(
  data: Partial<RequestReleaseOverride['data']> = {},
): RequestReleaseOverride {
  return {
    type: 'RequestReleaseOverride',
    data: {
      requestId: OVERRIDE_REQUEST_ID,
      reasonCodes: ['PRIMARY_CAREGIVER'],
      narrative: overrideNarrative,
      requestedAt: OVERRIDE_REQUESTED_AT,
      ...data,
    },
  };
}

export function decideReleaseOverride(
  data: Partial<DecideReleaseOverride['data']> = {},
): DecideReleaseOverride {
  return {
    type: 'DecideReleaseOverride',
    data: { requestId: OVERRIDE_REQUEST_ID, decision: 'APPROVED', decidedAt: OVERRIDE_DECIDED_AT, ...data },
  };
}

export function releaseSubject(data: Partial<ReleaseSubject['data']> = {}): ReleaseSubject {
  return {
    type: 'ReleaseSubject',
    data: { releaseType: 'OWN_RECOGNIZANCE', releasedAt: RELEASED_AT, checkInPlan, ...data },
  };
}

export function changeCheckInSchedule(
  data: Partial<ChangeCheckInSchedule['data']> = {},
): ChangeCheckInSchedule {
  return {
    type: 'ChangeCheckInSchedule',
    data: {
      intervalDays: 14,
      graceHours: 48,
      nextDueAt: '2026-12-02T09:00:00.000Z',
      changedAt: NOW,
      ...data,
    },
  };
}

export function recordCheckIn(data: Partial<RecordCheckIn['data']> = {}): RecordCheckIn {
  return { type: 'RecordCheckIn', data: { checkedInAt: RELEASED_AT, method: 'IN_PERSON', ...data } };
}

export function recordMissedCheckIn(dueAt = FIRST_CHECK_IN_DUE_AT): RecordMissedCheckIn {
  return { type: 'RecordMissedCheckIn', data: { dueAt } };
}

export function acknowledgeMissedCheckIn(
  data: Partial<AcknowledgeMissedCheckIn['data']> = {},
): AcknowledgeMissedCheckIn {
  return {
    type: 'AcknowledgeMissedCheckIn',
    data: {
      alertId: `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
      acknowledgedAt: '2026-12-01T10:00:00.000Z',
      ...data,
    },
  };
}

export function reassignCase(data: Partial<ReassignCase['data']> = {}): ReassignCase {
  return {
    type: 'ReassignCase',
    data: {
      toOfficeId: 'WAS',
      toOfficerId: 'officer-2',
      toOfficerRosterOfficeId: 'WAS',
      reason: 'Subject moved to Georgia',
      reassignedAt: NOW,
      ...data,
    },
  };
}

export function requestDetainer(data: Partial<RequestDetainer['data']> = {}): RequestDetainer {
  return {
    type: 'RequestDetainer',
    data: { detainerId: 'detainer-1', jurisdictionId: 'county-17', requestedAt: OPENED_AT, ...data },
  };
}

export function recordDetainerResponse(
  data: Partial<RecordDetainerResponse['data']> = {},
): RecordDetainerResponse {
  return {
    type: 'RecordDetainerResponse',
    data: { detainerId: 'detainer-1', response: 'DECLINED', respondedAt: NOW, ...data },
  };
}

export function scheduleRemoval(data: Partial<ScheduleRemoval['data']> = {}): ScheduleRemoval {
  return {
    type: 'ScheduleRemoval',
    data: {
      removalId: 'removal-1',
      scheduledFor: '2026-12-10T06:00:00.000Z',
      destinationCountry: 'MX',
      ...data,
    },
  };
}

export function recordRemovalFailure(data: Partial<RecordRemovalFailure['data']> = {}): RecordRemovalFailure {
  return {
    type: 'RecordRemovalFailure',
    data: { reason: 'TRAVEL_DOCUMENTS_REFUSED', failedAt: NOW, ...data },
  };
}

export function recordRemoval(data: Partial<RecordRemoval['data']> = {}): RecordRemoval {
  return { type: 'RecordRemoval', data: { country: 'MX', removedAt: NOW, ...data } };
}

export function closeCase(data: Partial<CloseCase['data']> = {}): CloseCase {
  return { type: 'CloseCase', data: { reason: 'RELIEF_GRANTED', closedAt: NOW, ...data } };
}

export const TRANSFER_ID = 'transfer-1';
export const TRANSFER_REASON = 'Subject moved to Georgia';
export const receivingSupervisor: Actor = { userId: 'supervisor-atl', role: 'SUPERVISOR' };

export function transferRequested(data: Partial<TransferRequested['data']> = {}): TransferRequested {
  return {
    type: 'TransferRequested',
    version: 1,
    data: {
      caseId,
      transferId: TRANSFER_ID,
      fromOfficeId: 'WAS',
      fromOfficerId: 'officer-1',
      toOfficeId: 'ATL',
      reason: TRANSFER_REASON,
      requestedBy: 'officer-1',
      requestedAt: NOW,
      ...data,
    },
  };
}

export function transferAccepted(data: Partial<TransferAccepted['data']> = {}): TransferAccepted {
  return {
    type: 'TransferAccepted',
    version: 1,
    data: {
      caseId,
      transferId: TRANSFER_ID,
      fromOfficeId: 'WAS',
      fromOfficerId: 'officer-1',
      toOfficeId: 'ATL',
      toOfficerId: 'ATL-ND-001',
      acceptedBy: receivingSupervisor.userId,
      acceptedAt: NOW,
      ...data,
    },
  };
}

export function transferDeclined(data: Partial<TransferDeclined['data']> = {}): TransferDeclined {
  return {
    type: 'TransferDeclined',
    version: 1,
    data: {
      caseId,
      transferId: TRANSFER_ID,
      fromOfficeId: 'WAS',
      toOfficeId: 'ATL',
      reason: 'No capacity on the non-detained docket this month',
      declinedBy: receivingSupervisor.userId,
      declinedAt: NOW,
      ...data,
    },
  };
}

export function transferWithdrawn(data: Partial<TransferWithdrawn['data']> = {}): TransferWithdrawn {
  return {
    type: 'TransferWithdrawn',
    version: 1,
    data: {
      caseId,
      transferId: TRANSFER_ID,
      fromOfficeId: 'WAS',
      toOfficeId: 'ATL',
      withdrawnBy: 'officer-1',
      withdrawnAt: NOW,
      ...data,
    },
  };
}

export function requestTransfer(data: Partial<RequestTransfer['data']> = {}): RequestTransfer {
  return {
    type: 'RequestTransfer',
    data: { transferId: TRANSFER_ID, toOfficeId: 'ATL', reason: TRANSFER_REASON, requestedAt: NOW, ...data },
  };
}

export function acceptTransfer(data: Partial<AcceptTransfer['data']> = {}): AcceptTransfer {
  return {
    type: 'AcceptTransfer',
    data: {
      transferId: TRANSFER_ID,
      toOfficerId: 'ATL-ND-001',
      toOfficerRosterOfficeId: 'ATL',
      acceptedAt: NOW,
      ...data,
    },
  };
}

export function declineTransfer(data: Partial<DeclineTransfer['data']> = {}): DeclineTransfer {
  return {
    type: 'DeclineTransfer',
    data: {
      transferId: TRANSFER_ID,
      reason: 'No capacity on the non-detained docket this month',
      declinedAt: NOW,
      ...data,
    },
  };
}

export function withdrawTransfer(data: Partial<WithdrawTransfer['data']> = {}): WithdrawTransfer {
  return { type: 'WithdrawTransfer', data: { transferId: TRANSFER_ID, withdrawnAt: NOW, ...data } };
}
