import {
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openDetainedCase,
  startApi,
  validRemovalBody,
  validRemovalFailureBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/removals/failure', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const fail = (caseId: string, body: object = validRemovalFailureBody()) =>
    http(api).post(`/cases/${caseId}/removals/failure`).send(body);

  async function scheduledRemoval(): Promise<{ caseId: string; removalId: string }> {
    const caseId = await openDetainedCase(api);
    const response = await http(api).post(`/cases/${caseId}/removals`).send(validRemovalBody()).expect(201);
    return { caseId, removalId: (response.body as { removalId: string }).removalId };
  }

  describe('when a removal is scheduled', () => {
    it('records the failure of that removal with its reason', async () => {
      const { caseId, removalId } = await scheduledRemoval();
      const response = await fail(caseId).set('X-Correlation-Id', 'failure-1').expect(201);

      expect(response.headers.etag).toBe('"4"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'RemovalFailed',
        streamVersion: 4,
        data: {
          caseId,
          removalId,
          reason: 'TRAVEL_DOCUMENTS_REFUSED',
          details: 'Consulate declined to issue travel documents.',
          failedAt: '2026-11-22T10:00:00.000Z',
          recordedBy: 'officer-7',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'failure-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });

    it('records a failure without details, after which a new removal may be scheduled', async () => {
      const { caseId } = await scheduledRemoval();
      await fail(caseId, { reason: 'SUBJECT_ABSENT', failedAt: '2026-11-22T10:00:00Z' }).expect(201);
      expect((await lastEvent(api.db, caseId)).data).not.toHaveProperty('details');
      await http(api).post(`/cases/${caseId}/removals`).send(validRemovalBody()).expect(201);
    });

    it('refuses a failure time in the future', async () => {
      const { caseId } = await scheduledRemoval();
      await expectRefused(
        api,
        fail(caseId, { ...validRemovalFailureBody(), failedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when no removal is scheduled', () => {
    it('refuses a failure', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(api, fail(caseId), 422, 'CASE.REMOVAL_NOT_SCHEDULED');
    });
  });

  describe('with bad input', () => {
    const body = validRemovalFailureBody();
    it.each([
      ['a missing field', { ...body, reason: undefined }, 'reason'],
      ['an unknown field', { ...body, removalId: 'r-1' }, 'removalId'],
      ['a wrong enum value', { ...body, reason: 'WEATHER' }, 'reason'],
      ['details that are not text', { ...body, details: ['a'] }, 'details'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const { caseId } = await scheduledRemoval();
      await expectInvalid(api, fail(caseId, bad), field);
    });
  });
});
