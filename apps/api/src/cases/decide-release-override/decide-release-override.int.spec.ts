import {
  FAR_FUTURE,
  SUPERVISOR_B,
  decideOverride,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openClassifiedCase,
  requestOverride,
  startApi,
  validOverrideDecisionBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/release-override-requests/:requestId/decision', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const decide = (
    caseId: string,
    requestId: string,
    as: TestCallerName,
    body: object = validOverrideDecisionBody(),
  ) => http(api, as).post(`/cases/${caseId}/release-override-requests/${requestId}/decision`).send(body);

  async function pendingRequest(): Promise<{ caseId: string; requestId: string }> {
    const caseId = await openClassifiedCase(api, 'DETAIN');
    return { caseId, requestId: await requestOverride(api, caseId) };
  }

  describe('when an officer’s request is pending', () => {
    it('records a supervisor’s approval with the decider and the supervisor role', async () => {
      const { caseId, requestId } = await pendingRequest();
      const response = await decide(caseId, requestId, 'supervisorB')
        .set('X-Correlation-Id', 'decision-1')
        .expect(201);

      expect(response.headers.etag).toBe('"5"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'ReleaseOverrideDecided',
        streamVersion: 5,
        data: {
          caseId,
          requestId,
          decision: 'APPROVED',
          decidedBy: SUPERVISOR_B,
          decidedAt: '2026-11-20T14:00:00.000Z',
          comment: 'Caregiver status confirmed with the county.',
        },
        metadata: { actor: { userId: SUPERVISOR_B, role: 'SUPERVISOR' }, correlationId: 'decision-1' },
        occurredAt: '2026-11-20T14:00:00.000Z',
      });
    });

    it('records a rejection without a comment', async () => {
      const { caseId, requestId } = await pendingRequest();
      await decide(caseId, requestId, 'supervisorB', {
        decision: 'REJECTED',
        decidedAt: '2026-11-20T14:00:00Z',
      }).expect(201);
      const { data } = await lastEvent(api.db, caseId);
      expect(data).toMatchObject({ decision: 'REJECTED' });
      expect(data).not.toHaveProperty('comment');
    });

    it('accepts the request id in upper case', async () => {
      const { caseId, requestId } = await pendingRequest();
      await decide(caseId, requestId.toUpperCase(), 'supervisorB').expect(201);
      expect((await lastEvent(api.db, caseId)).data).toMatchObject({ requestId });
    });

    it('refuses the requesting officer approving their own request, even as a supervisor', async () => {
      const { caseId, requestId } = await pendingRequest();
      await expectRefused(
        api,
        decide(caseId, requestId, 'officerAAsSupervisor'),
        422,
        'CASE.OVERRIDE_SELF_APPROVAL',
      );
    });

    it('refuses a decision by someone in the officer role before any rule is checked', async () => {
      const { caseId, requestId } = await pendingRequest();
      await expectRefused(api, decide(caseId, requestId, 'supervisorBAsOfficer'), 403, 'AUTH.FORBIDDEN');
    });

    it('refuses a decision time in the future', async () => {
      const { caseId, requestId } = await pendingRequest();
      await expectRefused(
        api,
        decide(caseId, requestId, 'supervisorB', { ...validOverrideDecisionBody(), decidedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when the request was already decided', () => {
    it('refuses a second decision with 409', async () => {
      const { caseId, requestId } = await pendingRequest();
      await decideOverride(api, caseId, requestId, 'REJECTED');
      await expectRefused(api, decide(caseId, requestId, 'supervisorB'), 409, 'CASE.OVERRIDE_NOT_PENDING');
    });
  });

  it('answers 404 for a request that does not exist on the case', async () => {
    const { caseId } = await pendingRequest();
    await expectRefused(
      api,
      decide(caseId, '8d8f7b5e-0000-4000-8000-000000000000', 'supervisorB'),
      404,
      'CASE.OVERRIDE_NOT_FOUND',
    );
  });

  it('answers 400 for a request id that is not a UUID', async () => {
    const { caseId } = await pendingRequest();
    await expectInvalid(api, decide(caseId, 'override-1', 'supervisorB'), 'requestId');
  });

  describe('with bad input', () => {
    const body = validOverrideDecisionBody();
    it.each([
      ['a missing field', { ...body, decision: undefined }, 'decision'],
      ['an unknown field', { ...body, approvedBy: SUPERVISOR_B }, 'approvedBy'],
      ['a wrong enum value', { ...body, decision: 'MAYBE' }, 'decision'],
      ['a null comment', { ...body, comment: null }, 'comment'],
      ['a comment over 2000 characters', { ...body, comment: 'x'.repeat(2001) }, 'comment'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const { caseId, requestId } = await pendingRequest();
      await expectInvalid(api, decide(caseId, requestId, 'supervisorB', bad), field);
    });
  });
});
