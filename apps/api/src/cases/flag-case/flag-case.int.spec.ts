import {
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openClassifiedCase,
  openEnrolledCase,
  startApi,
  validFlagBody,
  validFlagClearanceBody,
  validRiskClassificationBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('priority flags: POST /cases/:caseId/flags and /flags/:kind/clearance', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const flag = (caseId: string, body: object = validFlagBody(), as: TestCallerName = 'officer') =>
    http(api, as).post(`/cases/${caseId}/flags`).send(body);
  const clear = (caseId: string, kind = 'NATIONAL_SECURITY', as: TestCallerName = 'supervisor') =>
    http(api, as).post(`/cases/${caseId}/flags/${kind}/clearance`).send(validFlagClearanceBody());

  it('lets an officer flag a case with a reason', async () => {
    const caseId = await openEnrolledCase(api);
    await flag(caseId).expect(201);
    expect(await lastEvent(api.db, caseId)).toMatchObject({
      type: 'CaseFlagged',
      data: {
        caseId,
        kind: 'NATIONAL_SECURITY',
        reason: 'Named in a partner agency bulletin.',
        source: 'OFFICER',
        flaggedBy: 'officer-7',
      },
    });
  });

  it('lets a supervisor clear it', async () => {
    const caseId = await openEnrolledCase(api);
    await flag(caseId).expect(201);
    await clear(caseId).expect(201);
    expect(await lastEvent(api.db, caseId)).toMatchObject({
      type: 'CaseFlagCleared',
      data: { caseId, kind: 'NATIONAL_SECURITY', clearedBy: 'supervisor-9' },
    });
  });

  it('refuses a second flag of the same kind with 409', async () => {
    const caseId = await openEnrolledCase(api);
    await flag(caseId).expect(201);
    await expectRefused(api, flag(caseId), 409, 'CASE.ALREADY_FLAGGED');
  });

  it('answers 404 for clearing a flag the case does not carry', async () => {
    const caseId = await openEnrolledCase(api);
    await expectRefused(api, clear(caseId), 404, 'CASE.FLAG_NOT_FOUND');
  });

  it('refuses an empty reason with 422 and an unknown kind with 400', async () => {
    const caseId = await openEnrolledCase(api);
    await expectRefused(api, flag(caseId, { ...validFlagBody(), reason: '  ' }), 422, 'CASE.REASON_REQUIRED');
    await expectInvalid(api, flag(caseId, { ...validFlagBody(), kind: 'WATCHLIST' }), 'kind');
    await expectInvalid(api, clear(caseId, 'WATCHLIST'), 'kind');
  });

  it('is closed to oversight, which writes nothing', async () => {
    const caseId = await openEnrolledCase(api);
    await expectRefused(api, flag(caseId, validFlagBody(), 'oversight'), 403, 'AUTH.FORBIDDEN');
  });

  it('flags a case whose RCA rates the public-safety risk HIGH', async () => {
    const caseId = await openClassifiedCase(api, 'DETAIN');
    await http(api)
      .post(`/cases/${caseId}/risk-classifications`)
      .send({ ...validRiskClassificationBody('DETAIN'), publicSafetyRisk: 'HIGH' })
      .expect(201);
    expect(await lastEvent(api.db, caseId)).toMatchObject({
      type: 'CaseFlagged',
      data: { kind: 'PUBLIC_SAFETY', source: 'RISK_CLASSIFICATION' },
    });
  });
});
