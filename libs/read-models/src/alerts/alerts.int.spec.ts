import { randomUUID } from 'node:crypto';
import { missedCheckInAlertId, rcaOverdueAlertId, type CaseEvent } from '@casetrail/domain';
import {
  caseClosed,
  caseOpened,
  caseReassigned,
  checkInRecorded,
  detentionBooked,
  missedCheckInAcknowledged,
  RCA_DUE_AT,
  riskClassificationCompleted,
  riskClassificationOverdue,
  subjectReleased,
  subjectRemoved,
} from '@casetrail/domain/case/case.test-data';
import {
  missedCheckInAlertEscalated,
  missedCheckInVoided,
  SETTLED_AT,
} from '@casetrail/domain/case/case.missed-check-ins.test-data';
import { findAlerts, type AlertFilter } from '@casetrail/read-models';
import { DETECTED, DUE, miss, missNamingItsOwnAlert } from './missed-check-ins.test-data';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

const released = (caseId: string, officeId = 'WAS'): CaseEvent[] => [
  caseOpened({ caseId, officeId, officerId: `${officeId}-ND-1` }),
  detentionBooked({ caseId }),
  riskClassificationCompleted({ caseId }),
  subjectReleased({ caseId }),
];

const detainedOverdue = (caseId: string): CaseEvent[] => [
  caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-DET-1' }),
  detentionBooked({ caseId }),
  riskClassificationOverdue({ caseId, alertId: rcaOverdueAlertId(caseId, RCA_DUE_AT) }),
];

