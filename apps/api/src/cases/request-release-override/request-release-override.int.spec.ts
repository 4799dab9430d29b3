import {
  FAR_FUTURE,
  OFFICER_A,
  OVERRIDE_NARRATIVE,
  countEvents,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openCase,
  openClassifiedCase,
  openSupervisedCase,
  startApi,
  validOverrideRequestBody,
  type ApiTestContext,
} from '@api/api.test-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('POST /cases/:caseId/release-override-requests', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const requestOverride = (caseId: string, body: object = validOverrideRequestBody()) =>
    http(api, 'officerA').post(`/cases/${caseId}/release-override-requests`).send(body);

  describe('when the detained subject’s RCA recommends detention', () => {
    it('records the request with its requester and answers with the new request id', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      const response = await requestOverride(caseId).set('X-Correlation-Id', 'override-1').expect(201);

      const { requestId } = response.body as { requestId: string };
      expect(requestId).toMatch(UUID);
      expect(response.headers.etag).toBe('"4"');
      expect(response.body).toMatchObject({
        caseId,
        version: 4,
        events: [{ type: 'ReleaseOverrideRequested' }],
      });
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'ReleaseOverrideRequested',
        data: {
          caseId,
          requestId,
          reasonCodes: ['PRIMARY_CAREGIVER', 'HUMANITARIAN'],
          narrative: OVERRIDE_NARRATIVE,
          requestedBy: OFFICER_A,
          requestedAt: '2026-11-20T13:00:00.000Z',
        },
        metadata: { actor: { userId: OFFICER_A, role: 'OFFICER' }, correlationId: 'override-1' },
        occurredAt: '2026-11-20T13:00:00.000Z',
      });
    });

    it('stores the narrative trimmed', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      await requestOverride(caseId, {
        ...validOverrideRequestBody(),
        narrative: `  ${OVERRIDE_NARRATIVE}\n`,
      }).expect(201);
      expect((await lastEvent(api.db, caseId)).data.narrative).toBe(OVERRIDE_NARRATIVE);
    });

    it('refuses a narrative shorter than 100 characters, spaces not counted', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      const narrative = `${'x'.repeat(99)}${' '.repeat(20)}`;
      await expectRefused(
        api,
        requestOverride(caseId, { ...validOverrideRequestBody(), narrative }),
        422,
        'CASE.OVERRIDE_NARRATIVE_TOO_SHORT',
      );
    });

    it('refuses a request without a reason code', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      await expectRefused(
        api,
        requestOverride(caseId, { ...validOverrideRequestBody(), reasonCodes: [] }),
        422,
        'CASE.OVERRIDE_REASON_REQUIRED',
      );
    });

    it('refuses a request time in the future', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      await expectRefused(
        api,
        requestOverride(caseId, { ...validOverrideRequestBody(), requestedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });

    it('answers a retried request with the same request id and stores one event', async () => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      const before = await countEvents(api.db);
      const first = await requestOverride(caseId).set('Idempotency-Key', 'override-retry').expect(201);
      const retried = await requestOverride(caseId).set('Idempotency-Key', 'override-retry').expect(201);

      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body).toEqual(first.body);
      expect((await lastEvent(api.db, caseId)).data.requestId).toBe(
        (first.body as { requestId: string }).requestId,
      );
      expect(await countEvents(api.db)).toBe(before + 1);
    });
  });

  describe('when the subject is not detained', () => {
    it('refuses a request for a case that was only opened', async () => {
      const caseId = await openCase(api);
      await expectRefused(api, requestOverride(caseId), 422, 'CASE.NOT_DETAINED');
    });

    it('refuses a request for a subject already released', async () => {
      const caseId = await openSupervisedCase(api);
      await expectRefused(api, requestOverride(caseId), 422, 'CASE.NOT_DETAINED');
    });
  });

  describe('with bad input', () => {
    const body = validOverrideRequestBody();
    it.each([
      ['a missing field', { ...body, requestedAt: undefined }, 'requestedAt'],
      ['an unknown field', { ...body, approvedBy: 'me' }, 'approvedBy'],
      ['a reason code not on the list', { ...body, reasonCodes: ['BECAUSE'] }, 'reasonCodes'],
      ['a repeated reason code', { ...body, reasonCodes: ['OTHER', 'OTHER'] }, 'reasonCodes'],
      ['reason codes that are not a list', { ...body, reasonCodes: 'OTHER' }, 'reasonCodes'],
      ['a narrative that is not text', { ...body, narrative: 42 }, 'narrative'],
      ['a narrative over 4000 characters', { ...body, narrative: 'x'.repeat(4001) }, 'narrative'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openClassifiedCase(api, 'DETAIN');
      await expectInvalid(api, requestOverride(caseId, bad), field);
    });
  });
});
