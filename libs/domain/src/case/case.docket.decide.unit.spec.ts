import { OVERRIDE_NARRATIVE_MIN_LENGTH } from './case.commands';
import { caseDeadlines } from './case.deadlines';
import { HIGH_PUBLIC_SAFETY_RISK_REASON } from './case.docket-decide';
import {
  caseFlagCleared,
  caseFlagged,
  clearCaseFlag,
  custodyDeterminationRecorded,
  determinationRationale,
  ENROLLED_AT,
  enrolled,
  enrolSubject,
  flagCase,
  recordCustodyDetermination,
  subjectEnrolled,
  underSupervisorReview,
} from './case.docket.test-data';
import { replay } from './case.evolve';
import { given } from './case.given';
import {
  caseClosed,
  caseOpened,
  checkInMissed,
  checkInRecorded,
  completeRiskClassification,
  detained,
  FIRST_CHECK_IN_MISSED_AT,
  NOW,
  recordCheckIn,
  recordMissedCheckIn,
  releaseOverrideDecided,
  releaseOverrideRequested,
  releaseSubject,
  riskClassificationCompleted,
  subjectReleased,
  supervisor,
  underSupervision,
} from './case.test-data';

const atSupervisor = { actor: supervisor };
const IN_THE_FUTURE = '2026-11-24T00:00:00.000Z';

