import {
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openClosedCase,
  openDetainedCase,
  startApi,
  validReassignmentBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/reassignments', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const reassign = (caseId: string, body: object = validReassignmentBody()) =>
    http(api, 'supervisor').post(`/cases/${caseId}/reassignments`).send(body);

  describe('when the case is open', () => {
    it('moves the case to an officer of another office, with the reason', async () => {
      const caseId = await openDetainedCase(api);
      const response = await reassign(caseId, { ...validReassignmentBody(), reason: '  Subject moved.  ' })
        .set('X-Correlation-Id', 'reassign-1')
        .expect(201);

      expect(response.headers.etag).toBe('"3"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'CaseReassigned',
        streamVersion: 3,
        data: {
          caseId,
          fromOfficeId: 'WAS',
          fromOfficerId: 'WAS-DET-001',
          toOfficeId: 'ATL',
          toOfficerId: 'ATL-ND-001',
          reason: 'Subject moved.',
          reassignedBy: 'supervisor-9',
          reassignedAt: '2026-11-22T10:00:00.000Z',
        },
        metadata: { actor: { userId: 'supervisor-9', role: 'SUPERVISOR' }, correlationId: 'reassign-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });

    it('moves the case to another officer of the same office', async () => {
      const caseId = await openDetainedCase(api);
      await reassign(caseId, {
        ...validReassignmentBody(),
        toOfficeId: 'WAS',
        toOfficerId: 'WAS-ND-001',
      }).expect(201);
      expect((await lastEvent(api.db, caseId)).data).toMatchObject({
        toOfficeId: 'WAS',
        toOfficerId: 'WAS-ND-001',
      });
    });

    it('refuses an officer who is not on the target office’s roster', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        reassign(caseId, { ...validReassignmentBody(), toOfficerId: 'WAS-DET-002' }),
        422,
        'ROSTER.OFFICER_NOT_IN_OFFICE',
      );
    });

    it('refuses an office that does not exist', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        reassign(caseId, { ...validReassignmentBody(), toOfficeId: 'NYC' }),
        422,
        'ROSTER.OFFICE_NOT_FOUND',
      );
    });

    it('refuses reassigning to the officer who already has the case, with 409', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        reassign(caseId, { ...validReassignmentBody(), toOfficeId: 'WAS', toOfficerId: 'WAS-DET-001' }),
        409,
        'CASE.ALREADY_ASSIGNED',
      );
    });

    it('refuses a blank reason', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        reassign(caseId, { ...validReassignmentBody(), reason: '   ' }),
        422,
        'CASE.REASON_REQUIRED',
      );
    });

    it('refuses a reassignment time in the future', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        reassign(caseId, { ...validReassignmentBody(), reassignedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when the case is closed', () => {
    it('refuses a reassignment with 409', async () => {
      const caseId = await openClosedCase(api);
      await expectRefused(api, reassign(caseId), 409, 'CASE.CLOSED');
    });
  });

  it('answers 404 for a case that does not exist', async () => {
    await expectRefused(api, reassign('8d8f7b5e-0000-4000-8000-000000000000'), 404, 'CASE.NOT_FOUND');
  });

  describe('with bad input', () => {
    const body = validReassignmentBody();
    it.each([
      ['a missing field', { ...body, reason: undefined }, 'reason'],
      ['an unknown field', { ...body, priority: 'HIGH' }, 'priority'],
      ['an office code that is not one', { ...body, toOfficeId: 'atlanta office' }, 'toOfficeId'],
      ['a reason over 500 characters', { ...body, reason: 'x'.repeat(501) }, 'reason'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openDetainedCase(api);
      await expectInvalid(api, reassign(caseId, bad), field);
    });
  });
});
