import {
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openDetainedCase,
  startApi,
  validCheckInBody,
  validRemovalBody,
  validRemovalCompletionBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/removals/completion', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const complete = (caseId: string, body: object = validRemovalCompletionBody()) =>
    http(api).post(`/cases/${caseId}/removals/completion`).send(body);

  async function scheduledRemoval(): Promise<{ caseId: string; removalId: string }> {
    const caseId = await openDetainedCase(api);
    const response = await http(api).post(`/cases/${caseId}/removals`).send(validRemovalBody()).expect(201);
    return { caseId, removalId: (response.body as { removalId: string }).removalId };
  }

  describe('when a removal is scheduled', () => {
    it('records the removal of the subject', async () => {
      const { caseId, removalId } = await scheduledRemoval();
      const response = await complete(caseId).set('X-Correlation-Id', 'removed-1').expect(201);

      expect(response.headers.etag).toBe('"4"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'SubjectRemoved',
        streamVersion: 4,
        data: {
          caseId,
          removalId,
          country: 'MX',
          removedAt: '2026-11-22T10:00:00.000Z',
          recordedBy: 'officer-7',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'removed-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });

    it('closes the case: it accepts nothing afterwards', async () => {
      const { caseId } = await scheduledRemoval();
      await complete(caseId).expect(201);
      await expectRefused(api, complete(caseId), 409, 'CASE.CLOSED');
      await expectRefused(
        api,
        http(api).post(`/cases/${caseId}/check-ins`).send(validCheckInBody()),
        409,
        'CASE.CLOSED',
      );
    });

    it('refuses a removal time in the future', async () => {
      const { caseId } = await scheduledRemoval();
      await expectRefused(
        api,
        complete(caseId, { ...validRemovalCompletionBody(), removedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when no removal is scheduled', () => {
    it('refuses recording a removal', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(api, complete(caseId), 422, 'CASE.REMOVAL_NOT_SCHEDULED');
    });
  });

  describe('with bad input', () => {
    const body = validRemovalCompletionBody();
    it.each([
      ['a missing field', { ...body, country: undefined }, 'country'],
      ['an unknown field', { ...body, carrier: 'charter' }, 'carrier'],
      ['a country in lower case', { ...body, country: 'mx' }, 'country'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const { caseId } = await scheduledRemoval();
      await expectInvalid(api, complete(caseId, bad), field);
    });
  });
});
