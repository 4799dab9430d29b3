import { PostgresAuditTrail } from '@casetrail/audit';
import {
  AT,
  FAR_FUTURE,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openCase,
  openDetainedCase,
  startApi,
  validEnrolmentBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/enrolment', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const enrol = (caseId: string, body: object = validEnrolmentBody()) =>
    http(api).post(`/cases/${caseId}/enrolment`).send(body);

  describe('when the case is pending', () => {
    it('puts it on the non-detained docket with its basis, conditions and check-in plan', async () => {
      const caseId = await openCase(api);
      const response = await enrol(caseId).set('X-Correlation-Id', 'enrol-1').expect(201);

      expect(response.headers.etag).toBe('"2"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'SubjectEnrolled',
        streamVersion: 2,
        data: {
          caseId,
          basis: 'ORDER_OF_RECOGNIZANCE',
          reportingConditions: ['REPORT_IN_PERSON', 'NOTIFY_ADDRESS_CHANGE'],
          enrolledAt: '2026-11-20T15:00:00.000Z',
          enrolledBy: 'officer-7',
          checkInPlan: { firstDueAt: '2026-11-21T09:00:00.000Z', intervalDays: 7, graceHours: 24 },
        },
        metadata: { actor: { userId: 'officer-7', role: 'OFFICER' }, correlationId: 'enrol-1' },
      });
      const state = await http(api, 'supervisor').get(`/cases/${caseId}`).expect(200);
      expect(state.body).toMatchObject({
        state: {
          docket: 'NON_DETAINED',
          supervision: {
            origin: { kind: 'ENROLMENT', basis: 'ORDER_OF_RECOGNIZANCE' },
            nextCheckInDueAt: '2026-11-21T09:00:00.000Z',
          },
        },
      });
    });

    it('records the command in the audit trail', async () => {
      const caseId = await openCase(api);
      await enrol(caseId).set('X-Correlation-Id', 'enrol-audit').expect(201);
      await api.app.get(PostgresAuditTrail).flush();
      const rows: { record: string }[] = await api.db.query(
        `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = 'enrol-audit'`,
      );
      expect(rows.map((row) => JSON.parse(row.record) as object)).toMatchObject([
        { command: 'EnrolSubject', caseId, outcome: 'ALLOWED', status: 201 },
      ]);
    });

    it('answers a retry with the same Idempotency-Key with the first result, storing one event', async () => {
      const caseId = await openCase(api);
      const first = await enrol(caseId).set('Idempotency-Key', 'enrol-retry').expect(201);
      const retried = await enrol(caseId).set('Idempotency-Key', 'enrol-retry').expect(201);
      expect(retried.body).toEqual(first.body);
      expect(retried.headers['idempotent-replayed']).toBe('true');
    });

    it('answers 412 for a stale If-Match, storing nothing', async () => {
      const caseId = await openCase(api);
      await expectRefused(api, enrol(caseId).set('If-Match', '"5"'), 412, 'CASE.VERSION_MISMATCH');
    });

    it('refuses a first check-in before the enrolment with 422', async () => {
      const caseId = await openCase(api);
      const body = { ...validEnrolmentBody(), enrolledAt: AT.later };
      await expectRefused(api, enrol(caseId, body), 422, 'CASE.CHECK_IN_PLAN_INVALID');
    });

    it('refuses an enrolment in the future with 422', async () => {
      const caseId = await openCase(api);
      const body = { ...validEnrolmentBody(), enrolledAt: FAR_FUTURE };
      await expectRefused(api, enrol(caseId, body), 422, 'CASE.TIME_IN_FUTURE');
    });
  });

  describe('when the case is not pending', () => {
    it('refuses a detained subject with 422: a detainee is released, not enrolled', async () => {
      const caseId = await openDetainedCase(api);
      await expectRefused(api, enrol(caseId), 422, 'CASE.NOT_PENDING');
    });
  });

  describe('with a malformed body', () => {
    it('refuses a basis off the list with 400', async () => {
      const caseId = await openCase(api);
      await expectInvalid(api, enrol(caseId, { ...validEnrolmentBody(), basis: 'DETENTION' }), 'basis');
    });

    it('refuses an unknown reporting condition with 400', async () => {
      const caseId = await openCase(api);
      const body = { ...validEnrolmentBody(), reportingConditions: ['CURFEW_BY_NAME'] };
      await expectInvalid(api, enrol(caseId, body), 'reportingConditions');
    });
  });

  it('is closed to supervisors: an officer enrols', async () => {
    const caseId = await openCase(api);
    await expectRefused(
      api,
      http(api, 'supervisor').post(`/cases/${caseId}/enrolment`).send(validEnrolmentBody()),
      403,
      'AUTH.FORBIDDEN',
    );
  });
});
