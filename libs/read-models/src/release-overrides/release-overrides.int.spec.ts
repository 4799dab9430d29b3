import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@casetrail/domain';
import {
  caseOpened,
  detentionBooked,
  OVERRIDE_DECIDED_AT,
  OVERRIDE_REQUEST_ID,
  OVERRIDE_REQUESTED_AT,
  overrideNarrative,
  releaseOverrideDecided,
  releaseOverrideRequested,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { findReleaseOverrides, type ReleaseOverrideFilter } from '@casetrail/read-models';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

/** Detained, RCA says DETAIN, an override is requested and approved, and the subject released. */
const releasedAgainstRca = (caseId: string, officeId: string, releasedAt: string): CaseEvent[] => [
  caseOpened({ caseId, officeId, officerId: `${officeId}-DET-1` }),
  detentionBooked({ caseId }),
  riskClassificationCompleted({ caseId, recommendation: 'DETAIN' }),
  releaseOverrideRequested({ caseId, requestedBy: `${officeId}-DET-1` }),
  releaseOverrideDecided({ caseId, decidedBy: `${officeId}-SUP-1` }),
  subjectReleased({
    caseId,
    releasedAt,
    releasedBy: `${officeId}-DET-1`,
    releaseType: 'PAROLE',
    rcaRecommendation: 'DETAIN',
    overrideRequestId: OVERRIDE_REQUEST_ID,
    override: {
      reasonCodes: ['PRIMARY_CAREGIVER', 'HUMANITARIAN'],
      narrative: overrideNarrative,
      requestedBy: `${officeId}-DET-1`,
      requestedAt: OVERRIDE_REQUESTED_AT,
      approvedBy: `${officeId}-SUP-1`,
      approvedAt: OVERRIDE_DECIDED_AT,
    },
  }),
];

describe('release overrides', () => {
  let projector: CaseProjectionTestContext;
  const washington = randomUUID();
  const washingtonAgain = randomUUID();
  const atlanta = randomUUID();
  const asRecommended = randomUUID();

  const overrides = (filter: Partial<ReleaseOverrideFilter> = {}) =>
    findReleaseOverrides(projector.db, { limit: 100, offset: 0, ...filter });

  beforeAll(async () => {
    projector = await startCaseProjection();
    await projector.project(releasedAgainstRca(washington, 'WAS', '2026-11-23T09:00:00.000Z'));
    await projector.project(releasedAgainstRca(washingtonAgain, 'WAS', '2026-11-25T09:00:00.000Z'));
    await projector.project(releasedAgainstRca(atlanta, 'ATL', '2026-11-24T09:00:00.000Z'));
    await projector.project([
      caseOpened({ caseId: asRecommended, officeId: 'WAS' }),
      detentionBooked({ caseId: asRecommended }),
      riskClassificationCompleted({ caseId: asRecommended, recommendation: 'RELEASE' }),
      subjectReleased({ caseId: asRecommended }),
    ]);
  });

  afterAll(async () => {
    await projector.close();
  });

  it('records every release that used an override, with its justification and approver, newest first', async () => {
    const all = await overrides();
    expect(all.map((row) => row.caseId)).toEqual([washingtonAgain, atlanta, washington]);
    expect(all[2]).toEqual({
      caseId: washington,
      officeId: 'WAS',
      officerId: 'WAS-DET-1',
      releasedAt: '2026-11-23T09:00:00.000Z',
      releasedBy: 'WAS-DET-1',
      releaseType: 'PAROLE',
      rcaRecommendation: 'DETAIN',
      overrideRequestId: OVERRIDE_REQUEST_ID,
      reasonCodes: ['PRIMARY_CAREGIVER', 'HUMANITARIAN'],
      narrative: overrideNarrative,
      requestedBy: 'WAS-DET-1',
      requestedAt: OVERRIDE_REQUESTED_AT,
      approvedBy: 'WAS-SUP-1',
      approvedAt: OVERRIDE_DECIDED_AT,
    });
  });

  it('filters by office', async () => {
    expect((await overrides({ officeId: 'ATL' })).map((row) => row.caseId)).toEqual([atlanta]);
  });

  it('filters by release time, from inclusive and to exclusive', async () => {
    const window = await overrides({ from: '2026-11-23T09:00:00.000Z', to: '2026-11-25T09:00:00.000Z' });
    expect(window.map((row) => row.caseId)).toEqual([atlanta, washington]);
  });

  it('keeps one row per release when a subject is released against the RCA a second time', async () => {
    const caseId = randomUUID();
    const first = releasedAgainstRca(caseId, 'SEA', '2026-11-20T09:00:00.000Z');
    const second = releasedAgainstRca(caseId, 'SEA', '2026-11-22T09:00:00.000Z').slice(1);
    await projector.project([...first, ...second]);
    expect((await overrides({ officeId: 'SEA' })).map((row) => row.releasedAt)).toEqual([
      '2026-11-22T09:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
    ]);
  });
});
