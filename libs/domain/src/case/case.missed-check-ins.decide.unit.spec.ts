import { DEFAULT_CASE_POLICY, type Actor } from './case.commands';
import { caseFlagged } from './case.docket.test-data';
import { replay } from './case.evolve';
import { given } from './case.given';
import { nextMissedCheckInEscalation } from './case.missed-check-ins';
import {
  ALERT_ID,
  confirmMissedCheckIn,
  DIRECTOR_ESCALATION_AT,
  escalateMissedCheckInAlert,
  excuseMissedCheckIn,
  excusalNote,
  missedCheckInAlertEscalated,
  missedCheckInConfirmed,
  missedCheckInExcusalReopened,
  missedCheckInExcused,
  missedCheckInVoided,
  reopenMissedCheckInExcusal,
  SETTLED_AT,
  SUPERVISOR_ESCALATION_AT,
} from './case.missed-check-ins.test-data';
import type { CaseEvent } from './case.events';
import type { OpenedCaseState } from './case.state';
import {
  checkInMissed,
  checkInRecorded,
  FIRST_CHECK_IN_DUE_AT,
  missedCheckInAcknowledged,
  officer,
  recordCheckIn,
  SECOND_CHECK_IN_DUE_AT,
  supervisor,
  underSupervision,
} from './case.test-data';

/** A decision time after the miss was recorded. */
const later = { now: '2026-12-05T12:00:00.000Z' };
const scheduler: Actor = { userId: 'system:scheduler', role: 'ADMIN' };
const missed = [...underSupervision, checkInMissed()];
/** The second deadline missed too: detected a day after it was due. */
const secondMiss = checkInMissed({
  dueAt: SECOND_CHECK_IN_DUE_AT,
  detectedAt: '2026-12-08T09:00:00.000Z',
  consecutiveMisses: 2,
  nextDueAt: '2026-12-14T09:00:00.000Z',
  alertId: ALERT_ID,
});

function stateAfter(...history: CaseEvent[]): OpenedCaseState {
  const state = replay(history);
  if (!state.opened) throw new Error('the history opens no case');
  return state;
}

