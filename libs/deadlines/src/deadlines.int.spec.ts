import { randomUUID } from 'node:crypto';
import { missedCheckInAlertId } from '@casetrail/domain';
import {
  caseClosed,
  caseOpened,
  checkInMissed,
  checkInScheduleChanged,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  FIRST_CHECK_IN_MISSED_AT,
  missedCheckInAcknowledged,
  RCA_DUE_AT,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { missedCheckInAlertEscalated } from '@casetrail/domain/case/case.missed-check-ins.test-data';
import { caseFlagged } from '@casetrail/domain/case/case.docket.test-data';
import { findCaseDeadlines, seedDeadlinesFromSummaries } from '@casetrail/deadlines';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

const HOUR = 60 * 60 * 1000;

/** The deadlines table as the scheduler reads it, kept by the projector from each case's state. */
describe('deadlines', () => {
  let projector: CaseProjectionTestContext;
  const deadlines = async (caseId: string) =>
    (await findCaseDeadlines(projector.db, caseId)).map(({ kind, dueAt, fireAt, alertId, status }) => ({
      kind,
      dueAt,
      fireAt,
      alertId,
      status,
    }));

  beforeAll(async () => {
    projector = await startCaseProjection();
  });

  afterAll(async () => {
    await projector.close();
  });

  describe('when a subject is detained', () => {
    it('holds the RCA deadline until the RCA is done', async () => {
      const caseId = randomUUID();
      await projector.project([caseOpened({ caseId }), detentionBooked({ caseId })]);
      const rca = { kind: 'RCA', dueAt: RCA_DUE_AT, fireAt: RCA_DUE_AT, alertId: null };
      expect(await deadlines(caseId)).toEqual([{ ...rca, status: 'PENDING' }]);

      await projector.project([riskClassificationCompleted({ caseId })], 3);
      expect(await deadlines(caseId)).toEqual([{ ...rca, status: 'CANCELLED' }]);
    });
  });

  describe('when a subject is under supervision', () => {
    const released = (caseId: string) => [
      caseOpened({ caseId }),
      detentionBooked({ caseId }),
      riskClassificationCompleted({ caseId }),
      subjectReleased({ caseId }),
    ];

    it('fires the check-in deadline after its grace period, and moves it with the plan', async () => {
      const caseId = randomUUID();
      await projector.project(released(caseId));
      const first = { kind: 'CHECK_IN', dueAt: FIRST_CHECK_IN_DUE_AT, fireAt: FIRST_CHECK_IN_MISSED_AT };
      expect(await deadlines(caseId)).toEqual([
        expect.objectContaining({ kind: 'RCA', status: 'CANCELLED' }),
        { ...first, alertId: null, status: 'PENDING' },
      ]);

      await projector.project(
        [checkInScheduleChanged({ caseId, nextDueAt: '2026-12-02T09:00:00.000Z', graceHours: 48 })],
        5,
      );
      expect((await deadlines(caseId)).filter((row) => row.kind === 'CHECK_IN')).toEqual([
        { ...first, alertId: null, status: 'CANCELLED' },
        {
          kind: 'CHECK_IN',
          dueAt: '2026-12-02T09:00:00.000Z',
          fireAt: '2026-12-04T09:00:00.000Z',
          alertId: null,
          status: 'PENDING',
        },
      ]);
    });

    it('never makes a fired deadline pending again', async () => {
      const caseId = randomUUID();
      await projector.project(released(caseId));
      await projector.db.query(
        `UPDATE public.deadlines SET status = 'FIRED' WHERE case_id = $1 AND kind = 'CHECK_IN'`,
        [caseId],
      );
      // Same due time, another grace period: the deadline is derived again with a new fire time.
      await projector.project(
        [
          checkInScheduleChanged({
            caseId,
            nextDueAt: FIRST_CHECK_IN_DUE_AT,
            intervalDays: 7,
            graceHours: 2,
          }),
        ],
        5,
      );
      expect((await deadlines(caseId)).filter((row) => row.kind === 'CHECK_IN')).toEqual([
        expect.objectContaining({ fireAt: FIRST_CHECK_IN_MISSED_AT, status: 'FIRED' }),
      ]);
    });

    it('holds an acknowledgement deadline for a missed-check-in alert until it is acknowledged', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT);
      await projector.project([...released(caseId), checkInMissed({ caseId, alertId })]);
      const acknowledgement = {
        kind: 'ALERT_ACK',
        dueAt: new Date(Date.parse(FIRST_CHECK_IN_MISSED_AT) + 24 * HOUR).toISOString(),
        fireAt: new Date(Date.parse(FIRST_CHECK_IN_MISSED_AT) + 24 * HOUR).toISOString(),
        alertId,
      };
      expect(await deadlines(caseId)).toContainEqual({ ...acknowledgement, status: 'PENDING' });

      await projector.project([missedCheckInAcknowledged({ caseId, alertId })], 6);
      expect(await deadlines(caseId)).toContainEqual({ ...acknowledgement, status: 'CANCELLED' });
    });

    it('holds the next level’s deadline after each escalation, and none after the last', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT);
      const escalatedAt = '2026-12-02T09:00:00.000Z';
      await projector.project([
        ...released(caseId),
        checkInMissed({ caseId, alertId }),
        missedCheckInAlertEscalated({ caseId, alertId, escalatedAt }),
      ]);
      const acknowledgements = async () =>
        (await findCaseDeadlines(projector.db, caseId))
          .filter((row) => row.kind === 'ALERT_ACK')
          .map(({ deadlineId, dueAt, status }) => ({ deadlineId, dueAt, status }));
      expect(await acknowledgements()).toEqual([
        { deadlineId: `ALERT_ACK:${alertId}:1:SUPERVISOR`, dueAt: escalatedAt, status: 'CANCELLED' },
        {
          deadlineId: `ALERT_ACK:${alertId}:1:DEPUTY_FIELD_OFFICE_DIRECTOR`,
          dueAt: '2026-12-03T09:00:00.000Z',
          status: 'PENDING',
        },
      ]);

      await projector.project(
        [
          missedCheckInAlertEscalated({
            caseId,
            alertId,
            level: 'DEPUTY_FIELD_OFFICE_DIRECTOR',
            escalatedAt: '2026-12-03T09:00:00.000Z',
          }),
        ],
        7,
      );
      expect((await acknowledgements()).map((row) => row.status)).toEqual(['CANCELLED', 'CANCELLED']);
    });

    it('holds an earlier acknowledgement deadline for a case with a priority flag', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT);
      await projector.project([
        ...released(caseId),
        caseFlagged({ caseId }),
        checkInMissed({ caseId, alertId }),
      ]);
      const halfWindow = new Date(Date.parse(FIRST_CHECK_IN_MISSED_AT) + 12 * HOUR).toISOString();
      expect(await deadlines(caseId)).toContainEqual({
        kind: 'ALERT_ACK',
        dueAt: halfWindow,
        fireAt: halfWindow,
        alertId,
        status: 'PENDING',
      });
    });

    it('holds nothing once the case is closed', async () => {
      const caseId = randomUUID();
      await projector.project([...released(caseId), caseClosed({ caseId })]);
      expect((await deadlines(caseId)).map((row) => row.status)).toEqual(['CANCELLED', 'CANCELLED']);
    });
  });

  describe('when deadlines are seeded from the case summaries (after a seed or a rebuild)', () => {
    it("gives a supervised case its pending deadlines back and the table the planner's statistics", async () => {
      const caseId = randomUUID();
      await projector.project([
        caseOpened({ caseId }),
        detentionBooked({ caseId }),
        riskClassificationCompleted({ caseId }),
        subjectReleased({ caseId }),
      ]);
      const projected = await deadlines(caseId);
      await projector.db.query(`DELETE FROM public.deadlines WHERE case_id = $1`, [caseId]);
      // A bulk fill the planner knows nothing of: it would sort every due row to claim the oldest.
      expect(await plannedRowsMatchTable()).toBe(false);

      await seedDeadlinesFromSummaries(projector.db);

      expect(await deadlines(caseId)).toEqual(projected.filter((row) => row.status === 'PENDING'));
      expect(await plannedRowsMatchTable()).toBe(true);
    });

    /** Whether the planner's row count for the table (ANALYZE sets it) is its real one. */
    async function plannedRowsMatchTable(): Promise<boolean> {
      const [row]: { matches: boolean }[] = await projector.db.query(
        `SELECT (SELECT reltuples FROM pg_class WHERE oid = 'public.deadlines'::regclass)
                = (SELECT count(*) FROM public.deadlines) AS matches`,
      );
      return row.matches;
    }
  });
});
