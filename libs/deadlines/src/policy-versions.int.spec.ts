import { randomUUID } from 'node:crypto';
import { missedCheckInAlertId } from '@casetrail/domain';
import {
  caseOpened,
  checkInMissed,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  FIRST_CHECK_IN_MISSED_AT,
  RCA_DUE_AT,
  riskClassificationCompleted,
  riskClassificationOverdue,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { PostgresEventStore } from '@casetrail/event-store';
import { CaseEventApplier } from '@casetrail/read-models';
import { caseEventMessages, startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';
import { liveCaseProjections, recomputePendingDeadlines, type PolicyAt } from '@casetrail/deadlines';

const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(ms).toISOString();

/** Each deadline names the policy version it was computed under; a new version applies forward. */
describe('deadlines under policy versions', () => {
  let projector: CaseProjectionTestContext;
  const rows = async (caseId: string) =>
    (await projector.db.query(
      `SELECT kind, due_at, fire_at, status, policy_version FROM public.deadlines
       WHERE case_id = $1 ORDER BY kind, due_at`,
      [caseId],
    )) as { kind: string; due_at: Date; fire_at: Date; status: string; policy_version: number | null }[];
  const view = async (caseId: string) =>
    (await rows(caseId)).map((row) => ({
      kind: row.kind,
      dueAt: row.due_at.toISOString(),
      fireAt: row.fire_at.toISOString(),
      status: row.status,
      policyVersion: row.policy_version,
    }));
  /** Projects one case's events, decided under `decidedUnder`, with the projector holding `policyAt`. */
  const project = async (
    events: Parameters<typeof caseEventMessages>[0],
    decidedUnder: number,
    policyAt: PolicyAt,
    firstVersion = 1,
  ) => {
    const messages = caseEventMessages(events, firstVersion).map((message) => ({
      ...message,
      policyVersion: decidedUnder,
    }));
    const applier = new CaseEventApplier(
      liveCaseProjections({ policyAt }),
      new PostgresEventStore(projector.db),
    );
    await projector.db.transaction((manager) => applier.apply(manager, messages));
  };
  const under =
    (version: number, ackWindowMs: number): PolicyAt =>
    () => ({
      version,
      alertEscalationWindowsMs: [ackWindowMs, 48 * HOUR],
      priorityEscalationFactor: 0.5,
    });
  const released = (caseId: string) => [
    caseOpened({ caseId }),
    detentionBooked({ caseId }),
    riskClassificationCompleted({ caseId }),
    subjectReleased({ caseId }),
  ];
  const missed = (caseId: string) =>
    checkInMissed({ caseId, alertId: missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT) });

  beforeAll(async () => {
    projector = await startCaseProjection();
  });

  afterAll(async () => {
    await projector.close();
  });

  it('records the deciding event’s version on an RCA deadline and the projector’s on an acknowledgement window', async () => {
    const detained = randomUUID();
    await project(
      [caseOpened({ caseId: detained }), detentionBooked({ caseId: detained })],
      3,
      under(5, HOUR),
    );
    expect(await view(detained)).toEqual([
      { kind: 'RCA', dueAt: RCA_DUE_AT, fireAt: RCA_DUE_AT, status: 'PENDING', policyVersion: 3 },
    ]);

    const supervised = randomUUID();
    await project([...released(supervised), missed(supervised)], 3, under(5, HOUR));
    const acknowledgeBy = at(Date.parse(FIRST_CHECK_IN_MISSED_AT) + HOUR);
    expect(await view(supervised)).toContainEqual({
      kind: 'ALERT_ACK',
      dueAt: acknowledgeBy,
      fireAt: acknowledgeBy,
      status: 'PENDING',
      policyVersion: 5,
    });
  });

  it('names on an RCA-overdue alert the version its due time was decided under, not the one it fired under', async () => {
    const detained = randomUUID();
    await project(
      [caseOpened({ caseId: detained }), detentionBooked({ caseId: detained })],
      2,
      under(2, HOUR),
    );
    await project(
      [riskClassificationOverdue({ caseId: detained, alertId: `rca:${detained}:${RCA_DUE_AT}` })],
      4,
      under(4, HOUR),
      3,
    );
    const [alert] = (await projector.db.query(
      `SELECT policy_version FROM read_models.alerts WHERE case_id = $1 AND kind = 'RCA_OVERDUE'`,
      [detained],
    )) as { policy_version: number | null }[];
    expect(alert).toEqual({ policy_version: 2 });
  });

  describe('when a new version changes the acknowledgement window', () => {
    const v2 = { version: 2, alertEscalationWindowsMs: [2 * HOUR, 48 * HOUR], priorityEscalationFactor: 0.5 };

    it('moves pending acknowledgement deadlines to the new window and leaves fired ones and RCAs as they were', async () => {
      const pending = randomUUID();
      const fired = randomUUID();
      const detained = randomUUID();
      await project([...released(pending), missed(pending)], 1, under(1, 24 * HOUR));
      await project([...released(fired), missed(fired)], 1, under(1, 24 * HOUR));
      await project(
        [caseOpened({ caseId: detained }), detentionBooked({ caseId: detained })],
        1,
        under(1, 24 * HOUR),
      );
      await projector.db.query(
        `UPDATE public.deadlines SET status = 'FIRED', settled_at = now() WHERE case_id = $1 AND kind = 'ALERT_ACK'`,
        [fired],
      );
      const firedBefore = await view(fired);
      const detainedBefore = await view(detained);
      const checkInBefore = (await view(pending)).filter((row) => row.kind === 'CHECK_IN');

      await recomputePendingDeadlines(projector.db, v2);

      const acknowledgeBy = at(Date.parse(FIRST_CHECK_IN_MISSED_AT) + 2 * HOUR);
      expect((await view(pending)).filter((row) => row.kind === 'ALERT_ACK')).toEqual([
        {
          kind: 'ALERT_ACK',
          dueAt: acknowledgeBy,
          fireAt: acknowledgeBy,
          status: 'PENDING',
          policyVersion: 2,
        },
      ]);
      expect((await view(pending)).filter((row) => row.kind === 'CHECK_IN')).toEqual(checkInBefore);
      expect(await view(fired)).toEqual(firedBefore);
      expect(await view(detained)).toEqual(detainedBefore);
    });

    it('moves each deadline once, however often it runs', async () => {
      const pending = randomUUID();
      await project([...released(pending), missed(pending)], 1, under(1, 24 * HOUR));
      await recomputePendingDeadlines(projector.db, v2);
      const once = await view(pending);
      expect(await recomputePendingDeadlines(projector.db, v2)).toBe(0);
      expect(await view(pending)).toEqual(once);
    });
  });
});
