import { DEFAULT_CASE_POLICY, type CaseCommand } from './case.commands';
import type { OverrideReasonCode } from './case.events';
import { given } from './case.given';
import {
  acknowledgeMissedCheckIn,
  bookDetention,
  caseClosed,
  caseId,
  caseOpened,
  caseReassigned,
  changeCheckInSchedule,
  checkInMissed,
  checkInRecorded,
  checkInScheduleChanged,
  closeCase,
  completeRiskClassification,
  decideReleaseOverride,
  detained,
  detainerRequested,
  detainerResponded,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  FIRST_CHECK_IN_MISSED_AT,
  missedCheckInAcknowledged,
  NOW,
  openCase,
  OVERRIDE_DECIDED_AT,
  OVERRIDE_REQUEST_ID,
  OVERRIDE_REQUESTED_AT,
  overrideNarrative,
  RCA_DUE_AT,
  reassignCase,
  recordCheckIn,
  recordDetainerResponse,
  recordMissedCheckIn,
  recordRemoval,
  recordRemovalFailure,
  recordRiskClassificationOverdue,
  RELEASED_AT,
  releaseOverrideDecided,
  releaseOverrideRequested,
  releaseSubject,
  removalFailed,
  removalScheduled,
  requestDetainer,
  requestReleaseOverride,
  riskClassificationCompleted,
  riskClassificationOverdue,
  scheduleRemoval,
  SECOND_CHECK_IN_DUE_AT,
  subjectReleased,
  subjectRemoved,
  supervisor,
  underSupervision,
} from './case.test-data';

const IN_THE_FUTURE = '2026-11-24T00:00:00.000Z';
const approvedOverride = [releaseOverrideRequested(), releaseOverrideDecided()];
const atSupervisor = { actor: supervisor };
/** A week after release: the first check-in is due, its grace period has passed. */
const afterFirstMiss = { now: FIRST_CHECK_IN_MISSED_AT };
const checkInPlan = { firstDueAt: FIRST_CHECK_IN_DUE_AT, intervalDays: 7, graceHours: 24 };

