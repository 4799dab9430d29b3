import {
  FAR_FUTURE,
  countEvents,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openDetainedCase,
  startApi,
  validDetainerBody,
  type ApiTestContext,
} from '@api/api.test-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('POST /cases/:caseId/detainers', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const requestDetainer = (caseId: string, body: object = validDetainerBody()) =>
    http(api).post(`/cases/${caseId}/detainers`).send(body);

  describe('when the case is open', () => {
    it('records the detainer and answers with its new id', async () => {
      const caseId = await openDetainedCase(api);
      const response = await requestDetainer(caseId).set('X-Correlation-Id', 'detainer-1').expect(201);

      const { detainerId } = response.body as { detainerId: string };
      expect(detainerId).toMatch(UUID);
      expect(response.headers.etag).toBe('"3"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'DetainerRequested',
        streamVersion: 3,
        data: {
          caseId,
          detainerId,
          jurisdictionId: 'VA-FAIRFAX-COUNTY',
          requestedBy: 'officer-7',
          requestedAt: '2026-11-20T10:00:00.000Z',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'detainer-1' },
        occurredAt: '2026-11-20T10:00:00.000Z',
      });
    });

    it('gives each detainer of a case its own id', async () => {
      const caseId = await openDetainedCase(api);
      const first = await requestDetainer(caseId).expect(201);
      const second = await requestDetainer(caseId).expect(201);
      expect((second.body as { detainerId: string }).detainerId).not.toBe(
        (first.body as { detainerId: string }).detainerId,
      );
    });

    it('answers a retried request with the same detainer id and stores one event', async () => {
      const caseId = await openDetainedCase(api);
      const before = await countEvents(api.db);
      const first = await requestDetainer(caseId).set('Idempotency-Key', 'detainer-retry').expect(201);
      const retried = await requestDetainer(caseId).set('Idempotency-Key', 'detainer-retry').expect(201);

      expect(retried.body).toEqual(first.body);
      expect(await countEvents(api.db)).toBe(before + 1);
    });

    it('refuses a request time in the future', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        requestDetainer(caseId, { ...validDetainerBody(), requestedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('with bad input', () => {
    const body = validDetainerBody();
    it.each([
      ['a missing field', { ...body, jurisdictionId: undefined }, 'jurisdictionId'],
      ['an unknown field', { ...body, detainerId: '8d8f7b5e-0000-4000-8000-000000000000' }, 'detainerId'],
      ['a jurisdiction id with spaces', { ...body, jurisdictionId: 'Fairfax County' }, 'jurisdictionId'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openDetainedCase(api);
      await expectInvalid(api, requestDetainer(caseId, bad), field);
    });
  });
});
