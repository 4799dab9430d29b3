import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@casetrail/domain';
import {
  caseClosed,
  caseOpened,
  detentionBooked,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { subjectEnrolled } from '@casetrail/domain/case/case.docket.test-data';
import { PostgresEventStore } from '@casetrail/event-store';
import {
  caseProjections,
  findStaffing,
  findStaffingHistory,
  rebuildReadModels,
  type StaffingHistoryPoint,
} from '@casetrail/read-models';
import {
  projectStoredEvents,
  startCaseProjection,
  storeCaseEvents,
  type CaseProjectionTestContext,
} from '@casetrail/testing';

const TARGETS = { DETAINED: 1, NON_DETAINED: 2 };
const day = (date: string) => `2026-11-${date}T09:00:00.000Z`;

/** One case: each event at its day of November 2026. */
async function storeCase(db: CaseProjectionTestContext['db'], events: [string, CaseEvent][]): Promise<void> {
  const caseId = (events[0][1].data as { caseId: string }).caseId;
  await storeCaseEvents(
    db,
    caseId,
    events.map(([date, event]) => ({ event, occurredAt: day(date) })),
  );
}

describe('staffing and its daily history', () => {
  let projector: CaseProjectionTestContext;

  beforeAll(async () => {
    projector = await startCaseProjection();
    const { db } = projector;
    await db.query(`INSERT INTO offices (office_id, name) VALUES ('WAS', 'Washington'), ('ATL', 'Atlanta')`);
    await db.query(
      `INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES
         ('WAS-ND-1', 'WAS', 'n1', 'NON_DETAINED'), ('WAS-ND-2', 'WAS', 'n2', 'NON_DETAINED'),
         ('WAS-ND-3', 'WAS', 'n3', 'NON_DETAINED'), ('WAS-DET-1', 'WAS', 'd1', 'DETAINED')`,
    );
    // Away from midday on the 21st, with no end: absent at the end of the 21st and every day after.
    await db.query(
      `INSERT INTO officer_absences (absence_id, officer_id, office_id, kind, starts_at, recorded_by, recorded_at)
       VALUES ($1, 'WAS-ND-3', 'WAS', 'LEAVE', '2026-11-21T12:00:00Z', 'sup', '2026-11-21T12:00:00Z')`,
      [randomUUID()],
    );
    const [enrolledEarly, enrolledLater, released, closed, atlanta] = [1, 2, 3, 4, 5].map(() => randomUUID());
    await storeCase(db, [
      ['18', caseOpened({ caseId: enrolledEarly, officerId: 'WAS-ND-1' })],
      ['18', subjectEnrolled({ caseId: enrolledEarly })],
    ]);
    await storeCase(db, [
      ['18', caseOpened({ caseId: enrolledLater, officerId: 'WAS-ND-2' })],
      ['20', subjectEnrolled({ caseId: enrolledLater })],
    ]);
    await storeCase(db, [
      ['18', caseOpened({ caseId: released, officerId: 'WAS-DET-1' })],
      ['18', detentionBooked({ caseId: released })],
      ['22', subjectReleased({ caseId: released })],
    ]);
    await storeCase(db, [
      ['20', caseOpened({ caseId: closed, officerId: 'WAS-ND-1' })],
      ['20', subjectEnrolled({ caseId: closed })],
      ['23', caseClosed({ caseId: closed })],
    ]);
    await storeCase(db, [
      ['19', caseOpened({ caseId: atlanta, officeId: 'ATL', officerId: 'ATL-ND-1' })],
      ['19', subjectEnrolled({ caseId: atlanta })],
    ]);
    await projectStoredEvents(db);
  });

  afterAll(async () => {
    await projector.close();
  });

  const history = async (docket: 'DETAINED' | 'NON_DETAINED') =>
    (
      await findStaffingHistory(
        projector.db,
        { officeId: 'WAS', docket, from: '2026-11-17', to: '2026-11-24' },
        TARGETS,
      )
    ).map(({ day: date, cases, officersAvailable, gap }: StaffingHistoryPoint) => [
      date.slice(8),
      cases,
      officersAvailable,
      gap,
    ]);

  const expectedHistory = {
    // day, cases at its end, officers available at its end, officers needed − available.
    NON_DETAINED: [
      ['17', 0, 3, -3],
      ['18', 1, 3, -2],
      ['19', 1, 3, -2],
      ['20', 3, 3, -1],
      ['21', 3, 2, 0],
      ['22', 4, 2, 0],
      ['23', 3, 2, 0],
      ['24', 3, 2, 0],
    ],
    DETAINED: [
      ['17', 0, 1, -1],
      ['18', 1, 1, 0],
      ['19', 1, 1, 0],
      ['20', 1, 1, 0],
      ['21', 1, 1, 0],
      ['22', 0, 1, -1],
      ['23', 0, 1, -1],
      ['24', 0, 1, -1],
    ],
  };

  const expectedStaffing = {
    offices: [
      {
        officeId: 'ATL',
        dockets: [
          {
            docket: 'DETAINED',
            cases: 0,
            officersOnRoster: 0,
            officersAbsent: 0,
            officersAvailable: 0,
            casesPerOfficer: null,
            targetPerOfficer: 1,
            officersNeeded: 0,
            gap: 0,
          },
          {
            docket: 'NON_DETAINED',
            cases: 1,
            officersOnRoster: 0,
            officersAbsent: 0,
            officersAvailable: 0,
            casesPerOfficer: null,
            targetPerOfficer: 2,
            officersNeeded: 1,
            gap: 1,
          },
        ],
      },
      {
        officeId: 'WAS',
        dockets: [
          {
            docket: 'DETAINED',
            cases: 0,
            officersOnRoster: 1,
            officersAbsent: 0,
            officersAvailable: 1,
            casesPerOfficer: 0,
            targetPerOfficer: 1,
            officersNeeded: 0,
            gap: -1,
          },
          {
            docket: 'NON_DETAINED',
            cases: 3,
            officersOnRoster: 3,
            officersAbsent: 1,
            officersAvailable: 2,
            casesPerOfficer: 1.5,
            targetPerOfficer: 2,
            officersNeeded: 2,
            gap: 0,
          },
        ],
      },
    ],
    national: [
      {
        docket: 'DETAINED',
        cases: 0,
        officersOnRoster: 1,
        officersAbsent: 0,
        officersAvailable: 1,
        casesPerOfficer: 0,
        targetPerOfficer: 1,
        officersNeeded: 0,
        gap: -1,
      },
      {
        docket: 'NON_DETAINED',
        cases: 4,
        officersOnRoster: 3,
        officersAbsent: 1,
        officersAvailable: 2,
        casesPerOfficer: 2,
        targetPerOfficer: 2,
        // Each office staffs its own docket: Atlanta's case needs an officer of Atlanta.
        officersNeeded: 3,
        gap: 1,
      },
    ],
  };

  it('has a point for every day, one without events too, from the caseload’s daily changes', async () => {
    expect(await history('NON_DETAINED')).toEqual(expectedHistory.NON_DETAINED);
    expect(await history('DETAINED')).toEqual(expectedHistory.DETAINED);
  });

  it('measures each office and docket, and the offices together, against the target', async () => {
    expect(await findStaffing(projector.db, {}, TARGETS)).toEqual(expectedStaffing);
  });

  it('keeps to the offices asked for and the caller’s offices', async () => {
    const scoped = await findStaffing(projector.db, { offices: ['ATL'] }, TARGETS);
    expect(scoped.offices.map((office) => office.officeId)).toEqual(['ATL']);
    expect(scoped.national[1]).toMatchObject({ cases: 1, officersNeeded: 1, gap: 1 });
  });

  it('answers the same after a rebuild from the event store', async () => {
    await rebuildReadModels(projector.db, new PostgresEventStore(projector.db), caseProjections());

    expect(await history('NON_DETAINED')).toEqual(expectedHistory.NON_DETAINED);
    expect(await history('DETAINED')).toEqual(expectedHistory.DETAINED);
    expect(await findStaffing(projector.db, {}, TARGETS)).toEqual(expectedStaffing);
  });
});
