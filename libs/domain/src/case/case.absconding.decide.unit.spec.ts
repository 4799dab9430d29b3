import { DEFAULT_CASE_POLICY, OVERRIDE_NARRATIVE_MIN_LENGTH } from './case.commands';
import {
  abscondingDetermined,
  abscondingSuspected,
  AFTER_DETERMINATION,
  determineAbsconding,
  DETERMINED_AT,
  FOURTH_CHECK_IN_DUE_AT,
  fugitive,
  missedThreeTimes,
  suspectedOfAbsconding,
  SUSPICION_ALERT_ID,
  THIRD_CHECK_IN_DUE_AT,
  THIRD_CHECK_IN_MISSED_AT,
} from './case.absconding.test-data';
import { caseDeadlines } from './case.deadlines';
import { replay } from './case.evolve';
import { given } from './case.given';
import {
  bookDetention,
  caseId,
  changeCheckInSchedule,
  checkInMissed,
  checkInRecorded,
  closeCase,
  caseReassigned,
  detainerRequested,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  FIRST_CHECK_IN_MISSED_AT,
  reassignCase,
  recordCheckIn,
  recordMissedCheckIn,
  recordRemoval,
  recordRemovalFailure,
  removalScheduled,
  requestDetainer,
  RELEASED_AT,
  SECOND_CHECK_IN_DUE_AT,
  scheduleRemoval,
  supervisor,
  underSupervision,
} from './case.test-data';

const atThirdMiss = { now: THIRD_CHECK_IN_MISSED_AT };
const bySupervisor = { actor: supervisor, now: AFTER_DETERMINATION };
const missedTwice = missedThreeTimes.slice(0, -1);
/** The case's one open missed-check-in alert, named by the first miss. */
const openAlertId = `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`;
const thirdMiss = checkInMissed({
  alertId: openAlertId,
  dueAt: THIRD_CHECK_IN_DUE_AT,
  detectedAt: THIRD_CHECK_IN_MISSED_AT,
  consecutiveMisses: 3,
  nextDueAt: FOURTH_CHECK_IN_DUE_AT,
});

