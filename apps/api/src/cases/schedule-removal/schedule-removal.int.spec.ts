import {
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openDetainedCase,
  startApi,
  validRemovalBody,
  type ApiTestContext,
} from '@api/api.test-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('POST /cases/:caseId/removals', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const schedule = (caseId: string, body: object = validRemovalBody()) =>
    http(api).post(`/cases/${caseId}/removals`).send(body);

  describe('when no removal is scheduled', () => {
    it('schedules a removal ahead, recorded now, and answers with its id', async () => {
      const caseId = await openDetainedCase(api);
      const response = await schedule(caseId, { ...validRemovalBody(), scheduledFor: '2999-06-01T06:00:00Z' })
        .set('X-Correlation-Id', 'removal-1')
        .expect(201);

      const { removalId } = response.body as { removalId: string };
      expect(removalId).toMatch(UUID);
      expect(response.headers.etag).toBe('"3"');
      const event = await lastEvent(api.db, caseId);
      expect(event).toMatchObject({
        type: 'RemovalScheduled',
        streamVersion: 3,
        data: {
          caseId,
          removalId,
          scheduledFor: '2999-06-01T06:00:00.000Z',
          destinationCountry: 'MX',
          scheduledBy: 'officer-7',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'removal-1' },
      });
      expect(event.occurredAt).toBe(event.recordedAt);
    });
  });

  describe('when a removal is already scheduled', () => {
    it('refuses a second one with 409', async () => {
      const caseId = await openDetainedCase(api);
      await schedule(caseId).expect(201);
      await expectRefused(api, schedule(caseId), 409, 'CASE.REMOVAL_ALREADY_SCHEDULED');
    });
  });

  describe('with bad input', () => {
    const body = validRemovalBody();
    it.each([
      ['a missing field', { ...body, destinationCountry: undefined }, 'destinationCountry'],
      ['an unknown field', { ...body, flight: 'XA123' }, 'flight'],
      ['a country that is not an ISO code', { ...body, destinationCountry: 'Mexico' }, 'destinationCountry'],
      ['a time that is not a time', { ...body, scheduledFor: 'next week' }, 'scheduledFor'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openDetainedCase(api);
      await expectInvalid(api, schedule(caseId, bad), field);
    });
  });
});
