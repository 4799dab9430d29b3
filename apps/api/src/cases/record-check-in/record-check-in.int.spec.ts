import {
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openCase,
  openClosedCase,
  openDetainedCase,
  openSupervisedCase,
  startApi,
  validCheckInBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/check-ins', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const checkIn = (caseId: string, body: object = validCheckInBody()) =>
    http(api).post(`/cases/${caseId}/check-ins`).send(body);

  describe('when the subject is under supervision', () => {
    it('records the check-in and sets the next one an interval later', async () => {
      const caseId = await openSupervisedCase(api);
      const response = await checkIn(caseId).set('X-Correlation-Id', 'check-in-1').expect(201);

      expect(response.headers.etag).toBe('"5"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'CheckInRecorded',
        streamVersion: 5,
        data: {
          caseId,
          checkedInAt: '2026-11-21T08:30:00.000Z',
          method: 'IN_PERSON',
          recordedBy: 'officer-7',
          nextDueAt: '2026-11-28T08:30:00.000Z',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'check-in-1' },
        occurredAt: '2026-11-21T08:30:00.000Z',
      });
    });

    it('refuses a check-in in the future', async () => {
      const caseId = await openSupervisedCase(api);
      await expectRefused(
        api,
        checkIn(caseId, { ...validCheckInBody(), checkedInAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when the subject is detained', () => {
    it('refuses a check-in for a detained subject', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(api, checkIn(caseId), 422, 'CASE.NOT_UNDER_SUPERVISION');
    });
  });

  describe('when the case was only opened', () => {
    it('refuses a check-in', async () => {
      const caseId = await openCase(api);
      await expectRefused(api, checkIn(caseId), 422, 'CASE.NOT_UNDER_SUPERVISION');
    });
  });

  describe('when the case is closed', () => {
    it('refuses a check-in with 409', async () => {
      const caseId = await openClosedCase(api);
      await expectRefused(api, checkIn(caseId), 409, 'CASE.CLOSED');
    });
  });

  describe('with bad input', () => {
    const body = validCheckInBody();
    it.each([
      ['a missing field', { ...body, method: undefined }, 'method'],
      ['an unknown field', { ...body, location: 'office' }, 'location'],
      ['a wrong enum value', { ...body, method: 'CARRIER_PIGEON' }, 'method'],
      ['a time that is not a time', { ...body, checkedInAt: 'this morning' }, 'checkedInAt'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openSupervisedCase(api);
      await expectInvalid(api, checkIn(caseId, bad), field);
    });
  });
});
