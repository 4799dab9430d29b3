import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@casetrail/domain';
import {
  caseOpened,
  checkInMissed,
  detainerRequested,
  detainerResponded,
  detentionBooked,
  overrideNarrative,
  riskClassificationCompleted,
  riskClassificationOverdue,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { custodyDeterminationRecorded, subjectEnrolled } from '@casetrail/domain/case/case.docket.test-data';
import { PostgresEventStore } from '@casetrail/event-store';
import {
  caseProjections,
  findMonthlyOversightReports,
  MONTHLY_OVERSIGHT_MEASURES,
  rebuildReadModels,
  type MonthlyOversightReport,
} from '@casetrail/read-models';
import {
  projectStoredEvents,
  startCaseProjection,
  storeCaseEvents,
  type CaseProjectionTestContext,
} from '@casetrail/testing';

/** One case, each event at its business time. */
async function storeCase(db: CaseProjectionTestContext['db'], events: [string, CaseEvent][]): Promise<void> {
  const caseId = (events[0][1].data as { caseId: string }).caseId;
  await storeCaseEvents(
    db,
    caseId,
    events.map(([occurredAt, event]) => ({ event, occurredAt })),
  );
}

function report(officeId: string, month: string, counts: Partial<MonthlyOversightReport>) {
  return {
    officeId,
    month,
    ...Object.fromEntries(MONTHLY_OVERSIGHT_MEASURES.map((measure) => [measure, 0])),
    ...counts,
  };
}

describe('monthly oversight reports', () => {
  let projector: CaseProjectionTestContext;

  beforeAll(async () => {
    projector = await startCaseProjection();
    const { db } = projector;
    await db.query(
      `INSERT INTO offices (office_id, name) VALUES ('WAS', 'Washington'), ('ATL', 'Atlanta'), ('SEA', 'Seattle')`,
    );
    const [onTime, late, december, atlanta] = [1, 2, 3, 4].map(() => randomUUID());
    await storeCase(db, [
      ['2026-10-30T09:00:00.000Z', caseOpened({ caseId: onTime })],
      [
        '2026-10-30T10:00:00.000Z',
        detentionBooked({
          caseId: onTime,
          bookedInAt: '2026-10-30T10:00:00.000Z',
          riskClassificationDueAt: '2026-11-04T10:00:00.000Z',
        }),
      ],
      [
        '2026-11-02T09:00:00.000Z',
        riskClassificationCompleted({
          caseId: onTime,
          recommendation: 'DETAIN',
          completedAt: '2026-11-02T09:00:00.000Z',
        }),
      ],
      // A second RCA of the same booking revises the first; it is not another completion.
      [
        '2026-11-03T09:00:00.000Z',
        riskClassificationCompleted({
          caseId: onTime,
          recommendation: 'DETAIN',
          completedAt: '2026-11-03T09:00:00.000Z',
        }),
      ],
      [
        '2026-11-05T09:00:00.000Z',
        subjectReleased({
          caseId: onTime,
          releasedAt: '2026-11-05T09:00:00.000Z',
          rcaRecommendation: 'DETAIN',
          overrideRequestId: 'override-1',
          override: {
            reasonCodes: ['HUMANITARIAN', 'OTHER'],
            narrative: overrideNarrative,
            requestedBy: 'officer-1',
            requestedAt: '2026-11-04T09:00:00.000Z',
            approvedBy: 'supervisor-1',
            approvedAt: '2026-11-04T10:00:00.000Z',
          },
        }),
      ],
      ['2026-11-20T09:00:00.000Z', checkInMissed({ caseId: onTime })],
      ['2026-11-21T09:00:00.000Z', detainerRequested({ caseId: onTime, detainerId: 'det-1' })],
      [
        '2026-11-22T09:00:00.000Z',
        detainerResponded({ caseId: onTime, detainerId: 'det-1', response: 'DECLINED' }),
      ],
    ]);
    await storeCase(db, [
      ['2026-11-01T09:00:00.000Z', caseOpened({ caseId: late })],
      [
        '2026-11-01T10:00:00.000Z',
        detentionBooked({
          caseId: late,
          bookedInAt: '2026-11-01T10:00:00.000Z',
          riskClassificationDueAt: '2026-11-06T10:00:00.000Z',
        }),
      ],
      [
        '2026-11-06T10:00:01.000Z',
        riskClassificationOverdue({
          caseId: late,
          bookedInAt: '2026-11-01T10:00:00.000Z',
          dueAt: '2026-11-06T10:00:00.000Z',
        }),
      ],
      [
        '2026-11-08T09:00:00.000Z',
        riskClassificationCompleted({
          caseId: late,
          recommendation: 'SUPERVISOR_REVIEW',
          completedAt: '2026-11-08T09:00:00.000Z',
        }),
      ],
      ['2026-11-09T09:00:00.000Z', custodyDeterminationRecorded({ caseId: late, decision: 'DETAIN' })],
    ]);
    await storeCase(db, [
      ['2026-11-25T09:00:00.000Z', caseOpened({ caseId: december })],
      ['2026-11-25T10:00:00.000Z', detentionBooked({ caseId: december })],
      ['2026-12-01T09:00:00.000Z', subjectReleased({ caseId: december, rcaRecommendation: null })],
    ]);
    await storeCase(db, [
      ['2026-11-01T09:00:00.000Z', caseOpened({ caseId: atlanta, officeId: 'ATL' })],
      ['2026-11-01T10:00:00.000Z', subjectEnrolled({ caseId: atlanta })],
      ['2026-11-10T09:00:00.000Z', checkInMissed({ caseId: atlanta })],
    ]);
    await projectStoredEvents(db);
  });

  afterAll(async () => {
    await projector.close();
  });

  const november = [
    report('ATL', '2026-11', { missedCheckIns: 1 }),
    report('SEA', '2026-11', {}),
    report('WAS', '2026-11', {
      releases: 1,
      releasesAgainstRca: 1,
      releasesAgainstRca_HUMANITARIAN: 1,
      releasesAgainstRca_OTHER: 1,
      custodyDeterminations: 1,
      custodyDeterminations_DETAIN: 1,
      rcasCompleted: 2,
      rcasCompletedWithinWindow: 1,
      rcasOverdue: 1,
      missedCheckIns: 1,
      detainersDeclined: 1,
    }),
  ];

  it('counts each office’s month, every office on the roster listed, nothing to count as 0', async () => {
    expect(await findMonthlyOversightReports(projector.db, { month: '2026-11' })).toEqual(november);
  });

  it('counts a fact in the month of its business time', async () => {
    const [was] = await findMonthlyOversightReports(projector.db, { month: '2026-12', officeId: 'WAS' });
    expect(was).toEqual(report('WAS', '2026-12', { releases: 1 }));
  });

  it('keeps to the caller’s offices', async () => {
    const reports = await findMonthlyOversightReports(projector.db, { month: '2026-11', offices: ['ATL'] });
    expect(reports.map((row) => row.officeId)).toEqual(['ATL']);
  });

  it('answers the same after a rebuild from the event store', async () => {
    await rebuildReadModels(projector.db, new PostgresEventStore(projector.db), caseProjections());
    expect(await findMonthlyOversightReports(projector.db, { month: '2026-11' })).toEqual(november);
  });
});
