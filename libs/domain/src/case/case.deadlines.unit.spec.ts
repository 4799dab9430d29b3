import { caseDeadlines, missedCheckInAlertId, rcaOverdueAlertId } from './case.deadlines';
import { replay } from './case.evolve';
import {
  caseClosed,
  caseId,
  caseOpened,
  checkInMissed,
  detained,
  FIRST_CHECK_IN_DUE_AT,
  FIRST_CHECK_IN_MISSED_AT,
  RCA_DUE_AT,
  riskClassificationCompleted,
  riskClassificationOverdue,
  SECOND_CHECK_IN_DUE_AT,
  underSupervision,
} from './case.test-data';

describe('Case deadlines', () => {
  describe('alert ids', () => {
    it('derives the same missed-check-in alert id from the same deadline, however it is spelled', () => {
      expect(missedCheckInAlertId(caseId, '2026-11-30T09:00:00Z')).toBe(
        missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT),
      );
      expect(missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT)).toBe(
        `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
      );
    });

    it('gives different deadlines and different kinds of alert different ids', () => {
      expect(missedCheckInAlertId(caseId, SECOND_CHECK_IN_DUE_AT)).not.toBe(
        missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT),
      );
      expect(rcaOverdueAlertId(caseId, RCA_DUE_AT)).not.toBe(missedCheckInAlertId(caseId, RCA_DUE_AT));
    });
  });

  describe('what the scheduler must hold', () => {
    it('holds nothing for a pending case', () => {
      expect(caseDeadlines(replay([caseOpened()]))).toEqual([]);
    });

    it('holds the risk classification deadline while it runs', () => {
      expect(caseDeadlines(replay(detained))).toEqual([
        { kind: 'RISK_CLASSIFICATION', dueAt: RCA_DUE_AT, fireAt: RCA_DUE_AT },
      ]);
    });

    it('drops the risk classification deadline once it is done or recorded as overdue', () => {
      expect(caseDeadlines(replay([...detained, riskClassificationCompleted()]))).toEqual([]);
      expect(caseDeadlines(replay([...detained, riskClassificationOverdue()]))).toEqual([]);
    });

    it('fires a check-in deadline after its grace period', () => {
      expect(caseDeadlines(replay(underSupervision))).toEqual([
        { kind: 'CHECK_IN', dueAt: FIRST_CHECK_IN_DUE_AT, fireAt: FIRST_CHECK_IN_MISSED_AT },
      ]);
    });

    it('moves on to the next check-in after a miss', () => {
      expect(caseDeadlines(replay([...underSupervision, checkInMissed()]))).toEqual([
        { kind: 'CHECK_IN', dueAt: SECOND_CHECK_IN_DUE_AT, fireAt: '2026-12-08T09:00:00.000Z' },
      ]);
    });

    it('holds nothing for a closed case', () => {
      expect(caseDeadlines(replay([...underSupervision, caseClosed()]))).toEqual([]);
    });
  });
});
