import {
  countEvents,
  expectInvalid,
  expectRefused,
  FAR_FUTURE,
  http,
  lastEvent,
  openClosedCase,
  openDetainedCase,
  requestTransfer,
  startApi,
  validTransferRequestBody,
  withoutRequestFields,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/transfers', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const request = (
    caseId: string,
    body: object = validTransferRequestBody(),
    as: TestCallerName = 'officer',
  ) => http(api, as).post(`/cases/${caseId}/transfers`).send(body);

  describe('when the case has no pending transfer', () => {
    it('records the request with where the case is now, and answers the transfer id', async () => {
      const caseId = await openDetainedCase(api);
      const response = await request(caseId, { ...validTransferRequestBody(), reason: ' Subject moved. ' })
        .set('X-Correlation-Id', 'transfer-1')
        .expect(201);

      const { transferId } = response.body as { transferId: string };
      expect(response.headers.etag).toBe('"3"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'TransferRequested',
        streamVersion: 3,
        data: {
          caseId,
          transferId,
          fromOfficeId: 'WAS',
          fromOfficerId: 'WAS-DET-001',
          toOfficeId: 'ATL',
          reason: 'Subject moved.',
          requestedBy: 'officer-7',
          requestedAt: '2026-11-22T10:00:00.000Z',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'transfer-1' },
      });
    });

    it('leaves the case in its office until the receiving office accepts', async () => {
      const caseId = await openDetainedCase(api);
      await requestTransfer(api, caseId);
      const view = await http(api, 'officerOfWas').get(`/cases/${caseId}`).expect(200);
      expect(view.body).toMatchObject({ state: { officeId: 'WAS', officerId: 'WAS-DET-001' } });
    });

    it('lets a supervisor of the case’s office request it', async () => {
      const caseId = await openDetainedCase(api);
      await request(caseId, validTransferRequestBody(), 'supervisorOfWas').expect(201);
      expect((await lastEvent(api.db, caseId)).data).toMatchObject({ requestedBy: 'supervisor-was' });
    });

    it('takes any office code without looking it up, so the answer tells nothing of other offices', async () => {
      const answers = [];
      for (const toOfficeId of ['ATL', 'NYC']) {
        const caseId = await openDetainedCase(api);
        const response = await request(caseId, { ...validTransferRequestBody(), toOfficeId }, 'officerOfWas');
        answers.push(response.status);
      }
      expect(answers).toEqual([201, 201]);
    });

    it('refuses a transfer to the case’s own office', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        request(caseId, { ...validTransferRequestBody(), toOfficeId: 'WAS' }),
        422,
        'CASE.TRANSFER_SAME_OFFICE',
      );
    });

    it('refuses a blank reason and a time in the future', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        request(caseId, { ...validTransferRequestBody(), reason: ' ' }),
        422,
        'CASE.REASON_REQUIRED',
      );
      await expectRefused(
        api,
        request(caseId, { ...validTransferRequestBody(), requestedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });

    it('refuses a stale If-Match with 412', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(api, request(caseId).set('If-Match', '"1"'), 412, 'CASE.VERSION_MISMATCH');
    });

    it('answers a retried request with the first transfer id, storing one event', async () => {
      const caseId = await openDetainedCase(api);
      const first = await request(caseId).set('Idempotency-Key', 'transfer-retry').expect(201);
      const before = await countEvents(api.db);
      const retried = await request(caseId).set('Idempotency-Key', 'transfer-retry').expect(201);
      expect(retried.body).toEqual(first.body);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(await countEvents(api.db)).toBe(before);
    });
  });

  describe('when a transfer is pending', () => {
    it('refuses a second one with 409', async () => {
      const caseId = await openDetainedCase(api);
      await requestTransfer(api, caseId);
      await expectRefused(
        api,
        request(caseId, { ...validTransferRequestBody(), toOfficeId: 'SEA' }),
        409,
        'CASE.TRANSFER_ALREADY_PENDING',
      );
    });

    it('does not let the receiving office request anything of the case', async () => {
      const caseId = await openDetainedCase(api);
      await requestTransfer(api, caseId);
      await expectRefused(
        api,
        request(caseId, { ...validTransferRequestBody(), toOfficeId: 'SEA' }, 'supervisorOfAtl'),
        404,
        'CASE.NOT_FOUND',
      );
    });
  });

  describe('when the case is closed', () => {
    it('refuses a transfer with 409', async () => {
      const caseId = await openClosedCase(api);
      await expectRefused(api, request(caseId), 409, 'CASE.CLOSED');
    });
  });

  it('answers a case outside the caller’s offices exactly as one that does not exist', async () => {
    const caseId = await openDetainedCase(api);
    const outside = await expectRefused(
      api,
      request(caseId, undefined, 'supervisorOfSea'),
      404,
      'CASE.NOT_FOUND',
    );
    const missing = await expectRefused(
      api,
      request('8d8f7b5e-0000-4000-8000-000000000000', undefined, 'supervisorOfSea'),
      404,
      'CASE.NOT_FOUND',
    );
    expect(withoutRequestFields(outside)).toEqual(withoutRequestFields(missing));
  });

  describe('with bad input', () => {
    const body = validTransferRequestBody();
    it.each([
      ['a missing reason', { ...body, reason: undefined }, 'reason'],
      ['an unknown field', { ...body, toOfficerId: 'ATL-ND-001' }, 'toOfficerId'],
      ['an office code that is not one', { ...body, toOfficeId: 'atlanta office' }, 'toOfficeId'],
      ['a reason over 500 characters', { ...body, reason: 'x'.repeat(501) }, 'reason'],
      ['a time without an offset', { ...body, requestedAt: '2026-11-22T10:00:00' }, 'requestedAt'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openDetainedCase(api);
      await expectInvalid(api, request(caseId, bad), field);
    });
  });
});
