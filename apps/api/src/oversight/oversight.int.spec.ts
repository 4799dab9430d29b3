import { randomUUID } from 'node:crypto';
import {
  caseOpened,
  detainerRequested,
  detainerResponded,
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
import {
  custodyDeterminationRecorded,
  determinationRationale,
} from '@casetrail/domain/case/case.docket.test-data';
import { expectInvalid, http, startApi, type ApiTestContext } from '@api/api.test-kit';
import { projectCaseEvents } from '@casetrail/testing';

describe('oversight', () => {
  let api: ApiTestContext;
  const released = randomUUID();
  const overdue = randomUUID();
  const determined = randomUUID();

  beforeAll(async () => {
    api = await startApi();
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: released, officeId: 'WAS', officerId: 'WAS-DET-001' }),
      detentionBooked({ caseId: released }),
      riskClassificationCompleted({ caseId: released, recommendation: 'DETAIN' }),
      releaseOverrideRequested({ caseId: released, requestedBy: 'WAS-DET-001' }),
      releaseOverrideDecided({ caseId: released, decidedBy: 'WAS-SUP-001' }),
      subjectReleased({
        caseId: released,
        rcaRecommendation: 'DETAIN',
        overrideRequestId: OVERRIDE_REQUEST_ID,
        override: {
          reasonCodes: ['PRIMARY_CAREGIVER'],
          narrative: overrideNarrative,
          requestedBy: 'WAS-DET-001',
          requestedAt: OVERRIDE_REQUESTED_AT,
          approvedBy: 'WAS-SUP-001',
          approvedAt: OVERRIDE_DECIDED_AT,
        },
      }),
    ]);
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: overdue, officeId: 'WAS', officerId: 'WAS-DET-002' }),
      detentionBooked({
        caseId: overdue,
        bookedInAt: '2024-03-01T10:00:00.000Z',
        riskClassificationDueAt: '2024-03-06T10:00:00.000Z',
      }),
      detainerRequested({ caseId: overdue, detainerId: 'd-1', jurisdictionId: 'VA-FAIRFAX-COUNTY' }),
      detainerResponded({
        caseId: overdue,
        detainerId: 'd-1',
        jurisdictionId: 'VA-FAIRFAX-COUNTY',
        response: 'DECLINED',
      }),
    ]);
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: determined, officeId: 'ATL', officerId: 'ATL-DET-003' }),
      detentionBooked({ caseId: determined }),
      riskClassificationCompleted({ caseId: determined, recommendation: 'SUPERVISOR_REVIEW' }),
      custodyDeterminationRecorded({ caseId: determined }),
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  describe('GET /oversight/release-overrides', () => {
    it('answers the releases against the RCA in a time window, with the justification', async () => {
      const response = await http(api, 'oversight')
        .get(
          '/oversight/release-overrides?officeId=WAS&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00%2B01:00',
        )
        .expect(200);
      expect(response.body).toEqual({
        items: [
          expect.objectContaining({
            caseId: released,
            officeId: 'WAS',
            officerId: 'WAS-DET-001',
            rcaRecommendation: 'DETAIN',
            reasonCodes: ['PRIMARY_CAREGIVER'],
            narrative: overrideNarrative,
            requestedBy: 'WAS-DET-001',
            approvedBy: 'WAS-SUP-001',
          }),
        ],
      });
      const before = await http(api, 'oversight')
        .get('/oversight/release-overrides?to=2026-11-01T00:00:00Z')
        .expect(200);
      expect(before.body).toEqual({ items: [] });
    });

    it.each(['yesterday', '2026-11-01', '2026-11-01T00:00:00'])('refuses from=%s with 400', async (from) => {
      await expectInvalid(
        api,
        http(api, 'oversight').get(`/oversight/release-overrides?from=${from}`),
        'from',
      );
    });

    it('refuses a window that ends before it starts with 400', async () => {
      await expectInvalid(
        api,
        http(api, 'oversight').get(
          '/oversight/release-overrides?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
        ),
        'to',
      );
    });
  });

  describe('GET /oversight/custody-determinations', () => {
    it('answers supervisors’ determinations under SUPERVISOR_REVIEW, with their rationale', async () => {
      const response = await http(api, 'supervisor')
        .get('/oversight/custody-determinations?officeId=ATL&from=2026-11-01T00:00:00Z')
        .expect(200);
      expect(response.body).toEqual({
        items: [
          {
            caseId: determined,
            officeId: 'ATL',
            officerId: 'ATL-DET-003',
            decision: 'RELEASE',
            rationale: determinationRationale,
            rcaRecommendation: 'SUPERVISOR_REVIEW',
            determinedBy: 'supervisor-1',
            determinedAt: custodyDeterminationRecorded().data.determinedAt,
          },
        ],
      });
    });

    it('shows a supervisor only the offices they work in', async () => {
      const response = await http(api, 'supervisorOfSea')
        .get('/oversight/custody-determinations')
        .expect(200);
      expect(response.body).toEqual({ items: [] });
    });
  });

  describe('GET /oversight/rca-compliance', () => {
    it('answers per-office RCA timeliness and the detentions overdue now', async () => {
      const response = await http(api, 'oversight').get('/oversight/rca-compliance?officeId=WAS').expect(200);
      expect(response.body).toEqual({
        offices: [
          {
            officeId: 'WAS',
            bookings: 2,
            rcasCompleted: 1,
            completedOnTime: 1,
            bookingsDue: 2,
            onTimeShare: 0.5,
            overdueNow: 1,
          },
        ],
        overdue: [
          {
            caseId: overdue,
            officeId: 'WAS',
            officerId: 'WAS-DET-002',
            bookedInAt: '2024-03-01T10:00:00.000Z',
            dueAt: '2024-03-06T10:00:00.000Z',
          },
        ],
      });
    });

    it('refuses an office id that is not an office code with 400', async () => {
      await expectInvalid(
        api,
        http(api, 'oversight').get('/oversight/rca-compliance?officeId=w'),
        'officeId',
      );
    });
  });

  describe('GET /oversight/detainers', () => {
    it('answers detainer outcomes per jurisdiction', async () => {
      const response = await http(api, 'oversight')
        .get('/oversight/detainers?jurisdictionId=VA-FAIRFAX-COUNTY')
        .expect(200);
      expect(response.body).toEqual({
        items: [{ jurisdictionId: 'VA-FAIRFAX-COUNTY', requested: 1, honored: 0, declined: 1, pending: 0 }],
      });
    });

    it('refuses a jurisdiction id with characters no jurisdiction id has with 400', async () => {
      await expectInvalid(
        api,
        http(api, 'oversight').get('/oversight/detainers?jurisdictionId=%27%3B--'),
        'jurisdictionId',
      );
    });
  });
});
