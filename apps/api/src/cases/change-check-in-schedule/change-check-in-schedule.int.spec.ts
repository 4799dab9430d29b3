import {
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openDetainedCase,
  openSupervisedCase,
  startApi,
  validCheckInPlanBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('PUT /cases/:caseId/check-in-plan', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const changePlan = (caseId: string, body: object = validCheckInPlanBody()) =>
    http(api).put(`/cases/${caseId}/check-in-plan`).send(body);

  describe('when the subject is under supervision', () => {
    it('replaces the plan and answers 200 with the new version', async () => {
      const caseId = await openSupervisedCase(api);
      const response = await changePlan(caseId).set('X-Correlation-Id', 'plan-1').expect(200);

      expect(response.headers.etag).toBe('"5"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'CheckInScheduleChanged',
        streamVersion: 5,
        data: {
          caseId,
          intervalDays: 14,
          graceHours: 12,
          nextDueAt: '2026-12-05T09:00:00.000Z',
          changedBy: 'officer-7',
          changedAt: '2026-11-22T10:00:00.000Z',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'plan-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });

    it('gives a plan without a grace the default grace of the policy in effect', async () => {
      const caseId = await openSupervisedCase(api);
      const { graceHours: _given, ...withoutGrace } = validCheckInPlanBody() as { graceHours: number };
      await changePlan(caseId, withoutGrace).expect(200);
      // The policy in effect is version 1, seeded from the configuration: the default grace of 24 h.
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'CheckInScheduleChanged',
        data: { graceHours: 24 },
        metadata: { policyVersion: 1 },
      });
    });

    it('refuses a next check-in that is not after the change', async () => {
      const caseId = await openSupervisedCase(api);
      await expectRefused(
        api,
        changePlan(caseId, { ...validCheckInPlanBody(), nextDueAt: '2026-11-22T09:00:00Z' }),
        422,
        'CASE.CHECK_IN_PLAN_INVALID',
      );
    });

    it('refuses a change time in the future', async () => {
      const caseId = await openSupervisedCase(api);
      await expectRefused(
        api,
        changePlan(caseId, { ...validCheckInPlanBody(), changedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when the subject is detained', () => {
    it('refuses a check-in plan', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(api, changePlan(caseId), 422, 'CASE.NOT_UNDER_SUPERVISION');
    });
  });

  describe('with bad input', () => {
    const body = validCheckInPlanBody();
    it.each([
      ['a missing field', { ...body, nextDueAt: undefined }, 'nextDueAt'],
      ['an unknown field', { ...body, firstDueAt: body.nextDueAt }, 'firstDueAt'],
      ['an interval given as text', { ...body, intervalDays: '14' }, 'intervalDays'],
      ['a negative grace', { ...body, graceHours: -1 }, 'graceHours'],
      [
        'a null grace (left out, the policy decides; null is no grace)',
        { ...body, graceHours: null },
        'graceHours',
      ],
      ['a time without an offset', { ...body, changedAt: '2026-11-22T10:00:00' }, 'changedAt'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openSupervisedCase(api);
      await expectInvalid(api, changePlan(caseId, bad), field);
    });
  });
});
