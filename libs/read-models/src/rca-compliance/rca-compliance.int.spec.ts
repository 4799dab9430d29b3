import { randomUUID } from 'node:crypto';
import {
  caseClosed,
  caseOpened,
  caseReassigned,
  detentionBooked,
  riskClassificationCompleted,
  riskClassificationOverdue,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { findRcaCompliance } from '@casetrail/read-models';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

/** A booking whose RCA was due long ago, and one due far in the future, whatever the clock says. */
const LONG_AGO = {
  bookedInAt: '2024-03-01T10:00:00.000Z',
  riskClassificationDueAt: '2024-03-06T10:00:00.000Z',
};
const NOT_YET_DUE = {
  bookedInAt: '2026-11-20T10:00:00.000Z',
  riskClassificationDueAt: '2999-01-01T00:00:00.000Z',
};

describe('RCA compliance', () => {
  let projector: CaseProjectionTestContext;
  const onTimeThenRedetained = randomUUID();
  const late = randomUUID();
  const neverDone = randomUUID();
  const notYetDue = randomUUID();
  const releasedWithout = randomUUID();
  const closedWithout = randomUUID();

  const compliance = (officeId?: string, limit = 100, offset = 0) =>
    findRcaCompliance(projector.db, { officeId, limit, offset });

  beforeAll(async () => {
    projector = await startCaseProjection();
    await projector.project([
      caseOpened({ caseId: onTimeThenRedetained, officeId: 'WAS', officerId: 'WAS-DET-1' }),
      detentionBooked({
        caseId: onTimeThenRedetained,
        bookedInAt: '2024-01-01T10:00:00.000Z',
        riskClassificationDueAt: '2024-01-06T10:00:00.000Z',
      }),
      riskClassificationCompleted({ caseId: onTimeThenRedetained, completedAt: '2024-01-03T10:00:00.000Z' }),
      // A second RCA of the same booking does not change when it was first done.
      riskClassificationCompleted({ caseId: onTimeThenRedetained, completedAt: '2024-01-09T10:00:00.000Z' }),
      subjectReleased({ caseId: onTimeThenRedetained, releasedAt: '2024-01-10T10:00:00.000Z' }),
      // Re-detained: a new booking with its own clock, and no RCA this time.
      detentionBooked({
        caseId: onTimeThenRedetained,
        bookedInAt: '2024-05-01T10:00:00.000Z',
        riskClassificationDueAt: '2024-05-06T10:00:00.000Z',
      }),
    ]);
    await projector.project([
      caseOpened({ caseId: late, officeId: 'WAS', officerId: 'WAS-DET-1' }),
      detentionBooked({
        caseId: late,
        bookedInAt: '2024-02-01T10:00:00.000Z',
        riskClassificationDueAt: '2024-02-06T10:00:00.000Z',
      }),
      riskClassificationOverdue({
        caseId: late,
        dueAt: '2024-02-06T10:00:00.000Z',
        detectedAt: '2024-02-06T10:00:00.000Z',
      }),
      riskClassificationCompleted({ caseId: late, completedAt: '2024-02-10T10:00:00.000Z' }),
    ]);
    await projector.project([
      caseOpened({ caseId: neverDone, officeId: 'WAS', officerId: 'WAS-DET-2' }),
      detentionBooked({ caseId: neverDone, ...LONG_AGO }),
    ]);
    await projector.project([
      caseOpened({ caseId: notYetDue, officeId: 'WAS', officerId: 'WAS-DET-2' }),
      detentionBooked({ caseId: notYetDue, ...NOT_YET_DUE }),
    ]);
    await projector.project([
      caseOpened({ caseId: releasedWithout, officeId: 'ATL', officerId: 'ATL-DET-1' }),
      detentionBooked({ caseId: releasedWithout, ...LONG_AGO }),
      subjectReleased({ caseId: releasedWithout, rcaRecommendation: null }),
    ]);
    await projector.project([
      caseOpened({ caseId: closedWithout, officeId: 'ATL', officerId: 'ATL-DET-1' }),
      detentionBooked({ caseId: closedWithout, ...LONG_AGO }),
      caseClosed({ caseId: closedWithout }),
    ]);
  });

  afterAll(async () => {
    await projector.close();
  });

  it('counts bookings, RCAs done and RCAs done in time per office, of the bookings already due', async () => {
    const { offices } = await compliance();
    expect(offices).toEqual([
      {
        officeId: 'ATL',
        bookings: 2,
        rcasCompleted: 0,
        completedOnTime: 0,
        bookingsDue: 2,
        onTimeShare: 0,
        overdueNow: 0,
      },
      {
        officeId: 'WAS',
        // Two bookings of one case, the late one, the one never done, the one not yet due.
        bookings: 5,
        rcasCompleted: 2,
        completedOnTime: 1,
        bookingsDue: 4,
        onTimeShare: 0.25,
        overdueNow: 2,
      },
    ]);
  });

  it('lists the detentions whose RCA is overdue now, the longest overdue first', async () => {
    const { overdue } = await compliance('WAS');
    expect(overdue).toEqual([
      {
        caseId: neverDone,
        officeId: 'WAS',
        officerId: 'WAS-DET-2',
        bookedInAt: LONG_AGO.bookedInAt,
        dueAt: LONG_AGO.riskClassificationDueAt,
      },
      {
        caseId: onTimeThenRedetained,
        officeId: 'WAS',
        officerId: 'WAS-DET-1',
        bookedInAt: '2024-05-01T10:00:00.000Z',
        dueAt: '2024-05-06T10:00:00.000Z',
      },
    ]);
    expect((await compliance('WAS', 1, 1)).overdue.map((row) => row.caseId)).toEqual([onTimeThenRedetained]);
  });

  it('moves an overdue detention to the office the case is reassigned to', async () => {
    const caseId = randomUUID();
    await projector.project([
      caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-DET-1' }),
      detentionBooked({ caseId, ...LONG_AGO }),
      caseReassigned({ caseId, fromOfficerId: 'WAS-DET-1', toOfficeId: 'SEA', toOfficerId: 'SEA-DET-1' }),
    ]);
    const { offices, overdue } = await compliance('SEA');
    expect(offices).toEqual([expect.objectContaining({ officeId: 'SEA', bookings: 1, overdueNow: 1 })]);
    expect(overdue).toEqual([expect.objectContaining({ caseId, officeId: 'SEA', officerId: 'SEA-DET-1' })]);
  });
});
