import {
  AT,
  FAR_FUTURE,
  OFFICER_A,
  OVERRIDE_NARRATIVE,
  SUPERVISOR_B,
  decideOverride,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openCase,
  openClassifiedCase,
  openDetainedCase,
  requestOverride,
  startApi,
  validBookingBody,
  validReleaseBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/releases', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const release = (caseId: string, body: object = validReleaseBody()) =>
    http(api).post(`/cases/${caseId}/releases`).send(body);

  /** A detained subject with an RCA recommending detention and SUPERVISOR_B's decision on OFFICER_A's override. */
  async function overrideDecided(decision: 'APPROVED' | 'REJECTED') {
    const caseId = await openClassifiedCase(api, 'DETAIN');
    const requestId = await requestOverride(api, caseId);
    await decideOverride(api, caseId, requestId, decision);
    return { caseId, requestId };
  }

  describe('when the latest RCA recommends release', () => {
    it('releases the subject with the check-in plan and no override', async () => {
      const caseId = await openClassifiedCase(api, 'RELEASE');
      const response = await release(caseId).set('X-Correlation-Id', 'release-1').expect(201);

      expect(response.headers.etag).toBe('"4"');
      const event = await lastEvent(api.db, caseId);
      expect(event).toMatchObject({
        type: 'SubjectReleased',
        streamVersion: 4,
        data: {
          caseId,
          releaseType: 'OWN_RECOGNIZANCE',
          releasedAt: '2026-11-20T15:00:00.000Z',
          releasedBy: 'officer-7',
          checkInPlan: { firstDueAt: '2026-11-21T09:00:00.000Z', intervalDays: 7, graceHours: 24 },
          rcaRecommendation: 'RELEASE',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'release-1' },
        occurredAt: '2026-11-20T15:00:00.000Z',
      });
      expect(event.data).not.toHaveProperty('override');
      expect(event.data).not.toHaveProperty('overrideRequestId');
    });

    it('refuses a first check-in that is not after the release', async () => {
      const caseId = await openClassifiedCase(api, 'RELEASE');
      const body = validReleaseBody();
      await expectRefused(
        api,
        release(caseId, { ...body, checkInPlan: { ...body.checkInPlan, firstDueAt: AT.released } }),
        422,
        'CASE.CHECK_IN_PLAN_INVALID',
      );
    });

    it('refuses a release time in the future', async () => {
      const caseId = await openClassifiedCase(api, 'RELEASE');
      await expectRefused(
        api,
        release(caseId, { ...validReleaseBody(), releasedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when the latest RCA recommends detention', () => {
    it('refuses a release without an override', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      await expectRefused(api, release(caseId), 422, 'CASE.OVERRIDE_REQUIRED');
    });

    it('releases with an override one officer requested and a supervisor approved, carrying the justification', async () => {
      const { caseId, requestId } = await overrideDecided('APPROVED');
      await release(caseId, validReleaseBody(requestId)).expect(201);

      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'SubjectReleased',
        data: {
          rcaRecommendation: 'DETAIN',
          overrideRequestId: requestId,
          override: {
            reasonCodes: ['PRIMARY_CAREGIVER', 'HUMANITARIAN'],
            narrative: OVERRIDE_NARRATIVE,
            requestedBy: OFFICER_A,
            requestedAt: '2026-11-20T13:00:00.000Z',
            approvedBy: SUPERVISOR_B,
            approvedAt: '2026-11-20T14:00:00.000Z',
          },
        },
      });
    });

    it('refuses an override still waiting for a decision', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      const requestId = await requestOverride(api, caseId);
      await expectRefused(
        api,
        release(caseId, validReleaseBody(requestId)),
        422,
        'CASE.OVERRIDE_NOT_APPROVED',
      );
    });

    it('refuses a rejected override', async () => {
      const { caseId, requestId } = await overrideDecided('REJECTED');
      await expectRefused(
        api,
        release(caseId, validReleaseBody(requestId)),
        422,
        'CASE.OVERRIDE_NOT_APPROVED',
      );
    });

    it('answers 404 for an override that does not exist on the case', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      await expectRefused(
        api,
        release(caseId, validReleaseBody('8d8f7b5e-0000-4000-8000-000000000000')),
        404,
        'CASE.OVERRIDE_NOT_FOUND',
      );
    });

    it('refuses an override already used by an earlier release, with 409', async () => {
      const { caseId, requestId } = await overrideDecided('APPROVED');
      await release(caseId, validReleaseBody(requestId)).expect(201);
      await http(api).post(`/cases/${caseId}/detentions`).send(validBookingBody()).expect(201);

      await expectRefused(
        api,
        release(caseId, validReleaseBody(requestId)),
        409,
        'CASE.OVERRIDE_ALREADY_USED',
      );
    });
  });

  describe('when the detained subject has no RCA', () => {
    it('refuses a release without an override', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(api, release(caseId), 422, 'CASE.OVERRIDE_REQUIRED');
    });
  });

  describe('when the subject is not detained', () => {
    it('refuses releasing a subject on a case that was only opened', async () => {
      const caseId = await openCase(api);
      await expectRefused(api, release(caseId), 422, 'CASE.NOT_DETAINED');
    });
  });

  describe('with bad input', () => {
    const body = validReleaseBody();
    it.each([
      ['a missing field', { ...body, releasedAt: undefined }, 'releasedAt'],
      ['a missing check-in plan', { ...body, checkInPlan: undefined }, 'checkInPlan'],
      ['a check-in plan that is a list', { ...body, checkInPlan: [] }, 'checkInPlan'],
      ['an unknown field', { ...body, bondAmount: 5000 }, 'bondAmount'],
      [
        'an unknown check-in plan field',
        { ...body, checkInPlan: { ...body.checkInPlan, x: 1 } },
        'checkInPlan.x',
      ],
      ['a wrong enum value', { ...body, releaseType: 'ESCAPE' }, 'releaseType'],
      [
        'an interval of 0 days',
        { ...body, checkInPlan: { ...body.checkInPlan, intervalDays: 0 } },
        'checkInPlan.intervalDays',
      ],
      [
        'a fractional grace',
        { ...body, checkInPlan: { ...body.checkInPlan, graceHours: 1.5 } },
        'checkInPlan.graceHours',
      ],
      [
        'an interval beyond any real date',
        { ...body, checkInPlan: { ...body.checkInPlan, intervalDays: 1e12 } },
        'checkInPlan.intervalDays',
      ],
      [
        'an override id that is not a UUID',
        { ...body, overrideRequestId: 'override-1' },
        'overrideRequestId',
      ],
      ['a null override id', { ...body, overrideRequestId: null }, 'overrideRequestId'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openClassifiedCase(api, 'RELEASE');
      await expectInvalid(api, release(caseId, bad), field);
    });
  });
});
