import { replay } from './case.evolve';
import type { CaseState, OpenedCaseState } from './case.state';
import {
  caseClosed,
  caseOpened,
  caseReassigned,
  checkInMissed,
  checkInRecorded,
  checkInScheduleChanged,
  detained,
  detainerRequested,
  detainerResponded,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  missedCheckInAcknowledged,
  OVERRIDE_REQUEST_ID,
  RCA_DUE_AT,
  releaseOverrideDecided,
  releaseOverrideRequested,
  removalFailed,
  removalScheduled,
  riskClassificationCompleted,
  riskClassificationOverdue,
  SECOND_CHECK_IN_DUE_AT,
  subjectReleased,
  subjectRemoved,
  underSupervision,
} from './case.test-data';

function opened(state: CaseState): OpenedCaseState {
  if (!state.opened) throw new Error('expected an opened case');
  return state;
}

const firstAlertId = checkInMissed().data.alertId;

describe('Case state', () => {
  describe('when nothing has happened yet', () => {
    it('is not opened and ignores events that need an opened case', () => {
      expect(replay([detentionBooked()])).toEqual({ opened: false, docket: 'PENDING' });
    });

    it('opens on the pending docket with its office and officer', () => {
      expect(replay([caseOpened()])).toMatchObject({
        opened: true,
        docket: 'PENDING',
        officeId: 'WAS',
        officerId: 'officer-1',
      });
    });
  });

  describe('when the subject is detained', () => {
    it('runs the risk classification clock of the booking', () => {
      expect(opened(replay(detained)).detention).toEqual({
        facilityId: 'FAC-1',
        bookedInAt: '2026-11-21T10:00:00.000Z',
        riskClassificationDueAt: RCA_DUE_AT,
        riskClassificationStatus: 'DUE',
      });
    });

    it('marks the classification overdue and then completed when it comes late', () => {
      const overdue = opened(replay([...detained, riskClassificationOverdue()]));
      expect(overdue.detention?.riskClassificationStatus).toBe('OVERDUE');
      const late = opened(replay([...detained, riskClassificationOverdue(), riskClassificationCompleted()]));
      expect(late.detention?.riskClassificationStatus).toBe('COMPLETED');
    });

    it('keeps the latest recommendation for the detention and for the case', () => {
      const state = opened(
        replay([
          ...detained,
          riskClassificationCompleted(),
          riskClassificationCompleted({ recommendation: 'DETAIN', flightRisk: 'HIGH' }),
        ]),
      );
      expect(state.detention?.riskClassificationRecommendation).toBe('DETAIN');
      expect(state.latestRiskClassification).toMatchObject({ recommendation: 'DETAIN', flightRisk: 'HIGH' });
    });

    it('tracks an override request from pending to approved', () => {
      const pending = opened(replay([...detained, releaseOverrideRequested()]));
      expect(pending.overrideRequests[OVERRIDE_REQUEST_ID]?.status).toBe('PENDING');
      const approved = opened(replay([...detained, releaseOverrideRequested(), releaseOverrideDecided()]));
      expect(approved.overrideRequests[OVERRIDE_REQUEST_ID]).toMatchObject({
        status: 'APPROVED',
        decision: { decision: 'APPROVED', decidedBy: 'supervisor-1' },
      });
    });
  });

  describe('when the subject is released', () => {
    it('moves to the non-detained docket with the first check-in due and no detention', () => {
      const state = opened(replay(underSupervision));
      expect(state.docket).toBe('NON_DETAINED');
      expect(state.detention).toBeUndefined();
      expect(state.supervision).toEqual({
        origin: { kind: 'RELEASE', releaseType: 'OWN_RECOGNIZANCE' },
        startedAt: '2026-11-23T09:00:00.000Z',
        reportingConditions: [],
        intervalDays: 7,
        graceHours: 24,
        nextCheckInDueAt: FIRST_CHECK_IN_DUE_AT,
        consecutiveMisses: 0,
      });
    });

    it('marks the override the release used and lapses the requests it did not use', () => {
      const state = opened(
        replay([
          ...detained,
          releaseOverrideRequested(),
          releaseOverrideDecided(),
          releaseOverrideRequested({ requestId: 'override-2' }),
          releaseOverrideRequested({ requestId: 'override-3' }),
          releaseOverrideDecided({ requestId: 'override-3', decision: 'REJECTED' }),
          subjectReleased({ overrideRequestId: OVERRIDE_REQUEST_ID }),
        ]),
      );
      expect(state.overrideRequests[OVERRIDE_REQUEST_ID]?.status).toBe('USED');
      expect(state.overrideRequests['override-2']?.status).toBe('LAPSED');
      expect(state.overrideRequests['override-3']?.status).toBe('REJECTED');
    });

    it('counts a miss, raises its alert and moves the deadline on by one interval', () => {
      const supervision = opened(replay([...underSupervision, checkInMissed()])).supervision;
      expect(supervision).toMatchObject({
        nextCheckInDueAt: SECOND_CHECK_IN_DUE_AT,
        consecutiveMisses: 1,
        lastMissedDueAt: FIRST_CHECK_IN_DUE_AT,
        openMissedCheckInAlert: { alertId: firstAlertId, dueAt: FIRST_CHECK_IN_DUE_AT, acknowledged: false },
      });
    });

    it('raises the open alert again on a further miss, under its first id, even from a history that named one alert per miss', () => {
      const second = checkInMissed({
        dueAt: SECOND_CHECK_IN_DUE_AT,
        detectedAt: '2026-12-08T09:00:00.000Z',
        consecutiveMisses: 2,
        nextDueAt: '2026-12-14T09:00:00.000Z',
      });
      const supervision = opened(
        replay([...underSupervision, checkInMissed(), missedCheckInAcknowledged(), second]),
      ).supervision;
      expect(supervision?.consecutiveMisses).toBe(2);
      expect(supervision?.nextCheckInDueAt).toBe('2026-12-14T09:00:00.000Z');
      expect(supervision?.openMissedCheckInAlert).toEqual({
        alertId: firstAlertId,
        dueAt: SECOND_CHECK_IN_DUE_AT,
        detectedAt: '2026-12-08T09:00:00.000Z',
        consecutiveMisses: 2,
        acknowledged: false,
      });
    });

    it('acknowledges the open alert', () => {
      const alert = opened(replay([...underSupervision, checkInMissed(), missedCheckInAcknowledged()]))
        .supervision?.openMissedCheckInAlert;
      expect(alert).toMatchObject({ acknowledged: true, acknowledgedBy: 'officer-1' });
    });

    it('resets the misses, resolves the alert and sets the next deadline on a check-in', () => {
      const supervision = opened(
        replay([...underSupervision, checkInMissed(), checkInRecorded()]),
      ).supervision;
      expect(supervision?.consecutiveMisses).toBe(0);
      expect(supervision?.openMissedCheckInAlert).toBeUndefined();
      expect(supervision?.nextCheckInDueAt).toBe(checkInRecorded().data.nextDueAt);
      expect(supervision?.lastCheckIn).toEqual({
        checkedInAt: '2026-11-29T15:00:00.000Z',
        method: 'IN_PERSON',
      });
    });

    it('takes the new cadence and deadline from a schedule change', () => {
      const supervision = opened(replay([...underSupervision, checkInScheduleChanged()])).supervision;
      expect(supervision).toMatchObject({
        intervalDays: 14,
        graceHours: 48,
        nextCheckInDueAt: '2026-12-02T09:00:00.000Z',
      });
    });

    it('ends supervision and its open alert when the subject is detained again', () => {
      const rebooked = detentionBooked({
        bookedInAt: '2026-12-01T10:00:00.000Z',
        riskClassificationDueAt: '2026-12-06T10:00:00.000Z',
      });
      const state = opened(replay([...underSupervision, checkInMissed(), rebooked]));
      expect(state.docket).toBe('DETAINED');
      expect(state.supervision).toBeUndefined();
      expect(state.detention).toMatchObject({
        riskClassificationStatus: 'DUE',
        riskClassificationDueAt: '2026-12-06T10:00:00.000Z',
      });
      expect(state.detention?.riskClassificationRecommendation).toBeUndefined();
      expect(state.latestRiskClassification?.recommendation).toBe('RELEASE');
    });
  });

  describe('whatever the docket', () => {
    it('moves the case to its new office and officer', () => {
      expect(replay([caseOpened(), caseReassigned()])).toMatchObject({
        officeId: 'ATL',
        officerId: 'officer-2',
      });
    });

    it('keeps a detainer open until it is answered', () => {
      expect(
        opened(replay([caseOpened(), detainerRequested()])).detainers['detainer-1']?.response,
      ).toBeUndefined();
      expect(
        opened(replay([caseOpened(), detainerRequested(), detainerResponded()])).detainers['detainer-1'],
      ).toEqual({
        detainerId: 'detainer-1',
        jurisdictionId: 'county-17',
        requestedAt: '2026-11-20T09:00:00.000Z',
        response: 'DECLINED',
        respondedAt: '2026-11-23T12:00:00.000Z',
      });
    });

    it('holds a scheduled removal until it fails', () => {
      expect(opened(replay([caseOpened(), removalScheduled()])).scheduledRemoval).toEqual({
        removalId: 'removal-1',
        scheduledFor: '2026-12-10T06:00:00.000Z',
        destinationCountry: 'MX',
      });
      expect(
        opened(replay([caseOpened(), removalScheduled(), removalFailed()])).scheduledRemoval,
      ).toBeUndefined();
    });

    it('closes the case on removal, leaving nothing due', () => {
      const state = opened(replay([...detained, removalScheduled(), subjectRemoved()]));
      expect(state.docket).toBe('CLOSED');
      expect(state.detention).toBeUndefined();
      expect(state.scheduledRemoval).toBeUndefined();
    });

    it('closes a supervised case, ending its supervision', () => {
      const state = opened(replay([...underSupervision, checkInMissed(), caseClosed()]));
      expect(state).toMatchObject({ docket: 'CLOSED', closedAt: '2026-11-23T12:00:00.000Z' });
      expect(state.supervision).toBeUndefined();
    });

    it('is plain JSON, so a read model can store it and read it back unchanged', () => {
      const state = replay([
        ...underSupervision,
        checkInMissed(),
        missedCheckInAcknowledged(),
        detainerRequested(),
        removalScheduled(),
      ]);
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    });
  });
});