describe('Case', () => {
  describe('when nothing has happened yet', () => {
    it('opens a case on the pending docket', () => {
      given().when(openCase()).then([caseOpened()]);
    });

    it('refuses every other command for a case that was never opened', () => {
      given().when(bookDetention()).thenRejects('CASE.NOT_FOUND');
    });

    it('refuses an opening time in the future', () => {
      given()
        .when(openCase({ openedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('refuses a time that is not an ISO 8601 instant', () => {
      given()
        .when(openCase({ openedAt: 'last Tuesday' }))
        .thenRejects('CASE.TIME_INVALID');
    });
  });

  describe('when the case is open and pending', () => {
    const pending = [caseOpened()];

    it('refuses to open it again', () => {
      given(...pending)
        .when(openCase())
        .thenRejects('CASE.ALREADY_OPENED');
    });

    it('books a detention with the risk classification due five days later', () => {
      given(...pending)
        .when(bookDetention())
        .then([detentionBooked()]);
    });

    it('computes the risk classification deadline from the booking time however it is spelled', () => {
      given(...pending)
        .when(bookDetention({ bookedInAt: '2026-11-21T10:00:00Z' }))
        .then([detentionBooked({ bookedInAt: '2026-11-21T10:00:00Z' })]);
    });

    it('refuses a booking time in the future', () => {
      given(...pending)
        .when(bookDetention({ bookedInAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('refuses a risk classification for a subject who is not detained', () => {
      given(...pending)
        .when(completeRiskClassification())
        .thenRejects('CASE.NOT_DETAINED');
    });

    it('refuses to release a subject who is not detained', () => {
      given(...pending)
        .when(releaseSubject())
        .thenRejects('CASE.NOT_DETAINED');
    });

    it('refuses a check-in for a subject who is not under supervision', () => {
      given(...pending)
        .when(recordCheckIn())
        .thenRejects('CASE.NOT_UNDER_SUPERVISION');
    });

    it('refuses to acknowledge an alert the case does not have', () => {
      given(...pending)
        .when(acknowledgeMissedCheckIn())
        .thenRejects('CASE.ALERT_NOT_FOUND');
    });

    it('reassigns the case to another officer of its office, recording where it came from', () => {
      given(...pending)
        .when(reassignCase())
        .then([caseReassigned({ toOfficeId: 'WAS' })]);
    });

    it('refuses to reassign the case to another office: that takes a transfer', () => {
      given(...pending)
        .when(reassignCase({ toOfficeId: 'ATL' }))
        .thenRejects('CASE.TRANSFER_REQUIRED');
    });

    it('refuses an officer who is not on the roster of the case’s office', () => {
      given(...pending)
        .when(reassignCase({ toOfficerRosterOfficeId: 'ATL' }))
        .thenRejects('CASE.OFFICER_NOT_IN_OFFICE');
      given(...pending)
        .when(reassignCase({ toOfficerRosterOfficeId: undefined }))
        .thenRejects('CASE.OFFICER_NOT_IN_OFFICE');
    });

    it('refuses to move the case to another office even with the officer it has', () => {
      given(...pending)
        .when(reassignCase({ toOfficeId: 'ATL', toOfficerId: 'officer-1' }))
        .thenRejects('CASE.TRANSFER_REQUIRED');
    });

    it('stores the reassignment reason without surrounding blanks', () => {
      given(...pending)
        .when(reassignCase({ reason: '  Subject moved to Georgia \n' }))
        .then([caseReassigned({ toOfficeId: 'WAS' })]);
    });

    it('refuses to reassign the case to the officer and office it already has', () => {
      given(...pending)
        .when(reassignCase({ toOfficeId: 'WAS', toOfficerId: 'officer-1' }))
        .thenRejects('CASE.ALREADY_ASSIGNED');
    });

    it('refuses a reassignment without a reason', () => {
      given(...pending)
        .when(reassignCase({ reason: '   ' }))
        .thenRejects('CASE.REASON_REQUIRED');
    });

    it('refuses a reassignment time in the future', () => {
      given(...pending)
        .when(reassignCase({ reassignedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('requests a detainer from a jurisdiction', () => {
      given(...pending)
        .when(requestDetainer())
        .then([detainerRequested()]);
    });

    it('refuses a second detainer with the same id', () => {
      given(...pending, detainerRequested())
        .when(requestDetainer())
        .thenRejects('CASE.DETAINER_ALREADY_REQUESTED');
    });

    it('records a declined detainer with its jurisdiction', () => {
      given(...pending, detainerRequested())
        .when(recordDetainerResponse())
        .then([detainerResponded()]);
    });

    it('refuses a response to a detainer that was never requested', () => {
      given(...pending)
        .when(recordDetainerResponse())
        .thenRejects('CASE.DETAINER_NOT_FOUND');
    });

    it('refuses a second response to the same detainer', () => {
      given(...pending, detainerRequested(), detainerResponded())
        .when(recordDetainerResponse({ response: 'HONORED' }))
        .thenRejects('CASE.DETAINER_ALREADY_RESPONDED');
    });

    it('refuses a detainer response time in the future', () => {
      given(...pending, detainerRequested())
        .when(recordDetainerResponse({ respondedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('schedules a removal for a future date', () => {
      given(...pending)
        .when(scheduleRemoval())
        .then([removalScheduled()]);
    });

    it('schedules a removal without a removal id', () => {
      const { removalId: _none, ...withoutId } = removalScheduled().data;
      given(...pending)
        .when(scheduleRemoval({ removalId: undefined }))
        .then([{ type: 'RemovalScheduled', version: 1, data: withoutId }]);
    });

    it('refuses a second removal while one is scheduled', () => {
      given(...pending, removalScheduled())
        .when(scheduleRemoval())
        .thenRejects('CASE.REMOVAL_ALREADY_SCHEDULED');
    });

    it('refuses a removal failure when no removal is scheduled', () => {
      given(...pending)
        .when(recordRemovalFailure())
        .thenRejects('CASE.REMOVAL_NOT_SCHEDULED');
    });

    it('refuses a completed removal when no removal is scheduled', () => {
      given(...pending)
        .when(recordRemoval())
        .thenRejects('CASE.REMOVAL_NOT_SCHEDULED');
    });

    it('refuses a removal failure once the removal has already failed', () => {
      given(...pending, removalScheduled(), removalFailed())
        .when(recordRemovalFailure())
        .thenRejects('CASE.REMOVAL_NOT_SCHEDULED');
    });

    it('records a failed removal with its reason and details', () => {
      given(...pending, removalScheduled())
        .when(recordRemovalFailure({ reason: 'STAY_GRANTED', details: 'Stay granted by the circuit court' }))
        .then([removalFailed({ reason: 'STAY_GRANTED', details: 'Stay granted by the circuit court' })]);
    });

    it('refuses a removal failure time in the future', () => {
      given(...pending, removalScheduled())
        .when(recordRemovalFailure({ failedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('records the removal of the subject', () => {
      given(...pending, removalScheduled())
        .when(recordRemoval())
        .then([subjectRemoved()]);
    });

    it('refuses a removal time in the future', () => {
      given(...pending, removalScheduled())
        .when(recordRemoval({ removedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('closes the case with a reason', () => {
      given(...pending)
        .when(closeCase({ reason: 'PROCEEDINGS_TERMINATED' }))
        .then([caseClosed({ reason: 'PROCEEDINGS_TERMINATED' })]);
    });

    it('refuses a closing time in the future', () => {
      given(...pending)
        .when(closeCase({ closedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });
  });

  describe('when the subject is detained', () => {
    it('refuses a second booking', () => {
      given(...detained)
        .when(bookDetention({ facilityId: 'FAC-2', bookedInAt: '2026-11-22T10:00:00.000Z' }))
        .thenRejects('CASE.ALREADY_DETAINED');
    });

    it('completes a risk classification assessed by the acting officer', () => {
      given(...detained)
        .when(
          completeRiskClassification({
            flightRisk: 'HIGH',
            specialVulnerabilities: ['PREGNANT'],
            recommendation: 'DETAIN',
          }),
        )
        .then([
          riskClassificationCompleted({
            flightRisk: 'HIGH',
            specialVulnerabilities: ['PREGNANT'],
            recommendation: 'DETAIN',
          }),
        ]);
    });

    it('refuses a risk classification completed in the future', () => {
      given(...detained)
        .when(completeRiskClassification({ completedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('refuses a check-in for a detained subject', () => {
      given(...detained)
        .when(recordCheckIn())
        .thenRejects('CASE.NOT_UNDER_SUPERVISION');
    });

    it('refuses a check-in schedule for a detained subject', () => {
      given(...detained)
        .when(changeCheckInSchedule())
        .thenRejects('CASE.NOT_UNDER_SUPERVISION');
    });

    it('refuses a missed check-in for a detained subject', () => {
      given(...detained)
        .when(recordMissedCheckIn())
        .thenRejects('CASE.NOT_UNDER_SUPERVISION');
    });

    describe('and the risk classification deadline runs', () => {
      it('records the classification as overdue once its due time has come', () => {
        given(...detained)
          .when(recordRiskClassificationOverdue(), { now: RCA_DUE_AT })
          .then([riskClassificationOverdue()]);
      });

      it('recognises the deadline however its time is spelled', () => {
        given(...detained)
          .when(recordRiskClassificationOverdue('2026-11-26T10:00:00Z'), { now: RCA_DUE_AT })
          .then([riskClassificationOverdue()]);
      });

      it('refuses to record the classification as overdue before it is due', () => {
        given(...detained)
          .when(recordRiskClassificationOverdue(), { now: '2026-11-26T09:59:59.999Z' })
          .thenRejects('CASE.DEADLINE_NOT_REACHED');
      });

      it('refuses the same overdue classification twice, so a scheduler retry is harmless', () => {
        given(...detained, riskClassificationOverdue())
          .when(recordRiskClassificationOverdue(), { now: '2026-11-26T10:05:00.000Z' })
          .thenRejects('CASE.DEADLINE_ALREADY_RECORDED');
      });

      it('refuses an overdue classification once the classification is done', () => {
        given(...detained, riskClassificationCompleted())
          .when(recordRiskClassificationOverdue(), { now: RCA_DUE_AT })
          .thenRejects('CASE.DEADLINE_NOT_CURRENT');
      });

      it('refuses an overdue classification for a deadline this booking does not have', () => {
        given(...detained)
          .when(recordRiskClassificationOverdue('2026-11-27T10:00:00.000Z'), {
            now: '2026-11-28T00:00:00.000Z',
          })
          .thenRejects('CASE.DEADLINE_NOT_CURRENT');
      });

      it('refuses an overdue classification for an earlier booking after a re-detention', () => {
        const rebooked = detentionBooked({
          bookedInAt: '2026-12-01T10:00:00.000Z',
          riskClassificationDueAt: '2026-12-06T10:00:00.000Z',
        });
        given(...underSupervision, rebooked)
          .when(recordRiskClassificationOverdue(RCA_DUE_AT), { now: '2026-12-02T00:00:00.000Z' })
          .thenRejects('CASE.DEADLINE_NOT_CURRENT');
      });

      it('refuses a deadline that is not an ISO 8601 instant', () => {
        given(...detained)
          .when(recordRiskClassificationOverdue('soon'), { now: RCA_DUE_AT })
          .thenRejects('CASE.TIME_INVALID');
      });

      it('still accepts a late classification after the overdue one was recorded', () => {
        given(...detained, riskClassificationOverdue())
          .when(completeRiskClassification({ completedAt: '2026-11-27T08:00:00.000Z' }), {
            now: '2026-11-27T09:00:00.000Z',
          })
          .then([riskClassificationCompleted({ completedAt: '2026-11-27T08:00:00.000Z' })]);
      });
    });

    describe('and an officer asks to release against the classification', () => {
      it('requests an override with reason codes and a trimmed narrative by the acting officer', () => {
        given(...detained)
          .when(requestReleaseOverride({ narrative: `  ${overrideNarrative}\n` }))
          .then([releaseOverrideRequested()]);
      });

      it('accepts a narrative of exactly 100 characters', () => {
        const narrative = 'x'.repeat(100);
        given(...detained)
          .when(requestReleaseOverride({ narrative }))
          .then([releaseOverrideRequested({ narrative })]);
      });

      it('refuses a narrative shorter than 100 characters once blanks are trimmed', () => {
        given(...detained)
          .when(requestReleaseOverride({ narrative: `${' '.repeat(20)}${'x'.repeat(99)}${' '.repeat(20)}` }))
          .thenRejects('CASE.OVERRIDE_NARRATIVE_TOO_SHORT');
      });

      it('refuses an override without a reason code', () => {
        given(...detained)
          .when(requestReleaseOverride({ reasonCodes: [] }))
          .thenRejects('CASE.OVERRIDE_REASON_REQUIRED');
      });

      it('refuses a reason code that is not on the fixed list', () => {
        given(...detained)
          .when(requestReleaseOverride({ reasonCodes: ['HUMANITARIAN', 'BECAUSE' as OverrideReasonCode] }))
          .thenRejects('CASE.OVERRIDE_REASON_UNKNOWN');
      });

      it('refuses a second request with the same id', () => {
        given(...detained, releaseOverrideRequested())
          .when(requestReleaseOverride())
          .thenRejects('CASE.OVERRIDE_ALREADY_REQUESTED');
      });

      it('refuses a request time in the future', () => {
        given(...detained)
          .when(requestReleaseOverride({ requestedAt: IN_THE_FUTURE }))
          .thenRejects('CASE.TIME_IN_FUTURE');
      });

      it('lets a supervisor approve another officer’s request', () => {
        given(...detained, releaseOverrideRequested())
          .when(decideReleaseOverride(), atSupervisor)
          .then([releaseOverrideDecided()]);
      });

      it('lets a supervisor reject a request with a comment', () => {
        given(...detained, releaseOverrideRequested())
          .when(
            decideReleaseOverride({ decision: 'REJECTED', comment: 'Caregiver claim not verified' }),
            atSupervisor,
          )
          .then([releaseOverrideDecided({ decision: 'REJECTED', comment: 'Caregiver claim not verified' })]);
      });

      it('refuses a decision by anyone but a supervisor', () => {
        given(...detained, releaseOverrideRequested())
          .when(decideReleaseOverride(), { actor: { userId: 'officer-2', role: 'OFFICER' } })
          .thenRejects('CASE.SUPERVISOR_REQUIRED');
      });

      it('refuses a supervisor deciding their own request', () => {
        given(...detained, releaseOverrideRequested({ requestedBy: 'supervisor-1' }))
          .when(decideReleaseOverride(), atSupervisor)
          .thenRejects('CASE.OVERRIDE_SELF_APPROVAL');
      });

      it('refuses a decision on a request the case does not have', () => {
        given(...detained)
          .when(decideReleaseOverride({ requestId: 'override-9' }), atSupervisor)
          .thenRejects('CASE.OVERRIDE_NOT_FOUND');
      });

      it('refuses to decide a request twice', () => {
        given(...detained, ...approvedOverride)
          .when(decideReleaseOverride({ decision: 'REJECTED' }), {
            actor: { userId: 'supervisor-2', role: 'SUPERVISOR' },
          })
          .thenRejects('CASE.OVERRIDE_NOT_PENDING');
      });

      it('refuses a decision time in the future', () => {
        given(...detained, releaseOverrideRequested())
          .when(decideReleaseOverride({ decidedAt: IN_THE_FUTURE }), atSupervisor)
          .thenRejects('CASE.TIME_IN_FUTURE');
      });
    });

    describe('and the subject is released', () => {
      it('releases a subject the classification recommends releasing, with a check-in plan', () => {
        given(...detained, riskClassificationCompleted())
          .when(releaseSubject())
          .then([subjectReleased()]);
      });

      it("gives a check-in plan without a grace the policy's default grace, recorded in the event", () => {
        const { graceHours: _given, ...planWithoutGrace } = releaseSubject().data.checkInPlan;
        given(...detained, riskClassificationCompleted())
          .when(releaseSubject({ checkInPlan: planWithoutGrace }), {
            policy: { ...DEFAULT_CASE_POLICY, checkInGraceHours: 12 },
          })
          .then([subjectReleased({ checkInPlan: { ...releaseSubject().data.checkInPlan, graceHours: 12 } })]);
      });

      it('releases on a RELEASE_ON_ATD recommendation without an override', () => {
        given(...detained, riskClassificationCompleted({ recommendation: 'RELEASE_ON_ATD' }))
          .when(releaseSubject({ releaseType: 'ATD' }))
          .then([subjectReleased({ releaseType: 'ATD', rcaRecommendation: 'RELEASE_ON_ATD' })]);
      });

      it('refuses a release without a classification and without an override', () => {
        given(...detained)
          .when(releaseSubject())
          .thenRejects('CASE.OVERRIDE_REQUIRED');
      });

      it('refuses a release against a DETAIN recommendation without an override', () => {
        given(...detained, riskClassificationCompleted({ recommendation: 'DETAIN' }))
          .when(releaseSubject())
          .thenRejects('CASE.OVERRIDE_REQUIRED');
      });

      it('follows the latest classification of the detention', () => {
        given(
          ...detained,
          riskClassificationCompleted(),
          riskClassificationCompleted({ recommendation: 'DETAIN', completedAt: '2026-11-23T08:00:00.000Z' }),
        )
          .when(releaseSubject())
          .thenRejects('CASE.OVERRIDE_REQUIRED');
      });

      it('releases against a DETAIN recommendation with an approved override, copying its justification', () => {
        given(...detained, riskClassificationCompleted({ recommendation: 'DETAIN' }), ...approvedOverride)
          .when(releaseSubject({ overrideRequestId: OVERRIDE_REQUEST_ID }))
          .then([
            subjectReleased({
              rcaRecommendation: 'DETAIN',
              overrideRequestId: OVERRIDE_REQUEST_ID,
              override: {
                reasonCodes: ['PRIMARY_CAREGIVER'],
                narrative: overrideNarrative,
                requestedBy: 'officer-1',
                requestedAt: OVERRIDE_REQUESTED_AT,
                approvedBy: 'supervisor-1',
                approvedAt: OVERRIDE_DECIDED_AT,
              },
            }),
          ]);
      });

      it('releases a subject without a classification on an approved override', () => {
        given(...detained, ...approvedOverride)
          .when(releaseSubject({ overrideRequestId: OVERRIDE_REQUEST_ID }))
          .then([
            subjectReleased({
              rcaRecommendation: null,
              overrideRequestId: OVERRIDE_REQUEST_ID,
              override: {
                reasonCodes: ['PRIMARY_CAREGIVER'],
                narrative: overrideNarrative,
                requestedBy: 'officer-1',
                requestedAt: OVERRIDE_REQUESTED_AT,
                approvedBy: 'supervisor-1',
                approvedAt: OVERRIDE_DECIDED_AT,
              },
            }),
          ]);
      });

      it('refuses a release on an override that is still pending', () => {
        given(...detained, releaseOverrideRequested())
          .when(releaseSubject({ overrideRequestId: OVERRIDE_REQUEST_ID }))
          .thenRejects('CASE.OVERRIDE_NOT_APPROVED');
      });

      it('refuses a release on a rejected override', () => {
        given(...detained, releaseOverrideRequested(), releaseOverrideDecided({ decision: 'REJECTED' }))
          .when(releaseSubject({ overrideRequestId: OVERRIDE_REQUEST_ID }))
          .thenRejects('CASE.OVERRIDE_NOT_APPROVED');
      });

      it('refuses a release on an override the case does not have', () => {
        given(...detained)
          .when(releaseSubject({ overrideRequestId: 'override-9' }))
          .thenRejects('CASE.OVERRIDE_NOT_FOUND');
      });

      it('refuses to use an override a second time', () => {
        given(
          ...detained,
          ...approvedOverride,
          subjectReleased({ rcaRecommendation: null, overrideRequestId: OVERRIDE_REQUEST_ID }),
          detentionBooked({
            bookedInAt: '2026-11-23T10:00:00.000Z',
            riskClassificationDueAt: '2026-11-28T10:00:00.000Z',
          }),
        )
          .when(
            releaseSubject({
              releasedAt: '2026-11-23T11:00:00.000Z',
              overrideRequestId: OVERRIDE_REQUEST_ID,
            }),
          )
          .thenRejects('CASE.OVERRIDE_ALREADY_USED');
      });

      it('refuses an override approved for an earlier detention', () => {
        given(
          ...detained,
          riskClassificationCompleted({ recommendation: 'DETAIN' }),
          ...approvedOverride,
          riskClassificationCompleted({ recommendation: 'RELEASE', completedAt: '2026-11-22T13:00:00.000Z' }),
          subjectReleased(),
          detentionBooked({
            bookedInAt: '2026-11-23T10:00:00.000Z',
            riskClassificationDueAt: '2026-11-28T10:00:00.000Z',
          }),
        )
          .when(
            releaseSubject({
              releasedAt: '2026-11-23T11:00:00.000Z',
              overrideRequestId: OVERRIDE_REQUEST_ID,
            }),
          )
          .thenRejects('CASE.OVERRIDE_LAPSED');
      });

      it('requires a classification of the current detention, not of an earlier one', () => {
        given(
          ...underSupervision,
          detentionBooked({
            bookedInAt: '2026-11-23T10:00:00.000Z',
            riskClassificationDueAt: '2026-11-28T10:00:00.000Z',
          }),
        )
          .when(releaseSubject({ releasedAt: '2026-11-23T11:00:00.000Z' }))
          .thenRejects('CASE.OVERRIDE_REQUIRED');
      });

      it('refuses a release time in the future', () => {
        given(...detained, riskClassificationCompleted())
          .when(releaseSubject({ releasedAt: IN_THE_FUTURE }))
          .thenRejects('CASE.TIME_IN_FUTURE');
      });

      it.each([
        ['no interval', { ...checkInPlan, intervalDays: 0 }],
        ['a fractional interval', { ...checkInPlan, intervalDays: 1.5 }],
        ['a negative grace period', { ...checkInPlan, graceHours: -1 }],
        ['a first check-in due at the release', { ...checkInPlan, firstDueAt: RELEASED_AT }],
      ])('refuses a check-in plan with %s', (_case, plan) => {
        given(...detained, riskClassificationCompleted())
          .when(releaseSubject({ checkInPlan: plan }))
          .thenRejects('CASE.CHECK_IN_PLAN_INVALID');
      });

      it('refuses a first check-in time that is not an ISO 8601 instant', () => {
        given(...detained, riskClassificationCompleted())
          .when(releaseSubject({ checkInPlan: { ...checkInPlan, firstDueAt: 'next week' } }))
          .thenRejects('CASE.TIME_INVALID');
      });
    });
  });

  describe('when the subject is under supervision', () => {
    const laterOn = { now: '2026-12-01T12:00:00.000Z' };

    it('records a check-in with the next one due an interval after it', () => {
      given(...underSupervision)
        .when(recordCheckIn({ checkedInAt: '2026-11-29T15:00:00.000Z' }), laterOn)
        .then([checkInRecorded()]);
    });

    it('records a check-in by the method it came by', () => {
      given(...underSupervision)
        .when(recordCheckIn({ checkedInAt: '2026-11-29T15:00:00.000Z', method: 'APP' }), laterOn)
        .then([checkInRecorded({ method: 'APP' })]);
    });

    it('refuses a check-in in the future', () => {
      given(...underSupervision)
        .when(recordCheckIn({ checkedInAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('changes the check-in schedule', () => {
      given(...underSupervision)
        .when(changeCheckInSchedule())
        .then([checkInScheduleChanged()]);
    });

    it("gives a schedule without a grace the policy's default grace, recorded in the event", () => {
      const { graceHours: _given, ...withoutGrace } = changeCheckInSchedule().data;
      given(...underSupervision)
        .when(
          { type: 'ChangeCheckInSchedule', data: withoutGrace },
          { policy: { ...DEFAULT_CASE_POLICY, checkInGraceHours: 6 } },
        )
        .then([checkInScheduleChanged({ graceHours: 6 })]);
    });

    it('refuses a schedule whose next check-in is not after the change', () => {
      given(...underSupervision)
        .when(changeCheckInSchedule({ nextDueAt: NOW }))
        .thenRejects('CASE.CHECK_IN_PLAN_INVALID');
    });

    it('refuses a schedule without a whole-day interval', () => {
      given(...underSupervision)
        .when(changeCheckInSchedule({ intervalDays: 0.5 }))
        .thenRejects('CASE.CHECK_IN_PLAN_INVALID');
    });

    it('refuses a schedule change in the future', () => {
      given(...underSupervision)
        .when(changeCheckInSchedule({ changedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('refuses a risk classification for a subject who is not detained', () => {
      given(...underSupervision)
        .when(completeRiskClassification())
        .thenRejects('CASE.NOT_DETAINED');
    });

    it('refuses a release override request for a subject who is not detained', () => {
      given(...underSupervision)
        .when(requestReleaseOverride())
        .thenRejects('CASE.NOT_DETAINED');
    });

    it('refuses an overdue classification for a subject who is not detained', () => {
      given(...underSupervision)
        .when(recordRiskClassificationOverdue(), { now: RCA_DUE_AT })
        .thenRejects('CASE.NOT_DETAINED');
    });

    it('refuses to release a subject who is already released', () => {
      given(...underSupervision)
        .when(releaseSubject())
        .thenRejects('CASE.NOT_DETAINED');
    });

    it('detains the subject again, with a new risk classification deadline', () => {
      given(...underSupervision)
        .when(bookDetention({ bookedInAt: '2026-11-23T11:00:00.000Z' }))
        .then([
          detentionBooked({
            bookedInAt: '2026-11-23T11:00:00.000Z',
            riskClassificationDueAt: '2026-11-28T11:00:00.000Z',
          }),
        ]);
    });

    describe('and a check-in is missed', () => {
      /** The second miss in a row, as decide records it: on the alert the first miss raised. */
      const secondMissOnTheOpenAlert = checkInMissed({
        alertId: `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
        dueAt: SECOND_CHECK_IN_DUE_AT,
        detectedAt: '2026-12-08T09:00:00.000Z',
        consecutiveMisses: 2,
        nextDueAt: '2026-12-14T09:00:00.000Z',
      });

      it('records the miss once the grace period has passed, with an alert id derived from the deadline', () => {
        given(...underSupervision)
          .when(recordMissedCheckIn(), afterFirstMiss)
          .then([checkInMissed()]);
      });

      it('refuses to record a miss before the grace period has passed', () => {
        given(...underSupervision)
          .when(recordMissedCheckIn(), { now: '2026-12-01T08:59:59.999Z' })
          .thenRejects('CASE.DEADLINE_NOT_REACHED');
      });

      it('counts a further miss on the open alert instead of raising another', () => {
        given(...underSupervision, checkInMissed())
          .when(recordMissedCheckIn(SECOND_CHECK_IN_DUE_AT), { now: '2026-12-08T09:00:00.000Z' })
          .then([secondMissOnTheOpenAlert]);
      });

      it('starts counting again after a check-in', () => {
        given(
          ...underSupervision,
          checkInMissed(),
          checkInRecorded({ checkedInAt: '2026-12-01T15:00:00.000Z', nextDueAt: '2026-12-08T15:00:00.000Z' }),
        )
          .when(recordMissedCheckIn('2026-12-08T15:00:00.000Z'), { now: '2026-12-09T15:00:00.000Z' })
          .then([
            checkInMissed({
              dueAt: '2026-12-08T15:00:00.000Z',
              detectedAt: '2026-12-09T15:00:00.000Z',
              consecutiveMisses: 1,
              nextDueAt: '2026-12-15T15:00:00.000Z',
            }),
          ]);
      });

      it('counts a further miss on an acknowledged alert too', () => {
        given(...underSupervision, checkInMissed(), missedCheckInAcknowledged())
          .when(recordMissedCheckIn(SECOND_CHECK_IN_DUE_AT), { now: '2026-12-08T09:00:00.000Z' })
          .then([secondMissOnTheOpenAlert]);
      });

      it('acknowledges the open alert by its first id after a history that named one alert per miss', () => {
        given(
          ...underSupervision,
          checkInMissed(),
          checkInMissed({
            dueAt: SECOND_CHECK_IN_DUE_AT,
            detectedAt: '2026-12-08T09:00:00.000Z',
            consecutiveMisses: 2,
            nextDueAt: '2026-12-14T09:00:00.000Z',
          }),
        )
          .when(acknowledgeMissedCheckIn({ acknowledgedAt: '2026-12-08T10:00:00.000Z' }), {
            now: '2026-12-08T12:00:00.000Z',
          })
          .then([missedCheckInAcknowledged({ acknowledgedAt: '2026-12-08T10:00:00.000Z' })]);
      });

      it('refuses the same miss twice, so a scheduler retry is harmless', () => {
        given(...underSupervision, checkInMissed())
          .when(recordMissedCheckIn(), afterFirstMiss)
          .thenRejects('CASE.DEADLINE_ALREADY_RECORDED');
      });

      it('refuses a miss for a deadline a check-in has moved', () => {
        given(...underSupervision, checkInRecorded())
          .when(recordMissedCheckIn(), afterFirstMiss)
          .thenRejects('CASE.DEADLINE_NOT_CURRENT');
      });

      it('refuses a miss for a deadline a schedule change has moved', () => {
        given(...underSupervision, checkInScheduleChanged())
          .when(recordMissedCheckIn(), afterFirstMiss)
          .thenRejects('CASE.DEADLINE_NOT_CURRENT');
      });

      it('refuses a deadline that is not an ISO 8601 instant', () => {
        given(...underSupervision)
          .when(recordMissedCheckIn('tomorrow'), afterFirstMiss)
          .thenRejects('CASE.TIME_INVALID');
      });

      it('acknowledges the open alert', () => {
        given(...underSupervision, checkInMissed())
          .when(acknowledgeMissedCheckIn(), laterOn)
          .then([missedCheckInAcknowledged()]);
      });

      it('refuses to acknowledge an alert of another deadline', () => {
        given(...underSupervision, checkInMissed())
          .when(acknowledgeMissedCheckIn({ alertId: `mci:${caseId}:${SECOND_CHECK_IN_DUE_AT}` }), laterOn)
          .thenRejects('CASE.ALERT_NOT_FOUND');
      });

      it('refuses to acknowledge an alert twice', () => {
        given(...underSupervision, checkInMissed(), missedCheckInAcknowledged())
          .when(acknowledgeMissedCheckIn(), laterOn)
          .thenRejects('CASE.ALERT_ALREADY_ACKNOWLEDGED');
      });

      it('refuses to acknowledge an alert a check-in has resolved', () => {
        given(
          ...underSupervision,
          checkInMissed(),
          checkInRecorded({ checkedInAt: '2026-12-01T09:30:00.000Z' }),
        )
          .when(acknowledgeMissedCheckIn(), laterOn)
          .thenRejects('CASE.ALERT_NOT_FOUND');
      });

      it('refuses an acknowledgement time in the future', () => {
        given(...underSupervision, checkInMissed())
          .when(acknowledgeMissedCheckIn({ acknowledgedAt: '2026-12-02T00:00:00.000Z' }), afterFirstMiss)
          .thenRejects('CASE.TIME_IN_FUTURE');
      });
    });
  });

  describe('when the case is closed', () => {
    const everyCommand: CaseCommand[] = [
      bookDetention(),
      completeRiskClassification(),
      recordRiskClassificationOverdue(),
      requestReleaseOverride(),
      decideReleaseOverride(),
      releaseSubject(),
      changeCheckInSchedule(),
      recordCheckIn(),
      recordMissedCheckIn(),
      acknowledgeMissedCheckIn(),
      reassignCase(),
      requestDetainer(),
      recordDetainerResponse(),
      scheduleRemoval(),
      recordRemovalFailure(),
      recordRemoval(),
      closeCase(),
    ];

    it.each(everyCommand.map((command) => [command.type, command] as const))(
      'refuses %s on a closed case',
      (_type, command) => {
        given(caseOpened(), caseClosed()).when(command, atSupervisor).thenRejects('CASE.CLOSED');
      },
    );

    it('refuses everything once the subject has been removed', () => {
      given(...detained, removalScheduled(), subjectRemoved())
        .when(bookDetention())
        .thenRejects('CASE.CLOSED');
    });

    it('still refuses to open the case again', () => {
      given(caseOpened(), caseClosed()).when(openCase()).thenRejects('CASE.ALREADY_OPENED');
    });
  });
});
