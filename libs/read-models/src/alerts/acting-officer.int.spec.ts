import { randomUUID } from 'node:crypto';
import { TOPICS } from '@casetrail/contracts';
import type { CaseEvent } from '@casetrail/domain';
import { subjectEnrolled } from '@casetrail/domain/case/case.docket.test-data';
import {
  caseOpened,
  detentionBooked,
  riskClassificationOverdue,
} from '@casetrail/domain/case/case.test-data';
import { PostgresEventStore } from '@casetrail/event-store';
import { startCaseProjection, storeCaseHistory, type CaseProjectionTestContext } from '@casetrail/testing';
import { caseProjections, findAlerts, rebuildReadModels } from '@casetrail/read-models';
import { DETECTED, miss } from './missed-check-ins.test-data';

/**
 * Who acts on a missed-check-in alert: the assigned officer, or, while a supervisor has recorded
 * them absent, whoever covers (nobody: the office's supervisors, `actingOfficerId: null`).
 */
describe('the acting officer of an alert', () => {
  let projector: CaseProjectionTestContext;

  const enrolledWith = (caseId: string, officerId: string): CaseEvent[] => [
    caseOpened({ caseId, officeId: 'COV', officerId }),
    subjectEnrolled({ caseId }),
  ];
  const absent = async (officerId: string, coveringOfficerId: string | null, from: string, to: string) => {
    await projector.db.query(
      `INSERT INTO public.officer_absences (absence_id, officer_id, office_id, kind, starts_at, ends_at,
         covering_officer_id, recorded_by, recorded_at)
       VALUES ($1, $2, 'COV', 'LEAVE', $3, $4, $5, 'COV-SUP-1', $3)`,
      [randomUUID(), officerId, from, to, coveringOfficerId],
    );
  };
  /** Stores the case's history, so a rebuild finds it, and projects it as the projector would. */
  const recorded = async (caseId: string, history: CaseEvent[]) => {
    await storeCaseHistory(projector.db, caseId, history, '2026-12-08T09:00:00.000Z');
    await projector.project(history);
  };
  const actingOn = async (caseId: string) =>
    (await findAlerts(projector.db, { officeId: 'COV', limit: 100, offset: 0 }))
      .filter((alert) => alert.caseId === caseId)
      .map((alert) => [alert.detectedAt, alert.actingOfficerId]);

  beforeAll(async () => {
    projector = await startCaseProjection();
    await projector.db.query(`INSERT INTO public.offices (office_id, name) VALUES ('COV', 'Coverage')`);
    for (const officerId of ['COV-ND-1', 'COV-ND-2', 'COV-ND-3'])
      await projector.db.query(
        `INSERT INTO public.officers (officer_id, office_id, display_name, unit) VALUES ($1, 'COV', $1, 'NON_DETAINED')`,
        [officerId],
      );
    // COV-ND-1 is on leave around the first miss, covered by COV-ND-2; COV-ND-3 around it with no cover.
    await absent('COV-ND-1', 'COV-ND-2', '2026-11-30T00:00:00.000Z', '2026-12-02T00:00:00.000Z');
    await absent('COV-ND-3', null, '2026-11-30T00:00:00.000Z', '2026-12-02T00:00:00.000Z');
  });

  afterAll(async () => {
    await projector.close();
  });

  it('names the covering officer during the absence and the assigned officer again after it', async () => {
    const caseId = randomUUID();
    await recorded(caseId, [...enrolledWith(caseId, 'COV-ND-1'), miss(caseId, 1), miss(caseId, 2)]);
    // One open alert per case: raised again by the second miss, after the absence.
    expect(await actingOn(caseId)).toEqual([[DETECTED[1], 'COV-ND-1']]);
    const raised = (await projector.db.query(
      `SELECT payload FROM outbox WHERE topic = $1 AND message_key = $2 ORDER BY id`,
      [TOPICS.missedCheckInAlertsV2, caseId],
    )) as { payload: { actingOfficerId: string | null; officerId: string } }[];
    expect(raised.map(({ payload }) => payload)).toEqual([
      expect.objectContaining({ officerId: 'COV-ND-1', actingOfficerId: 'COV-ND-2' }),
      expect.objectContaining({ officerId: 'COV-ND-1', actingOfficerId: 'COV-ND-1' }),
    ]);
  });

  it('names the covering officer on an RCA-overdue alert raised during the absence', async () => {
    const caseId = randomUUID();
    const bookedInAt = '2026-11-25T09:00:00.000Z';
    const dueAt = '2026-11-30T09:00:00.000Z';
    await recorded(caseId, [
      caseOpened({ caseId, officeId: 'COV', officerId: 'COV-ND-1' }),
      detentionBooked({ caseId, bookedInAt, riskClassificationDueAt: dueAt }),
      riskClassificationOverdue({
        caseId,
        alertId: `rca:${caseId}:${dueAt}`,
        bookedInAt,
        dueAt,
        detectedAt: dueAt,
      }),
    ]);
    expect(await actingOn(caseId)).toEqual([[dueAt, 'COV-ND-2']]);
    const raised = (await projector.db.query(
      `SELECT payload FROM outbox WHERE topic = $1 AND message_key = $2`,
      [TOPICS.rcaOverdueAlerts, caseId],
    )) as { payload: { actingOfficerId: string | null; officerId: string } }[];
    expect(raised.map(({ payload }) => payload)).toEqual([
      expect.objectContaining({ officerId: 'COV-ND-1', actingOfficerId: 'COV-ND-2' }),
    ]);
  });

  it('leaves an uncovered absent officer’s alert to the supervisors', async () => {
    const caseId = randomUUID();
    await recorded(caseId, [...enrolledWith(caseId, 'COV-ND-3'), miss(caseId, 1)]);
    expect(await actingOn(caseId)).toEqual([[DETECTED[0], null]]);
  });

  it('names the same acting officers after a rebuild', async () => {
    const before = await findAlerts(projector.db, { officeId: 'COV', limit: 100, offset: 0 });
    await rebuildReadModels(projector.db, new PostgresEventStore(projector.db), caseProjections());
    expect(await findAlerts(projector.db, { officeId: 'COV', limit: 100, offset: 0 })).toEqual(before);
  });
});
