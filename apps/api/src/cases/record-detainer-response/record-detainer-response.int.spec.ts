import {
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openDetainedCase,
  startApi,
  validDetainerBody,
  validDetainerResponseBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/detainers/:detainerId/response', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const respond = (caseId: string, detainerId: string, body: object = validDetainerResponseBody()) =>
    http(api).post(`/cases/${caseId}/detainers/${detainerId}/response`).send(body);

  async function openDetainer(): Promise<{ caseId: string; detainerId: string }> {
    const caseId = await openDetainedCase(api);
    const response = await http(api).post(`/cases/${caseId}/detainers`).send(validDetainerBody()).expect(201);
    return { caseId, detainerId: (response.body as { detainerId: string }).detainerId };
  }

  describe('when the detainer awaits a response', () => {
    it('records the response with the jurisdiction it was asked of', async () => {
      const { caseId, detainerId } = await openDetainer();
      const response = await respond(caseId, detainerId).set('X-Correlation-Id', 'response-1').expect(201);

      expect(response.headers.etag).toBe('"4"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'DetainerResponded',
        streamVersion: 4,
        data: {
          caseId,
          detainerId,
          jurisdictionId: 'VA-FAIRFAX-COUNTY',
          response: 'DECLINED',
          recordedBy: 'officer-7',
          respondedAt: '2026-11-22T10:00:00.000Z',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'response-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });
  });

  describe('when the detainer already has a response', () => {
    it('refuses a second response with 409', async () => {
      const { caseId, detainerId } = await openDetainer();
      await respond(caseId, detainerId).expect(201);
      await expectRefused(
        api,
        respond(caseId, detainerId, { ...validDetainerResponseBody(), response: 'HONORED' }),
        409,
        'CASE.DETAINER_ALREADY_RESPONDED',
      );
    });
  });

  it('answers 404 for a detainer that does not exist on the case', async () => {
    const { caseId } = await openDetainer();
    await expectRefused(
      api,
      respond(caseId, '8d8f7b5e-0000-4000-8000-000000000000'),
      404,
      'CASE.DETAINER_NOT_FOUND',
    );
  });

  it('answers 400 for a detainer id that is not a UUID', async () => {
    const { caseId } = await openDetainer();
    await expectInvalid(api, respond(caseId, 'detainer-1'), 'detainerId');
  });

  describe('with bad input', () => {
    const body = validDetainerResponseBody();
    it.each([
      ['a missing field', { ...body, respondedAt: undefined }, 'respondedAt'],
      ['an unknown field', { ...body, jurisdictionId: 'X' }, 'jurisdictionId'],
      ['a wrong enum value', { ...body, response: 'IGNORED' }, 'response'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const { caseId, detainerId } = await openDetainer();
      await expectInvalid(api, respond(caseId, detainerId, bad), field);
    });
  });
});