describe('Case on the non-detained docket', () => {
  describe('when a pending case is enrolled without detention', () => {
    it('puts it on the non-detained docket with its basis, conditions and check-in plan', () => {
      given(caseOpened()).when(enrolSubject()).then([subjectEnrolled()]);
    });

    it('records each reporting condition once', () => {
      given(caseOpened())
        .when(enrolSubject({ reportingConditions: ['REPORT_IN_PERSON', 'HOME_VISITS', 'REPORT_IN_PERSON'] }))
        .then([subjectEnrolled({ reportingConditions: ['REPORT_IN_PERSON', 'HOME_VISITS'] })]);
    });

    it('refuses a detained case: a detainee is released, not enrolled', () => {
      given(...detained)
        .when(enrolSubject())
        .thenRejects('CASE.NOT_PENDING');
    });

    it('refuses a case already under supervision', () => {
      given(...enrolled)
        .when(enrolSubject())
        .thenRejects('CASE.NOT_PENDING');
    });

    it('refuses a first check-in that is not after the enrolment', () => {
      given(caseOpened())
        .when(enrolSubject({ checkInPlan: { firstDueAt: ENROLLED_AT, intervalDays: 7, graceHours: 24 } }))
        .thenRejects('CASE.CHECK_IN_PLAN_INVALID');
    });

    it('refuses an enrolment in the future', () => {
      given(caseOpened())
        .when(enrolSubject({ enrolledAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('holds the same check-in deadline a release with the same plan holds', () => {
      expect(caseDeadlines(replay(enrolled))).toEqual(caseDeadlines(replay(underSupervision)));
    });

    it('accepts check-ins and records misses as for a released subject', () => {
      given(...enrolled)
        .when(recordMissedCheckIn(), { now: FIRST_CHECK_IN_MISSED_AT })
        .then([checkInMissed({ detectedAt: FIRST_CHECK_IN_MISSED_AT })]);
      given(...enrolled)
        .when(recordCheckIn({ checkedInAt: NOW }))
        .then([checkInRecorded({ checkedInAt: NOW, nextDueAt: '2026-11-30T12:00:00.000Z' })]);
    });
  });

  describe('when the RCA recommends SUPERVISOR_REVIEW', () => {
    it('refuses a release no supervisor has determined', () => {
      given(...underSupervisorReview)
        .when(releaseSubject())
        .thenRejects('CASE.CUSTODY_DETERMINATION_REQUIRED');
    });

    it('refuses it even with an approved override: the supervisor must decide custody itself', () => {
      given(...underSupervisorReview, releaseOverrideRequested(), releaseOverrideDecided())
        .when(releaseSubject({ overrideRequestId: 'override-1' }))
        .thenRejects('CASE.CUSTODY_DETERMINATION_REQUIRED');
    });

    it('records a supervisor’s determination with its rationale', () => {
      given(...underSupervisorReview)
        .when(recordCustodyDetermination(), atSupervisor)
        .then([custodyDeterminationRecorded()]);
    });

    it('releases once a supervisor determined RELEASE', () => {
      given(...underSupervisorReview, custodyDeterminationRecorded())
        .when(releaseSubject())
        .then([subjectReleased({ rcaRecommendation: 'SUPERVISOR_REVIEW' })]);
    });

    it('refuses a release against a DETAIN determination', () => {
      given(...underSupervisorReview, custodyDeterminationRecorded({ decision: 'DETAIN' }))
        .when(releaseSubject())
        .thenRejects('CASE.RELEASE_CONTRADICTS_DETERMINATION');
    });

    it('holds a RELEASE_ON_ATD determination to a release on ATD', () => {
      const onAtd = custodyDeterminationRecorded({ decision: 'RELEASE_ON_ATD' });
      given(...underSupervisorReview, onAtd)
        .when(releaseSubject({ releaseType: 'BOND' }))
        .thenRejects('CASE.RELEASE_CONTRADICTS_DETERMINATION');
      given(...underSupervisorReview, onAtd)
        .when(releaseSubject({ releaseType: 'ATD' }))
        .then([subjectReleased({ releaseType: 'ATD', rcaRecommendation: 'SUPERVISOR_REVIEW' })]);
    });

    it('forgets the determination when a new RCA is done', () => {
      given(
        ...underSupervisorReview,
        custodyDeterminationRecorded(),
        riskClassificationCompleted({ recommendation: 'SUPERVISOR_REVIEW' }),
      )
        .when(releaseSubject())
        .thenRejects('CASE.CUSTODY_DETERMINATION_REQUIRED');
    });

    it('refuses a determination by an officer', () => {
      given(...underSupervisorReview)
        .when(recordCustodyDetermination())
        .thenRejects('CASE.SUPERVISOR_REQUIRED');
    });

    it('refuses a rationale shorter than an override narrative must be, spaces not counted', () => {
      const short = `${'x'.repeat(OVERRIDE_NARRATIVE_MIN_LENGTH - 1)}          `;
      given(...underSupervisorReview)
        .when(recordCustodyDetermination({ rationale: short }), atSupervisor)
        .thenRejects('CASE.CUSTODY_RATIONALE_TOO_SHORT');
    });

    it('refuses a determination in the future', () => {
      given(...underSupervisorReview)
        .when(recordCustodyDetermination({ determinedAt: IN_THE_FUTURE }), atSupervisor)
        .thenRejects('CASE.TIME_IN_FUTURE');
    });
  });

  describe('when the RCA recommends something else', () => {
    it('refuses a determination nobody asked for', () => {
      given(...detained, riskClassificationCompleted({ recommendation: 'RELEASE' }))
        .when(recordCustodyDetermination(), atSupervisor)
        .thenRejects('CASE.CUSTODY_DETERMINATION_NOT_CALLED_FOR');
    });

    it('refuses a determination for a subject not detained', () => {
      given(...enrolled)
        .when(recordCustodyDetermination({ rationale: determinationRationale }), atSupervisor)
        .thenRejects('CASE.NOT_DETAINED');
    });
  });

  describe('priority flags', () => {
    it('lets an officer flag a case with a reason', () => {
      given(...enrolled)
        .when(flagCase())
        .then([caseFlagged()]);
    });

    it('records a supervisor as the flag’s source', () => {
      given(...enrolled)
        .when(flagCase(), atSupervisor)
        .then([caseFlagged({ source: 'SUPERVISOR', flaggedBy: 'supervisor-1' })]);
    });

    it('refuses a flag without a reason', () => {
      given(...enrolled)
        .when(flagCase({ reason: '   ' }))
        .thenRejects('CASE.REASON_REQUIRED');
    });

    it('refuses a second flag of the same kind, accepts one of another', () => {
      given(...enrolled, caseFlagged())
        .when(flagCase())
        .thenRejects('CASE.ALREADY_FLAGGED');
      given(...enrolled, caseFlagged())
        .when(flagCase({ kind: 'PUBLIC_SAFETY' }))
        .then([caseFlagged({ kind: 'PUBLIC_SAFETY' })]);
    });

    it('clears a flag, after which it may be set again', () => {
      given(...enrolled, caseFlagged())
        .when(clearCaseFlag(), atSupervisor)
        .then([caseFlagCleared()]);
      given(...enrolled, caseFlagged(), caseFlagCleared())
        .when(flagCase())
        .then([caseFlagged()]);
    });

    it('refuses to clear a flag the case does not carry', () => {
      given(...enrolled)
        .when(clearCaseFlag())
        .thenRejects('CASE.FLAG_NOT_FOUND');
    });

    it('refuses a flag on a closed case', () => {
      given(...enrolled, caseClosed())
        .when(flagCase())
        .thenRejects('CASE.CLOSED');
    });

    it('flags a case whose RCA rates the public-safety risk HIGH', () => {
      given(...detained)
        .when(completeRiskClassification({ publicSafetyRisk: 'HIGH' }))
        .then([
          riskClassificationCompleted({ publicSafetyRisk: 'HIGH' }),
          caseFlagged({
            kind: 'PUBLIC_SAFETY',
            reason: HIGH_PUBLIC_SAFETY_RISK_REASON,
            source: 'RISK_CLASSIFICATION',
            flaggedAt: riskClassificationCompleted().data.completedAt,
          }),
        ]);
    });

    it('does not flag a case already flagged for public safety again', () => {
      given(...detained, caseFlagged({ kind: 'PUBLIC_SAFETY' }))
        .when(completeRiskClassification({ publicSafetyRisk: 'HIGH' }))
        .then([riskClassificationCompleted({ publicSafetyRisk: 'HIGH' })]);
    });

    it('keeps the flags in the state until cleared', () => {
      const state = replay([...enrolled, caseFlagged(), caseFlagged({ kind: 'OTHER' }), caseFlagCleared()]);
      expect(state.opened && Object.keys(state.priorityFlags ?? {})).toEqual(['OTHER']);
    });
  });
});
