import {
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openClosedCase,
  openSupervisedCase,
  startApi,
  validAcknowledgementBody,
  validBookingBody,
  validCheckInBody,
  validCheckInPlanBody,
  validClosureBody,
  validDetainerBody,
  validDetainerResponseBody,
  validOverrideDecisionBody,
  validOverrideRequestBody,
  validReassignmentBody,
  validReleaseBody,
  validRemovalBody,
  validRemovalCompletionBody,
  validRemovalFailureBody,
  validRiskClassificationBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/closure', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const close = (caseId: string, body: object = validClosureBody()) =>
    http(api).post(`/cases/${caseId}/closure`).send(body);

  describe('when the case is open', () => {
    it('closes the case with its reason', async () => {
      const caseId = await openSupervisedCase(api);
      const response = await close(caseId).set('X-Correlation-Id', 'close-1').expect(201);

      expect(response.headers.etag).toBe('"5"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'CaseClosed',
        streamVersion: 5,
        data: {
          caseId,
          reason: 'RELIEF_GRANTED',
          closedAt: '2026-11-22T10:00:00.000Z',
          closedBy: 'officer-7',
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'close-1' },
        occurredAt: '2026-11-22T10:00:00.000Z',
      });
    });

    it('refuses a closing time in the future', async () => {
      const caseId = await openSupervisedCase(api);
      await expectRefused(
        api,
        close(caseId, { ...validClosureBody(), closedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });
  });

  describe('when the case is closed', () => {
    const someId = '8d8f7b5e-0000-4000-8000-000000000000';
    const commands: [string, (caseId: string) => string, object][] = [
      ['POST /closure', (caseId) => `/cases/${caseId}/closure`, validClosureBody()],
      ['POST /detentions', (caseId) => `/cases/${caseId}/detentions`, validBookingBody()],
      [
        'POST /risk-classifications',
        (caseId) => `/cases/${caseId}/risk-classifications`,
        validRiskClassificationBody(),
      ],
      [
        'POST /release-override-requests',
        (caseId) => `/cases/${caseId}/release-override-requests`,
        validOverrideRequestBody(),
      ],
      [
        'POST /release-override-requests/:requestId/decision',
        (caseId) => `/cases/${caseId}/release-override-requests/${someId}/decision`,
        validOverrideDecisionBody(),
      ],
      ['POST /releases', (caseId) => `/cases/${caseId}/releases`, validReleaseBody()],
      ['POST /check-ins', (caseId) => `/cases/${caseId}/check-ins`, validCheckInBody()],
      [
        'POST /alerts/:alertId/acknowledgement',
        (caseId) => `/cases/${caseId}/alerts/mci:${caseId}:2026-11-21T09:00:00.000Z/acknowledgement`,
        validAcknowledgementBody(),
      ],
      ['POST /reassignments', (caseId) => `/cases/${caseId}/reassignments`, validReassignmentBody()],
      ['POST /detainers', (caseId) => `/cases/${caseId}/detainers`, validDetainerBody()],
      [
        'POST /detainers/:detainerId/response',
        (caseId) => `/cases/${caseId}/detainers/${someId}/response`,
        validDetainerResponseBody(),
      ],
      ['POST /removals', (caseId) => `/cases/${caseId}/removals`, validRemovalBody()],
      ['POST /removals/failure', (caseId) => `/cases/${caseId}/removals/failure`, validRemovalFailureBody()],
      [
        'POST /removals/completion',
        (caseId) => `/cases/${caseId}/removals/completion`,
        validRemovalCompletionBody(),
      ],
    ];

    it.each(commands)('refuses %s with 409, storing nothing', async (name, path, body) => {
      const caseId = await openClosedCase(api);
      // Only a supervisor may decide an override; officers send everything else.
      const as = name.endsWith('/decision') ? 'supervisorB' : 'officer';
      await expectRefused(api, http(api, as).post(path(caseId)).send(body), 409, 'CASE.CLOSED');
    });

    it('refuses PUT /check-in-plan with 409, storing nothing', async () => {
      const caseId = await openClosedCase(api);
      await expectRefused(
        api,
        http(api).put(`/cases/${caseId}/check-in-plan`).send(validCheckInPlanBody()),
        409,
        'CASE.CLOSED',
      );
    });
  });

  describe('with bad input', () => {
    const body = validClosureBody();
    it.each([
      ['a missing field', { ...body, closedAt: undefined }, 'closedAt'],
      ['an unknown field', { ...body, note: 'done' }, 'note'],
      ['a wrong enum value', { ...body, reason: 'BORED' }, 'reason'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const caseId = await openSupervisedCase(api);
      await expectInvalid(api, close(caseId, bad), field);
    });
  });
});
