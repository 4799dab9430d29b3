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
  withoutRequestFields,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/reassignments', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const reassign = (
    caseId: string,
    body: object = validReassignmentBody(),
    as: TestCallerName = 'supervisor',
  ) => http(api, as).post(`/cases/${caseId}/reassignments`).send(body);

  describe('when the case is open', () => {
    it('moves the case to another officer of its office, with the reason', async () => {
      const caseId = await openDetainedCase(api);
      const response = await reassign(caseId, { ...validReassignmentBody(), reason: '  Subject released.  ' })
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
          toOfficeId: 'WAS',
          toOfficerId: 'WAS-ND-001',
          reason: 'Subject released.',
          reassignedBy: 'supervisor-9',
          reassignedAt: '2026-11-22T10:00:00.000Z',
        },
        metadata: { actor: { userId: 'supervisor-9', role: 'SUPERVISOR' }, correlationId: 'reassign-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });

    it('refuses another office, even one the caller works in, telling them to request a transfer', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        reassign(caseId, { ...validReassignmentBody(), toOfficeId: 'ATL', toOfficerId: 'ATL-ND-001' }),
        422,
        'CASE.TRANSFER_REQUIRED',
      );
    });

    it('refuses an officer who is not on the roster of the case’s office', async () => {
      const caseId = await openDetainedCase(api);
      for (const toOfficerId of ['ATL-ND-001', 'WAS-ND-999']) {
        await expectRefused(
          api,
          reassign(caseId, { ...validReassignmentBody(), toOfficerId }),
          422,
          'CASE.OFFICER_NOT_IN_OFFICE',
        );
      }
    });

    it('answers every office outside the caller’s offices alike, existing or not', async () => {
      const caseId = await openDetainedCase(api);
      const answers = [];
      // ATL exists (with an officer on its roster), NYC does not; an officer of WAS only asks.
      for (const [toOfficeId, toOfficerId] of [
        ['ATL', 'ATL-ND-001'],
        ['ATL', 'ATL-ND-999'],
        ['NYC', 'NYC-ND-001'],
      ]) {
        const problem = await expectRefused(
          api,
          reassign(caseId, { ...validReassignmentBody(), toOfficeId, toOfficerId }, 'officerOfWas'),
          422,
          'CASE.TRANSFER_REQUIRED',
        );
        answers.push(withoutRequestFields(problem));
      }
      expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    });

    it('answers a case outside the caller’s offices as one that does not exist, whoever the body names', async () => {
      const caseId = await openDetainedCase(api);
      const toSeattle = { ...validReassignmentBody(), toOfficeId: 'SEA', toOfficerId: 'SEA-ND-001' };
      const missing = withoutRequestFields(
        await expectRefused(
          api,
          reassign('8d8f7b5e-0000-4000-8000-000000000000', toSeattle, 'supervisorOfSea'),
          404,
          'CASE.NOT_FOUND',
        ),
      );
      for (const body of [
        { ...validReassignmentBody(), toOfficeId: 'SEA', toOfficerId: 'SEA-ND-001' },
        { ...validReassignmentBody(), toOfficeId: 'SEA', toOfficerId: 'WAS-ND-001' },
      ]) {
        const problem = await expectRefused(
          api,
          reassign(caseId, body, 'supervisorOfSea'),
          404,
          'CASE.NOT_FOUND',
        );
        expect(withoutRequestFields(problem)).toEqual(missing);
      }
    });

    it('refuses reassigning to the officer who already has the case, with 409', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(
        api,
        reassign(caseId, { ...validReassignmentBody(), toOfficerId: 'WAS-DET-001' }),
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
