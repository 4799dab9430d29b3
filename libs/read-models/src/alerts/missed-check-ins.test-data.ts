import { missedCheckInAlertId } from '@casetrail/domain';
import { checkInMissed } from '@casetrail/domain/case/case.test-data';

/** Weekly check-ins a released subject misses, and when the scheduler noticed each (a day's grace). */
export const DUE = ['2026-11-30T09:00:00.000Z', '2026-12-07T09:00:00.000Z', '2026-12-14T09:00:00.000Z'];
export const DETECTED = ['2026-12-01T09:00:00.000Z', '2026-12-08T09:00:00.000Z', '2026-12-15T09:00:00.000Z'];

/**
 * The scheduler's record of the n-th consecutive missed check-in (1-based), on the case's one open
 * alert: the one the first miss raised.
 */
export const miss = (caseId: string, n: number) =>
  missNamingItsOwnAlert(caseId, n, missedCheckInAlertId(caseId, DUE[0]));

/**
 * The n-th miss raising an alert named by its own deadline: the first miss after a check-in, or any
 * miss of a history stored before one alert per case, which named a new alert per deadline.
 */
export const missNamingItsOwnAlert = (
  caseId: string,
  n: number,
  alertId = missedCheckInAlertId(caseId, DUE[n - 1]),
) =>
  checkInMissed({
    caseId,
    alertId,
    dueAt: DUE[n - 1],
    detectedAt: DETECTED[n - 1],
    consecutiveMisses: n,
    nextDueAt: DUE[n] ?? '2026-12-21T09:00:00.000Z',
  });
