import { OVERRIDE_NARRATIVE_MIN_LENGTH } from '@casetrail/domain';
import {
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openClassifiedCase,
  startApi,
  validCustodyDeterminationBody,
  validReleaseBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/custody-determinations', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const determine = (
    caseId: string,
    body: object = validCustodyDeterminationBody(),
    as: TestCallerName = 'supervisor',
  ) => http(api, as).post(`/cases/${caseId}/custody-determinations`).send(body);
  const release = (caseId: string, body: object = validReleaseBody()) =>
    http(api).post(`/cases/${caseId}/releases`).send(body);

  describe('when the RCA recommends SUPERVISOR_REVIEW', () => {
    it('records a supervisor’s determination and its rationale', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      await determine(caseId).expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'CustodyDeterminationRecorded',
        data: {
          caseId,
          decision: 'RELEASE',
          rationale: validCustodyDeterminationBody().rationale,
          rcaRecommendation: 'SUPERVISOR_REVIEW',
          determinedBy: 'supervisor-9',
          determinedAt: '2026-11-20T14:00:00.000Z',
        },
      });
    });

    it('refuses the release without a determination with 422, storing nothing', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      await expectRefused(api, release(caseId), 422, 'CASE.CUSTODY_DETERMINATION_REQUIRED');
    });

    it('releases after a supervisor’s RELEASE determination', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      await determine(caseId).expect(201);
      await release(caseId).expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'SubjectReleased',
        data: { rcaRecommendation: 'SUPERVISOR_REVIEW' },
      });
    });

    it('refuses a release against a DETAIN determination with 422', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      await determine(caseId, validCustodyDeterminationBody('DETAIN')).expect(201);
      await expectRefused(api, release(caseId), 422, 'CASE.RELEASE_CONTRADICTS_DETERMINATION');
    });

    it('refuses a rationale shorter than an override narrative with 422', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      const body = {
        ...validCustodyDeterminationBody(),
        rationale: 'x'.repeat(OVERRIDE_NARRATIVE_MIN_LENGTH - 1),
      };
      await expectRefused(api, determine(caseId, body), 422, 'CASE.CUSTODY_RATIONALE_TOO_SHORT');
    });

    it('is for supervisors only: an officer is refused with 403', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      await expectRefused(api, determine(caseId, undefined, 'officer'), 403, 'AUTH.FORBIDDEN');
    });

    it('answers 404 to a supervisor of another office, as for a case that does not exist', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      await expectRefused(api, determine(caseId, undefined, 'supervisorOfSea'), 404, 'CASE.NOT_FOUND');
    });

    it('refuses a decision off the list with 400', async () => {
      const caseId = await openClassifiedCase(api, 'SUPERVISOR_REVIEW');
      const body = { ...validCustodyDeterminationBody(), decision: 'PAROLE' };
      await expectInvalid(api, determine(caseId, body), 'decision');
    });
  });

  describe('when the RCA recommends something else', () => {
    it('refuses a determination nobody asked for with 422', async () => {
      const caseId = await openClassifiedCase(api, 'RELEASE');
      await expectRefused(api, determine(caseId), 422, 'CASE.CUSTODY_DETERMINATION_NOT_CALLED_FOR');
    });
  });
});
