import { missedCheckInAlertId } from '@casetrail/domain';
import { checkInMissed } from '@casetrail/domain/case/case.test-data';

/** Weekly check-ins a released subject misses, and when the scheduler noticed each (a day's grace). */
export const DUE = ['2026-11-30T09:00:00.000Z', '2026-12-07T09:00:00.000Z', '2026-12-14T09:00:00.000Z'];
export const DETECTED = ['2026-12-01T09:00:00.000Z', '2026-12-08T09:00:00.000Z', '2026-12-15T09:00:00.000Z'];

/** The scheduler's record of the n-th consecutive missed check-in (1-based). */
export const miss = (caseId: string, n: number) =>
  checkInMissed({
    caseId,
    alertId: missedCheckInAlertId(caseId, DUE[n - 1]),
    dueAt: DUE[n - 1],
    detectedAt: DETECTED[n - 1],
    consecutiveMisses: n,
    nextDueAt: DUE[n] ?? '2026-12-21T09:00:00.000Z',
  });
