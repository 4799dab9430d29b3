import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@casetrail/domain';
import {
  caseClosed,
  caseOpened,
  caseReassigned,
  checkInMissed,
  detentionBooked,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { abscondingDetermined, abscondingSuspected } from '@casetrail/domain/case/case.absconding.test-data';
import { findOfficeCaseloads } from '@casetrail/read-models';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

const opened = (caseId: string, officeId: string, officerId: string) =>
  caseOpened({ caseId, officeId, officerId });
const detained = (caseId: string, officeId: string, officerId: string): CaseEvent[] => [
  opened(caseId, officeId, officerId),
  detentionBooked({ caseId }),
];
const released = (caseId: string, officeId: string, officerId: string): CaseEvent[] => [
  ...detained(caseId, officeId, officerId),
  riskClassificationCompleted({ caseId }),
  subjectReleased({ caseId }),
];
/** Released, missed a check-in, and declared an absconder: on the FUGITIVE docket. */
const fugitive = (caseId: string, officeId: string, officerId: string): CaseEvent[] => [
  ...released(caseId, officeId, officerId),
  checkInMissed({ caseId }),
  abscondingSuspected({ caseId }),
  abscondingDetermined('ABSCONDED', { caseId }),
];

describe('office caseloads', () => {
  let projector: CaseProjectionTestContext;

  beforeAll(async () => {
    projector = await startCaseProjection();
    const cases: CaseEvent[][] = [
      released(randomUUID(), 'WAS', 'WAS-ND-1'),
      released(randomUUID(), 'WAS', 'WAS-ND-1'),
      released(randomUUID(), 'WAS', 'WAS-ND-1'),
      released(randomUUID(), 'WAS', 'WAS-ND-2'),
      detained(randomUUID(), 'WAS', 'WAS-DET-1'),
      detained(randomUUID(), 'WAS', 'WAS-DET-1'),
      detained(randomUUID(), 'WAS', 'WAS-DET-2'),
      [opened(randomUUID(), 'WAS', 'WAS-DET-1')],
      fugitive(randomUUID(), 'WAS', 'WAS-ND-2'),
      released(randomUUID(), 'ATL', 'ATL-ND-1'),
    ];
    for (const events of cases) await projector.project(events);

    const closedCase = randomUUID();
    await projector.project([opened(closedCase, 'WAS', 'WAS-DET-2'), caseClosed({ caseId: closedCase })]);
    // Moves from WAS to ATL: WAS keeps no trace of it, not even a zero slot counted as an officer.
    const moved = randomUUID();
    await projector.project(released(moved, 'WAS', 'WAS-ND-3'));
    await projector.project(
      [
        caseReassigned({
          caseId: moved,
          fromOfficeId: 'WAS',
          fromOfficerId: 'WAS-ND-3',
          toOfficerId: 'ATL-ND-2',
        }),
      ],
      5,
    );
  });

  afterAll(async () => {
    await projector.close();
  });

  it('counts the cases, officers, average and largest caseload of each docket of an office', async () => {
    const [was] = await findOfficeCaseloads(projector.db, { officeId: 'WAS', limit: 10, offset: 0 });
    expect(was).toEqual({
      officeId: 'WAS',
      totalCases: 9,
      officers: 4,
      dockets: {
        PENDING: { cases: 1, officers: 1, averagePerOfficer: 1, maxPerOfficer: 1 },
        DETAINED: { cases: 3, officers: 2, averagePerOfficer: 1.5, maxPerOfficer: 2 },
        NON_DETAINED: { cases: 4, officers: 2, averagePerOfficer: 2, maxPerOfficer: 3 },
        FUGITIVE: { cases: 1, officers: 1, averagePerOfficer: 1, maxPerOfficer: 1 },
      },
      // (4 / 2) / (3 / 2)
      imbalanceRatio: 1.33,
    });
  });

  it('has no imbalance ratio for an office without detained cases', async () => {
    const [atl] = await findOfficeCaseloads(projector.db, { officeId: 'ATL', limit: 10, offset: 0 });
    expect(atl).toMatchObject({
      officeId: 'ATL',
      totalCases: 2,
      officers: 2,
      dockets: { DETAINED: { cases: 0, officers: 0, averagePerOfficer: 0, maxPerOfficer: 0 } },
      imbalanceRatio: null,
    });
  });

  it('lists every office by id, a page at a time', async () => {
    const all = await findOfficeCaseloads(projector.db, { limit: 10, offset: 0 });
    expect(all.map((office) => office.officeId)).toEqual(['ATL', 'WAS']);
    const second = await findOfficeCaseloads(projector.db, { limit: 1, offset: 1 });
    expect(second.map((office) => office.officeId)).toEqual(['WAS']);
  });
});