describe('alerts', () => {
  let projector: CaseProjectionTestContext;

  const alerts = (filter: Partial<AlertFilter> = {}) =>
    findAlerts(projector.db, { limit: 100, offset: 0, ...filter });
  const alert = async (alertId: string) => (await alerts()).find((row) => row.alertId === alertId);

  beforeAll(async () => {
    projector = await startCaseProjection();
  });

  afterAll(async () => {
    await projector.close();
  });

  describe('when check-ins are missed', () => {
    it('keeps one open alert per case, raised again and more severe with each further miss', async () => {
      const caseId = randomUUID();
      await projector.project([...released(caseId), miss(caseId, 1), miss(caseId, 2), miss(caseId, 3)]);
      const open = await alerts({ kind: 'MISSED_CHECK_IN', officeId: 'WAS' });
      expect(open.filter((row) => row.caseId === caseId)).toEqual([
        {
          alertId: missedCheckInAlertId(caseId, DUE[0]),
          kind: 'MISSED_CHECK_IN',
          status: 'RAISED',
          caseId,
          officeId: 'WAS',
          officerId: 'WAS-ND-1',
          dueAt: DUE[2],
          detectedAt: DETECTED[2],
          consecutiveMisses: 3,
          severity: 'HIGH',
          updatedAt: DETECTED[2],
          actingOfficerId: 'WAS-ND-1',
          escalationLevel: 'OFFICER',
          resolution: null,
          policyVersion: null,
        },
      ]);
    });

    it('folds a history that named one alert per miss into one alert, acknowledged by the latest id', async () => {
      const caseId = randomUUID();
      await projector.project([
        ...released(caseId),
        missNamingItsOwnAlert(caseId, 1),
        missNamingItsOwnAlert(caseId, 2),
        missedCheckInAcknowledged({
          caseId,
          alertId: missedCheckInAlertId(caseId, DUE[1]),
          acknowledgedAt: '2026-12-08T10:00:00.000Z',
        }),
      ]);
      expect((await alerts()).filter((row) => row.caseId === caseId)).toEqual([
        expect.objectContaining({
          alertId: missedCheckInAlertId(caseId, DUE[0]),
          status: 'ACKNOWLEDGED',
          consecutiveMisses: 2,
          severity: 'MEDIUM',
        }),
      ]);
    });

    it('raises an acknowledged alert again at the next miss, and resolves it at the next check-in', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, DUE[0]);
      await projector.project([
        ...released(caseId),
        miss(caseId, 1),
        missedCheckInAcknowledged({ caseId, alertId, acknowledgedAt: '2026-12-01T10:00:00.000Z' }),
      ]);
      expect(await alert(alertId)).toMatchObject({
        status: 'ACKNOWLEDGED',
        updatedAt: '2026-12-01T10:00:00.000Z',
      });

      await projector.project([miss(caseId, 2)], 7);
      expect(await alert(alertId)).toMatchObject({
        status: 'RAISED',
        consecutiveMisses: 2,
        severity: 'MEDIUM',
      });

      await projector.project([checkInRecorded({ caseId, checkedInAt: '2026-12-09T08:00:00.000Z' })], 8);
      expect(await alert(alertId)).toMatchObject({
        status: 'RESOLVED',
        resolution: 'CHECKED_IN',
        updatedAt: '2026-12-09T08:00:00.000Z',
      });
    });

    it('escalates the open alert level by level, and keeps the level when a further miss raises it', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, DUE[0]);
      await projector.project([
        ...released(caseId),
        miss(caseId, 1),
        missedCheckInAlertEscalated({ caseId, alertId, escalatedAt: '2026-12-02T09:00:00.000Z' }),
      ]);
      expect(await alert(alertId)).toMatchObject({
        status: 'ESCALATED',
        escalationLevel: 'SUPERVISOR',
        updatedAt: '2026-12-02T09:00:00.000Z',
      });

      await projector.project(
        [
          missedCheckInAlertEscalated({
            caseId,
            alertId,
            level: 'DEPUTY_FIELD_OFFICE_DIRECTOR',
            escalatedAt: '2026-12-03T09:00:00.000Z',
          }),
          miss(caseId, 2),
        ],
        7,
      );
      expect(await alert(alertId)).toMatchObject({
        status: 'RAISED',
        consecutiveMisses: 2,
        escalationLevel: 'DEPUTY_FIELD_OFFICE_DIRECTOR',
      });
    });

    it('resolves the alert as recorded late when a check-in entered after the miss voids it', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, DUE[0]);
      await projector.project([
        ...released(caseId),
        miss(caseId, 1),
        missedCheckInVoided({ caseId, checkedInAt: '2026-11-30T08:30:00.000Z' }),
        checkInRecorded({
          caseId,
          checkedInAt: '2026-11-30T08:30:00.000Z',
          nextDueAt: '2026-12-07T08:30:00.000Z',
        }),
      ]);
      expect(await alert(alertId)).toMatchObject({
        status: 'RESOLVED',
        resolution: 'RECORDED_LATE',
        updatedAt: SETTLED_AT,
      });
    });

    it.each([
      ['DETAINED', (caseId: string) => detentionBooked({ caseId, bookedInAt: '2026-12-02T09:00:00.000Z' })],
      ['REMOVED', (caseId: string) => subjectRemoved({ caseId, removedAt: '2026-12-02T09:00:00.000Z' })],
      ['CASE_CLOSED', (caseId: string) => caseClosed({ caseId, closedAt: '2026-12-02T09:00:00.000Z' })],
    ])('resolves the open missed-check-in alert on %s', async (resolution, ending) => {
      const caseId = randomUUID();
      await projector.project([...released(caseId), miss(caseId, 1), ending(caseId)]);
      expect(await alert(missedCheckInAlertId(caseId, DUE[0]))).toMatchObject({
        status: 'RESOLVED',
        resolution,
        updatedAt: '2026-12-02T09:00:00.000Z',
      });
    });
  });

  describe('when an RCA is overdue', () => {
    it('raises an alert without severity, and resolves it when the RCA is done', async () => {
      const caseId = randomUUID();
      const alertId = rcaOverdueAlertId(caseId, RCA_DUE_AT);
      await projector.project(detainedOverdue(caseId));
      expect(await alert(alertId)).toEqual({
        alertId,
        kind: 'RCA_OVERDUE',
        status: 'RAISED',
        caseId,
        officeId: 'WAS',
        officerId: 'WAS-DET-1',
        dueAt: RCA_DUE_AT,
        detectedAt: RCA_DUE_AT,
        consecutiveMisses: null,
        severity: null,
        updatedAt: RCA_DUE_AT,
        actingOfficerId: 'WAS-DET-1',
        escalationLevel: null,
        resolution: null,
        policyVersion: null,
      });

      await projector.project(
        [riskClassificationCompleted({ caseId, completedAt: '2026-11-27T10:00:00.000Z' })],
        4,
      );
      expect(await alert(alertId)).toMatchObject({
        status: 'RESOLVED',
        resolution: 'RCA_COMPLETED',
        updatedAt: '2026-11-27T10:00:00.000Z',
      });
    });

    it('moves an open alert with its case to another office', async () => {
      const caseId = randomUUID();
      await projector.project([
        ...detainedOverdue(caseId),
        caseReassigned({ caseId, fromOfficerId: 'WAS-DET-1', toOfficeId: 'ATL', toOfficerId: 'ATL-DET-1' }),
      ]);
      expect(await alerts({ officeId: 'ATL' })).toEqual([
        expect.objectContaining({ caseId, kind: 'RCA_OVERDUE', officeId: 'ATL', officerId: 'ATL-DET-1' }),
      ]);
    });
  });

  it('lists the most recently detected alerts first, a page at a time', async () => {
    const all = await alerts();
    const detected = all.map((row) => Date.parse(row.detectedAt));
    expect(detected).toEqual([...detected].sort((a, b) => b - a));
    const page = await alerts({ limit: 2, offset: 1 });
    expect(page).toEqual(all.slice(1, 3));
  });
});