describe('Absconding', () => {
  describe('when a miss crosses the consecutive-misses threshold', () => {
    it('suspects absconding in the same decision as the miss', () => {
      given(...missedTwice)
        .when(recordMissedCheckIn(THIRD_CHECK_IN_DUE_AT), atThirdMiss)
        .then([thirdMiss, abscondingSuspected()]);
    });

    it('takes the threshold from the policy', () => {
      const policy = { ...DEFAULT_CASE_POLICY, abscondingConsecutiveMisses: 1 };
      given(...underSupervision)
        .when(recordMissedCheckIn(), { now: FIRST_CHECK_IN_MISSED_AT, policy })
        .then([
          checkInMissed(),
          abscondingSuspected({
            alertId: `abs:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
            consecutiveMisses: 1,
            missedDueAt: FIRST_CHECK_IN_DUE_AT,
            suspectedAt: FIRST_CHECK_IN_MISSED_AT,
          }),
        ]);
    });

    it('does not suspect it below the threshold', () => {
      given(...underSupervision)
        .when(recordMissedCheckIn(), { now: FIRST_CHECK_IN_MISSED_AT })
        .then([checkInMissed()]);
    });

    it('does not suspect it twice while a suspicion is open', () => {
      given(...suspectedOfAbsconding)
        .when(recordMissedCheckIn(FOURTH_CHECK_IN_DUE_AT), { now: '2026-12-22T09:00:00.000Z' })
        .then([
          checkInMissed({
            alertId: openAlertId,
            dueAt: FOURTH_CHECK_IN_DUE_AT,
            detectedAt: '2026-12-22T09:00:00.000Z',
            consecutiveMisses: 4,
            nextDueAt: '2026-12-28T09:00:00.000Z',
          }),
        ]);
    });

    it('suspects it again after a NOT_ABSCONDED determination, at the next crossing miss', () => {
      const policy = { ...DEFAULT_CASE_POLICY, abscondingConsecutiveMisses: 3 };
      given(...suspectedOfAbsconding, abscondingDetermined('NOT_ABSCONDED'))
        .when(recordMissedCheckIn(FOURTH_CHECK_IN_DUE_AT), { now: '2026-12-22T09:00:00.000Z', policy })
        .then([
          checkInMissed({
            alertId: openAlertId,
            dueAt: FOURTH_CHECK_IN_DUE_AT,
            detectedAt: '2026-12-22T09:00:00.000Z',
            consecutiveMisses: 4,
            nextDueAt: '2026-12-28T09:00:00.000Z',
          }),
          abscondingSuspected({
            alertId: `abs:${caseId}:${FOURTH_CHECK_IN_DUE_AT}`,
            consecutiveMisses: 4,
            missedDueAt: FOURTH_CHECK_IN_DUE_AT,
            suspectedAt: '2026-12-22T09:00:00.000Z',
          }),
        ]);
    });
  });

  describe('when a miss comes the threshold’s days after the last contact', () => {
    const policy = { ...DEFAULT_CASE_POLICY, abscondingDaysWithoutContact: 8 };

    it('suspects absconding on the days-without-contact basis, counted from the release', () => {
      given(...underSupervision)
        .when(recordMissedCheckIn(), { now: FIRST_CHECK_IN_MISSED_AT, policy })
        .then([
          checkInMissed(),
          abscondingSuspected({
            alertId: `abs:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
            basis: 'DAYS_WITHOUT_CONTACT',
            consecutiveMisses: 1,
            lastContactAt: RELEASED_AT,
            missedDueAt: FIRST_CHECK_IN_DUE_AT,
            suspectedAt: FIRST_CHECK_IN_MISSED_AT,
          }),
        ]);
    });

    it('counts from the latest check-in, not from the release', () => {
      // Checked in on 29 Nov: the miss detected on 8 Dec is 9 days later, still under 10.
      const tenDays = { ...DEFAULT_CASE_POLICY, abscondingDaysWithoutContact: 10 };
      given(...underSupervision, checkInRecorded())
        .when(recordMissedCheckIn('2026-12-06T15:00:00.000Z'), {
          now: '2026-12-08T09:00:00.000Z',
          policy: tenDays,
        })
        .then([
          checkInMissed({
            alertId: `mci:${caseId}:2026-12-06T15:00:00.000Z`,
            dueAt: '2026-12-06T15:00:00.000Z',
            detectedAt: '2026-12-08T09:00:00.000Z',
            nextDueAt: '2026-12-13T15:00:00.000Z',
          }),
        ]);
    });

    it('does not suspect it twice while a suspicion is open', () => {
      given(...underSupervision, checkInMissed(), abscondingSuspected({ basis: 'DAYS_WITHOUT_CONTACT' }))
        .when(recordMissedCheckIn(SECOND_CHECK_IN_DUE_AT), { now: '2026-12-08T09:00:00.000Z', policy })
        .then([
          checkInMissed({
            alertId: openAlertId,
            dueAt: SECOND_CHECK_IN_DUE_AT,
            detectedAt: '2026-12-08T09:00:00.000Z',
            consecutiveMisses: 2,
            nextDueAt: THIRD_CHECK_IN_DUE_AT,
          }),
        ]);
    });
  });

  describe('when a supervisor determines an open suspicion', () => {
    it('declares the subject an absconder with a referral', () => {
      given(...suspectedOfAbsconding)
        .when(determineAbsconding(), bySupervisor)
        .then([abscondingDetermined()]);
    });

    it('closes the suspicion on NOT_ABSCONDED, keeping supervision', () => {
      given(...suspectedOfAbsconding)
        .when(determineAbsconding('NOT_ABSCONDED'), bySupervisor)
        .then([abscondingDetermined('NOT_ABSCONDED')]);
      const state = replay([...suspectedOfAbsconding, abscondingDetermined('NOT_ABSCONDED')]);
      expect(state.docket).toBe('NON_DETAINED');
      expect(state.opened && state.supervision?.abscondingSuspicion).toBeUndefined();
    });

    it('trims the narrative', () => {
      given(...suspectedOfAbsconding)
        .when(
          determineAbsconding('ABSCONDED', { narrative: `  ${abscondingDetermined().data.narrative}  ` }),
          bySupervisor,
        )
        .then([abscondingDetermined()]);
    });

    it('is for supervisors only', () => {
      given(...suspectedOfAbsconding)
        .when(determineAbsconding(), { now: AFTER_DETERMINATION })
        .thenRejects('CASE.SUPERVISOR_REQUIRED');
    });

    it('refuses a narrative under the floor', () => {
      given(...suspectedOfAbsconding)
        .when(
          determineAbsconding('ABSCONDED', {
            narrative: `${'x'.repeat(OVERRIDE_NARRATIVE_MIN_LENGTH - 1)}   `,
          }),
          bySupervisor,
        )
        .thenRejects('CASE.ABSCONDING_NARRATIVE_TOO_SHORT');
    });

    it('refuses a determination dated before the suspicion was raised', () => {
      given(...suspectedOfAbsconding)
        .when(determineAbsconding('ABSCONDED', { determinedAt: '2026-12-15T08:59:59.000Z' }), bySupervisor)
        .thenRejects('CASE.ABSCONDING_DETERMINED_BEFORE_SUSPECTED');
    });

    it('refuses a determination time in the future', () => {
      given(...suspectedOfAbsconding)
        .when(determineAbsconding('ABSCONDED', { determinedAt: '2026-12-17T00:00:00.000Z' }), bySupervisor)
        .thenRejects('CASE.TIME_IN_FUTURE');
    });
  });

  describe('when no suspicion is open', () => {
    it('refuses a determination under supervision', () => {
      given(...missedThreeTimes)
        .when(determineAbsconding(), bySupervisor)
        .thenRejects('CASE.ABSCONDING_NOT_SUSPECTED');
    });

    it('refuses a second determination once decided', () => {
      given(...suspectedOfAbsconding, abscondingDetermined('NOT_ABSCONDED'))
        .when(determineAbsconding(), bySupervisor)
        .thenRejects('CASE.ABSCONDING_NOT_SUSPECTED');
      given(...fugitive)
        .when(determineAbsconding(), bySupervisor)
        .thenRejects('CASE.ABSCONDING_NOT_SUSPECTED');
    });

    it('refuses it after a check-in re-established contact', () => {
      given(
        ...suspectedOfAbsconding,
        checkInRecorded({ checkedInAt: '2026-12-15T10:00:00.000Z', nextDueAt: '2026-12-22T10:00:00.000Z' }),
      )
        .when(determineAbsconding(), bySupervisor)
        .thenRejects('CASE.ABSCONDING_NOT_SUSPECTED');
    });

    it('refuses it after an arrest ended supervision', () => {
      given(
        ...suspectedOfAbsconding,
        detentionBooked({ bookedInAt: DETERMINED_AT, riskClassificationDueAt: '2026-12-20T12:00:00.000Z' }),
      )
        .when(determineAbsconding(), bySupervisor)
        .thenRejects('CASE.ABSCONDING_NOT_SUSPECTED');
    });
  });

  describe('when the subject is a fugitive', () => {
    const later = { now: AFTER_DETERMINATION };

    it('is on the FUGITIVE docket with no supervision and no deadlines', () => {
      const state = replay(fugitive);
      expect(state).toMatchObject({
        docket: 'FUGITIVE',
        fugitive: {
          alertId: SUSPICION_ALERT_ID,
          referralId: `ref:${SUSPICION_ALERT_ID}`,
          declaredBy: 'supervisor-1',
          declaredAt: DETERMINED_AT,
        },
      });
      expect(state.opened && state.supervision).toBeUndefined();
      expect(caseDeadlines(state)).toEqual([]);
    });

    it('refuses check-ins', () => {
      given(...fugitive)
        .when(recordCheckIn({ checkedInAt: AFTER_DETERMINATION }), later)
        .thenRejects('CASE.FUGITIVE');
    });

    it('refuses schedule changes', () => {
      given(...fugitive)
        .when(
          changeCheckInSchedule({ changedAt: AFTER_DETERMINATION, nextDueAt: '2026-12-30T09:00:00.000Z' }),
          later,
        )
        .thenRejects('CASE.FUGITIVE');
    });

    it('refuses a missed check-in from a stale deadline as nothing to supervise', () => {
      given(...fugitive)
        .when(recordMissedCheckIn(FOURTH_CHECK_IN_DUE_AT), { now: '2026-12-22T09:00:00.000Z' })
        .thenRejects('CASE.NOT_UNDER_SUPERVISION');
    });

    it('refuses scheduling or recording a removal: the person is not in hand', () => {
      given(...fugitive)
        .when(scheduleRemoval(), later)
        .thenRejects('CASE.FUGITIVE');
      given(
        ...suspectedOfAbsconding.slice(0, -1),
        removalScheduled(),
        abscondingSuspected(),
        abscondingDetermined(),
      )
        .when(recordRemoval({ removedAt: AFTER_DETERMINATION }), later)
        .thenRejects('CASE.FUGITIVE');
    });

    it('records a removal planned before as failed', () => {
      given(...missedThreeTimes, removalScheduled(), abscondingSuspected(), abscondingDetermined())
        .when(recordRemovalFailure({ reason: 'SUBJECT_ABSENT', failedAt: AFTER_DETERMINATION }), later)
        .then([
          {
            type: 'RemovalFailed',
            version: 1,
            data: {
              caseId,
              removalId: 'removal-1',
              reason: 'SUBJECT_ABSENT',
              failedAt: AFTER_DETERMINATION,
              recordedBy: 'officer-1',
            },
          },
        ]);
    });

    it('stays with the office: reassigned within it, its officer’s caseload carrying it', () => {
      given(...fugitive)
        .when(reassignCase({ reassignedAt: AFTER_DETERMINATION }), later)
        .then([
          caseReassigned({
            fromOfficeId: 'WAS',
            toOfficeId: 'WAS',
            reason: 'Subject moved to Georgia',
            reassignedAt: AFTER_DETERMINATION,
          }),
        ]);
    });

    it('takes a detainer, for when another jurisdiction holds the absconder', () => {
      given(...fugitive)
        .when(requestDetainer({ requestedAt: AFTER_DETERMINATION }), later)
        .then([detainerRequested({ requestedAt: AFTER_DETERMINATION })]);
    });

    it('closes the case', () => {
      given(...fugitive)
        .when(closeCase({ reason: 'DECEASED', closedAt: AFTER_DETERMINATION }), later)
        .then([
          {
            type: 'CaseClosed',
            version: 1,
            data: { caseId, reason: 'DECEASED', closedAt: AFTER_DETERMINATION, closedBy: 'officer-1' },
          },
        ]);
    });

    it('books the arrest as a detention, with the RCA deadline as for any booking', () => {
      given(...fugitive)
        .when(bookDetention({ bookedInAt: AFTER_DETERMINATION }), later)
        .then([
          detentionBooked({
            bookedInAt: AFTER_DETERMINATION,
            riskClassificationDueAt: '2026-12-21T12:00:00.000Z',
          }),
        ]);
      const arrested = replay([
        ...fugitive,
        detentionBooked({
          bookedInAt: AFTER_DETERMINATION,
          riskClassificationDueAt: '2026-12-21T12:00:00.000Z',
        }),
      ]);
      expect(arrested.docket).toBe('DETAINED');
      expect(arrested.opened && arrested.fugitive).toBeUndefined();
      expect(caseDeadlines(arrested)).toEqual([
        {
          kind: 'RISK_CLASSIFICATION',
          dueAt: '2026-12-21T12:00:00.000Z',
          fireAt: '2026-12-21T12:00:00.000Z',
        },
      ]);
    });
  });
});
