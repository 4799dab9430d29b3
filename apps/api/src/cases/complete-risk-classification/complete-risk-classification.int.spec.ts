import {
  AT,
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openCase,
  openDetainedCase,
  startApi,
  validRiskClassificationBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/risk-classifications', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const classify = (caseId: string, body: object = validRiskClassificationBody()) =>
    http(api).post(`/cases/${caseId}/risk-classifications`).send(body);

  describe('when the subject is detained', () => {
    it('records the RCA with its assessor and answers with the new version', async () => {
      const caseId = await openDetainedCase(api);
      const response = await classify(caseId).set('X-Correlation-Id', 'rca-1').expect(201);

      expect(response.headers.etag).toBe('"3"');
      expect(response.body).toMatchObject({ caseId, version: 3 });
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'RiskClassificationCompleted',
        streamVersion: 3,
        data: {
          caseId,
          publicSafetyRisk: 'LOW',
          flightRisk: 'MEDIUM',
          specialVulnerabilities: ['PRIMARY_CAREGIVER'],
          recommendation: 'RELEASE',
          completedAt: '2026-11-20T12:00:00.000Z',
          assessedBy: 'officer-7',
        },
        metadata: {
          actor: { userId: 'officer-7', role: 'OFFICER' },
          correlationId: 'rca-1',
          causationId: null,
        },
        occurredAt: '2026-11-20T12:00:00.000Z',
      });
    });

    it('normalises a completion time with an offset to UTC', async () => {
      const caseId = await openDetainedCase(api);
      await classify(caseId, {
        ...validRiskClassificationBody(),
        completedAt: '2026-11-20T07:00:00-05:00',
      }).expect(201);
      expect((await lastEvent(api.db, caseId)).data.completedAt).toBe(
        new Date(AT.rcaCompleted).toISOString(),
      );
    });

    it('refuses a completion time in the future', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        classify(caseId, { ...validRiskClassificationBody(), completedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when the subject is not detained', () => {
    it('refuses an RCA for a case that was only opened', async () => {
      const caseId = await openCase(api);
      await expectRefused(api, classify(caseId), 422, 'CASE.NOT_DETAINED');
    });
  });

  it('answers 404 for a case that does not exist', async () => {
    await expectRefused(api, classify('8d8f7b5e-0000-4000-8000-000000000000'), 404, 'CASE.NOT_FOUND');
  });

  describe('with bad input', () => {
    const body = validRiskClassificationBody();
    it.each([
      ['a missing field', { ...body, recommendation: undefined }, 'recommendation'],
      ['an unknown field', { ...body, score: 3 }, 'score'],
      ['a wrong enum value', { ...body, flightRisk: 'EXTREME' }, 'flightRisk'],
      ['a list that is not a list', { ...body, specialVulnerabilities: 'none' }, 'specialVulnerabilities'],
      ['an empty list entry', { ...body, specialVulnerabilities: [''] }, 'specialVulnerabilities'],
      ['a date without a time', { ...body, completedAt: '2026-11-20' }, 'completedAt'],
      ['an ISO week date', { ...body, completedAt: '2026-W47-5' }, 'completedAt'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openDetainedCase(api);
      await expectInvalid(api, classify(caseId, bad), field);
    });
  });
});