describe('After a missed check-in', () => {
  describe('when nobody acknowledges the alert', () => {
    it('escalates it to the supervisors once the first window has passed', () => {
      given(...missed)
        .when(escalateMissedCheckInAlert(), { actor: scheduler, now: SUPERVISOR_ESCALATION_AT })
        .then([missedCheckInAlertEscalated()]);
    });

    it('refuses to escalate before the window has passed', () => {
      given(...missed)
        .when(escalateMissedCheckInAlert(), { actor: scheduler, now: '2026-12-02T08:59:59.999Z' })
        .thenRejects('CASE.DEADLINE_NOT_REACHED');
    });

    it('escalates a case with a priority flag after half the window', () => {
      given(...underSupervision, caseFlagged(), checkInMissed())
        .when(escalateMissedCheckInAlert(), { actor: scheduler, now: '2026-12-01T21:00:00.000Z' })
        .then([missedCheckInAlertEscalated({ escalatedAt: '2026-12-01T21:00:00.000Z' })]);
    });

    it('takes the windows from the policy', () => {
      const policy = { ...DEFAULT_CASE_POLICY, alertEscalationWindowsMs: [60_000, 120_000] };
      given(...missed)
        .when(escalateMissedCheckInAlert(), { actor: scheduler, now: '2026-12-01T09:01:00.000Z', policy })
        .then([missedCheckInAlertEscalated({ escalatedAt: '2026-12-01T09:01:00.000Z' })]);
    });

    it('escalates it to the deputy field office director a window after the supervisors', () => {
      given(...missed, missedCheckInAlertEscalated())
        .when(escalateMissedCheckInAlert({ level: 'DEPUTY_FIELD_OFFICE_DIRECTOR' }), {
          actor: scheduler,
          now: DIRECTOR_ESCALATION_AT,
        })
        .then([
          missedCheckInAlertEscalated({
            level: 'DEPUTY_FIELD_OFFICE_DIRECTOR',
            escalatedAt: DIRECTOR_ESCALATION_AT,
          }),
        ]);
    });

    it('refuses a level the alert has already reached', () => {
      given(...missed, missedCheckInAlertEscalated())
        .when(escalateMissedCheckInAlert(), { actor: scheduler, now: DIRECTOR_ESCALATION_AT })
        .thenRejects('CASE.ALERT_ALREADY_ESCALATED');
    });

    it('refuses to skip a level', () => {
      given(...missed)
        .when(escalateMissedCheckInAlert({ level: 'DEPUTY_FIELD_OFFICE_DIRECTOR' }), {
          actor: scheduler,
          now: DIRECTOR_ESCALATION_AT,
        })
        .thenRejects('CASE.DEADLINE_NOT_CURRENT');
    });

    it('refuses the window of an earlier miss: a further miss started a new one', () => {
      given(...missed, secondMiss)
        .when(escalateMissedCheckInAlert({ consecutiveMisses: 1 }), {
          actor: scheduler,
          now: '2026-12-09T09:00:00.000Z',
        })
        .thenRejects('CASE.DEADLINE_NOT_CURRENT');
    });

    it('has nothing further to escalate to after the deputy field office director', () => {
      const state = stateAfter(
        ...missed,
        missedCheckInAlertEscalated(),
        missedCheckInAlertEscalated({
          level: 'DEPUTY_FIELD_OFFICE_DIRECTOR',
          escalatedAt: DIRECTOR_ESCALATION_AT,
        }),
      );
      expect(nextMissedCheckInEscalation(state, DEFAULT_CASE_POLICY)).toBeUndefined();
    });

    it('keeps the level reached when a further miss raises the alert again, with a new window', () => {
      const state = stateAfter(...missed, missedCheckInAlertEscalated(), secondMiss);
      expect(state.supervision?.openMissedCheckInAlert).toMatchObject({
        consecutiveMisses: 2,
        acknowledged: false,
        escalationLevel: 'SUPERVISOR',
      });
      expect(nextMissedCheckInEscalation(state, DEFAULT_CASE_POLICY)).toEqual({
        alertId: ALERT_ID,
        level: 'DEPUTY_FIELD_OFFICE_DIRECTOR',
        consecutiveMisses: 2,
        dueAt: '2026-12-09T09:00:00.000Z',
      });
    });
  });

  describe('when the alert was acknowledged', () => {
    it('refuses to escalate it', () => {
      given(...missed, missedCheckInAcknowledged())
        .when(escalateMissedCheckInAlert(), { actor: scheduler, now: SUPERVISOR_ESCALATION_AT })
        .thenRejects('CASE.ALERT_ALREADY_ACKNOWLEDGED');
    });

    it('holds no escalation deadline', () => {
      const state = stateAfter(...missed, missedCheckInAcknowledged());
      expect(nextMissedCheckInEscalation(state, DEFAULT_CASE_POLICY)).toBeUndefined();
    });
  });

  describe('when a check-in resolved the alert', () => {
    it('refuses to escalate it', () => {
      given(...missed, checkInRecorded({ checkedInAt: '2026-12-01T11:00:00.000Z' }))
        .when(escalateMissedCheckInAlert(), { actor: scheduler, now: SUPERVISOR_ESCALATION_AT })
        .thenRejects('CASE.ALERT_NOT_FOUND');
    });
  });

  describe('when a check-in that met the deadline is entered after the miss was recorded', () => {
    const onTime = '2026-11-30T08:30:00.000Z';

    it('voids the miss in the same append, before the check-in', () => {
      given(...missed)
        .when(recordCheckIn({ checkedInAt: onTime }), { now: SETTLED_AT })
        .then([
          missedCheckInVoided({ checkedInAt: onTime }),
          checkInRecorded({ checkedInAt: onTime, nextDueAt: '2026-12-07T08:30:00.000Z' }),
        ]);
    });

    it('voids it for a check-in within the grace period', () => {
      given(...missed)
        .when(recordCheckIn({ checkedInAt: '2026-12-01T09:00:00.000Z' }), { now: SETTLED_AT })
        .then([
          missedCheckInVoided({ checkedInAt: '2026-12-01T09:00:00.000Z' }),
          checkInRecorded({ checkedInAt: '2026-12-01T09:00:00.000Z', nextDueAt: '2026-12-08T09:00:00.000Z' }),
        ]);
    });

    it('does not void it for a check-in after the grace period: the miss stands', () => {
      const checkedInAt = '2026-12-01T09:00:00.001Z';
      given(...missed)
        .when(recordCheckIn({ checkedInAt }), { now: SETTLED_AT })
        .then([checkInRecorded({ checkedInAt, nextDueAt: '2026-12-08T09:00:00.001Z' })]);
    });

    it('does not void it for a check-in from before the deadline’s period', () => {
      const checkedInAt = '2026-11-23T09:00:00.000Z';
      given(...missed)
        .when(recordCheckIn({ checkedInAt }), { now: SETTLED_AT })
        .then([checkInRecorded({ checkedInAt, nextDueAt: '2026-11-30T09:00:00.000Z' })]);
    });

    it('corrects the consecutive misses and resolves the alert', () => {
      const state = stateAfter(
        ...missed,
        secondMiss,
        missedCheckInVoided({ dueAt: SECOND_CHECK_IN_DUE_AT, checkedInAt: '2026-12-07T10:00:00.000Z' }),
      );
      expect(state.supervision?.consecutiveMisses).toBe(1);
      expect(state.supervision?.openMissedCheckInAlert).toBeUndefined();
      expect(state.missedCheckIns?.[SECOND_CHECK_IN_DUE_AT]).toMatchObject({ outcome: 'RECORDED_LATE' });
      expect(state.missedCheckIns?.[FIRST_CHECK_IN_DUE_AT]).toMatchObject({ outcome: 'MISSED' });
    });

    it('voids only the latest miss', () => {
      const checkedInAt = '2026-12-07T10:00:00.000Z';
      given(...missed, secondMiss)
        .when(recordCheckIn({ checkedInAt }), { now: '2026-12-08T12:00:00.000Z' })
        .then([
          missedCheckInVoided({
            dueAt: SECOND_CHECK_IN_DUE_AT,
            checkedInAt,
            voidedAt: '2026-12-08T12:00:00.000Z',
          }),
          checkInRecorded({ checkedInAt, nextDueAt: '2026-12-14T10:00:00.000Z' }),
        ]);
    });

    it('does not void a miss already excused', () => {
      given(...missed, missedCheckInExcused())
        .when(recordCheckIn({ checkedInAt: onTime }), { now: SETTLED_AT })
        .then([checkInRecorded({ checkedInAt: onTime, nextDueAt: '2026-12-07T08:30:00.000Z' })]);
    });
  });

  describe('when an officer excuses a miss', () => {
    it('records the excusal with its reason and note', () => {
      given(...missed)
        .when(excuseMissedCheckIn(), later)
        .then([missedCheckInExcused()]);
    });

    it('finds the miss however its due time is spelled, and trims the note', () => {
      given(...missed)
        .when(excuseMissedCheckIn({ dueAt: '2026-11-30T09:00:00Z', note: `  ${excusalNote}  ` }), later)
        .then([missedCheckInExcused()]);
    });

    it('no longer counts the miss in the consecutive misses', () => {
      const state = stateAfter(...missed, secondMiss, missedCheckInExcused());
      expect(state.supervision?.consecutiveMisses).toBe(1);
      expect(state.missedCheckIns?.[FIRST_CHECK_IN_DUE_AT]).toMatchObject({
        outcome: 'EXCUSED',
        excusalReason: 'MEDICAL',
        settledBy: 'officer-1',
      });
    });

    it('leaves the count alone for a miss before the latest check-in', () => {
      const state = stateAfter(
        ...missed,
        checkInRecorded({ checkedInAt: '2026-12-01T11:00:00.000Z', nextDueAt: '2026-12-08T11:00:00.000Z' }),
        missedCheckInExcused(),
      );
      expect(state.supervision?.consecutiveMisses).toBe(0);
    });

    it('refuses a reason code not on the list', () => {
      given(...missed)
        .when(excuseMissedCheckIn({ reasonCode: 'VACATION' as never }), later)
        .thenRejects('CASE.EXCUSAL_REASON_UNKNOWN');
    });

    it('refuses a note shorter than a narrative', () => {
      given(...missed)
        .when(excuseMissedCheckIn({ note: 'Was ill.' }), later)
        .thenRejects('CASE.EXCUSAL_NOTE_TOO_SHORT');
    });

    it('refuses a deadline that was not missed', () => {
      given(...missed)
        .when(excuseMissedCheckIn({ dueAt: SECOND_CHECK_IN_DUE_AT }), later)
        .thenRejects('CASE.MISS_NOT_FOUND');
    });

    it('refuses a miss already voided, excused or confirmed', () => {
      given(...missed, missedCheckInVoided())
        .when(excuseMissedCheckIn(), later)
        .thenRejects('CASE.MISS_NOT_OPEN');
      given(...missed, missedCheckInExcused())
        .when(excuseMissedCheckIn(), later)
        .thenRejects('CASE.MISS_NOT_OPEN');
      given(...missed, missedCheckInConfirmed())
        .when(excuseMissedCheckIn(), later)
        .thenRejects('CASE.MISS_NOT_OPEN');
    });

    it('refuses an excusal time before the deadline or in the future', () => {
      given(...missed)
        .when(excuseMissedCheckIn({ excusedAt: '2026-11-30T08:00:00.000Z' }), later)
        .thenRejects('CASE.TIME_INVALID');
      given(...missed)
        .when(excuseMissedCheckIn({ excusedAt: '2026-12-01T12:00:00.001Z' }), { now: SETTLED_AT })
        .thenRejects('CASE.TIME_IN_FUTURE');
    });
  });

  describe('when a supervisor reopens an excusal', () => {
    it('records the reopening', () => {
      given(...missed, missedCheckInExcused())
        .when(reopenMissedCheckInExcusal(), { ...later, actor: supervisor })
        .then([missedCheckInExcusalReopened()]);
    });

    it('counts the miss again', () => {
      const state = stateAfter(...missed, missedCheckInExcused(), missedCheckInExcusalReopened());
      expect(state.supervision?.consecutiveMisses).toBe(1);
      expect(state.missedCheckIns?.[FIRST_CHECK_IN_DUE_AT]).toMatchObject({ outcome: 'MISSED' });
      expect(state.missedCheckIns?.[FIRST_CHECK_IN_DUE_AT]).not.toHaveProperty('excusalReason');
    });

    it('refuses an officer', () => {
      given(...missed, missedCheckInExcused())
        .when(reopenMissedCheckInExcusal(), { ...later, actor: officer })
        .thenRejects('CASE.SUPERVISOR_REQUIRED');
    });

    it('refuses a miss that is not excused', () => {
      given(...missed)
        .when(reopenMissedCheckInExcusal(), { ...later, actor: supervisor })
        .thenRejects('CASE.MISS_NOT_EXCUSED');
    });

    it('refuses a blank reason', () => {
      given(...missed, missedCheckInExcused())
        .when(reopenMissedCheckInExcusal({ reason: '   ' }), { ...later, actor: supervisor })
        .thenRejects('CASE.REASON_REQUIRED');
    });
  });

  describe('when a miss is confirmed as a violation', () => {
    it('records the officer’s confirmation', () => {
      given(...missed)
        .when(confirmMissedCheckIn(), later)
        .then([missedCheckInConfirmed()]);
    });

    it('records a supervisor’s confirmation', () => {
      given(...missed)
        .when(confirmMissedCheckIn(), { ...later, actor: supervisor })
        .then([missedCheckInConfirmed({ confirmedBy: 'supervisor-1' })]);
    });

    it('still counts the miss', () => {
      const state = stateAfter(...missed, missedCheckInConfirmed());
      expect(state.supervision?.consecutiveMisses).toBe(1);
      expect(state.missedCheckIns?.[FIRST_CHECK_IN_DUE_AT]).toMatchObject({ outcome: 'CONFIRMED' });
    });

    it('refuses a miss excused or confirmed already', () => {
      given(...missed, missedCheckInExcused())
        .when(confirmMissedCheckIn(), later)
        .thenRejects('CASE.MISS_NOT_OPEN');
      given(...missed, missedCheckInConfirmed())
        .when(confirmMissedCheckIn(), later)
        .thenRejects('CASE.MISS_NOT_OPEN');
    });
  });
});
