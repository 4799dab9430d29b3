import { randomUUID } from 'node:crypto';
import { missedCheckInAlertId, type CaseEvent } from '@casetrail/domain';
import {
  caseFlagCleared,
  caseFlagged,
  custodyDeterminationRecorded,
  subjectEnrolled,
} from '@casetrail/domain/case/case.docket.test-data';
import {
  caseOpened,
  checkInMissed,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { findCaseDeadlines } from '@casetrail/deadlines';
import {
  findAlerts,
  findCustodyDeterminations,
  findOfficerCaseloads,
  findOfficerDocket,
} from '@casetrail/read-models';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

const OFFICE = 'NDD';
const OFFICER = 'NDD-ND-1';

const enrolledCase = (caseId: string): CaseEvent[] => [
  caseOpened({ caseId, officeId: OFFICE, officerId: OFFICER }),
  subjectEnrolled({ caseId }),
];
/** The first check-in missed, with the case's own alert id. */
const firstMiss = (caseId: string) =>
  checkInMissed({ caseId, alertId: missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT) });
const releasedCase = (caseId: string): CaseEvent[] => [
  caseOpened({ caseId, officeId: OFFICE, officerId: OFFICER }),
  detentionBooked({ caseId }),
  riskClassificationCompleted({ caseId }),
  subjectReleased({ caseId }),
];

describe('read models of the non-detained docket', () => {
  let projector: CaseProjectionTestContext;
  const enrolled = randomUUID();
  const released = randomUUID();
  const flagged = randomUUID();
  const unflagged = randomUUID();
  const determined = randomUUID();

  const docket = () =>
    findOfficerDocket(projector.db, { officerId: OFFICER, docket: 'NON_DETAINED', limit: 100, offset: 0 });
  const alertOf = async (caseId: string) =>
    (await findAlerts(projector.db, { officeId: OFFICE, limit: 100, offset: 0 })).find(
      (alert) => alert.caseId === caseId,
    );

  beforeAll(async () => {
    projector = await startCaseProjection();
    await projector.project([...enrolledCase(enrolled), firstMiss(enrolled)]);
    await projector.project([...releasedCase(released), firstMiss(released)]);
    // Flagged after the others: it is due at the same time, yet comes first.
    await projector.project([...enrolledCase(flagged), caseFlagged({ caseId: flagged }), firstMiss(flagged)]);
    await projector.project([
      ...enrolledCase(unflagged),
      caseFlagged({ caseId: unflagged }),
      caseFlagCleared({ caseId: unflagged }),
    ]);
    await projector.project([
      caseOpened({ caseId: determined, officeId: OFFICE, officerId: OFFICER }),
      detentionBooked({ caseId: determined }),
      riskClassificationCompleted({ caseId: determined, recommendation: 'SUPERVISOR_REVIEW' }),
      custodyDeterminationRecorded({ caseId: determined }),
    ]);
  });

  afterAll(async () => {
    await projector.close();
  });

  describe('a case enrolled without detention', () => {
    it('is on the officer’s non-detained worklist and caseload, as a released case is', async () => {
      const entries = await docket();
      const enrolledEntry = entries.find((entry) => entry.caseId === enrolled);
      const releasedEntry = entries.find((entry) => entry.caseId === released);
      expect(enrolledEntry).toMatchObject({ docket: 'NON_DETAINED', consecutiveMisses: 1 });
      expect(enrolledEntry?.nextCheckInDueAt).toBe(releasedEntry?.nextCheckInDueAt);
      const [caseload] = await findOfficerCaseloads(projector.db, { officeId: OFFICE, limit: 10, offset: 0 });
      expect(caseload).toMatchObject({ officerId: OFFICER, nonDetained: 4, detained: 1 });
    });

    it('holds its next check-in deadline for the scheduler', async () => {
      const deadlines = await findCaseDeadlines(projector.db, enrolled);
      expect(
        deadlines.filter((deadline) => deadline.kind === 'CHECK_IN' && deadline.status === 'PENDING'),
      ).toHaveLength(1);
    });

    it('raises a missed-check-in alert as for a released subject', async () => {
      const fromEnrolled = await alertOf(enrolled);
      const fromReleased = await alertOf(released);
      expect(fromEnrolled).toMatchObject({ kind: 'MISSED_CHECK_IN', status: 'RAISED', severity: 'LOW' });
      expect(fromEnrolled?.dueAt).toBe(FIRST_CHECK_IN_DUE_AT);
      expect(fromEnrolled?.severity).toBe(fromReleased?.severity);
    });
  });

  describe('priority flags', () => {
    it('put flagged cases first on the worklist, with their flags', async () => {
      const entries = await docket();
      expect(entries[0]).toMatchObject({ caseId: flagged, priorityFlags: ['NATIONAL_SECURITY'] });
      expect(entries.find((entry) => entry.caseId === unflagged)?.priorityFlags).toEqual([]);
    });

    it('start a flagged case’s missed-check-in alert one severity higher', async () => {
      expect(await alertOf(flagged)).toMatchObject({ consecutiveMisses: 1, severity: 'MEDIUM' });
    });

    it('count the officer’s flagged cases, a cleared flag not among them', async () => {
      const [caseload] = await findOfficerCaseloads(projector.db, { officeId: OFFICE, limit: 10, offset: 0 });
      expect(caseload.flagged).toBe(1);
    });
  });

  it('lists supervisors’ custody determinations for oversight, within the caller’s offices', async () => {
    const inOffice = await findCustodyDeterminations(projector.db, {
      officeId: OFFICE,
      limit: 10,
      offset: 0,
    });
    expect(inOffice).toEqual([
      {
        caseId: determined,
        officeId: OFFICE,
        officerId: OFFICER,
        decision: 'RELEASE',
        rationale: custodyDeterminationRecorded().data.rationale,
        rcaRecommendation: 'SUPERVISOR_REVIEW',
        determinedBy: 'supervisor-1',
        determinedAt: custodyDeterminationRecorded().data.determinedAt,
      },
    ]);
    expect(await findCustodyDeterminations(projector.db, { offices: ['WAS'], limit: 10, offset: 0 })).toEqual(
      [],
    );
  });
});
