import {
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openCaseWithPendingTransfer,
  startApi,
  validTransferDeclineBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/transfers/:transferId/decline', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const decline = (
    caseId: string,
    transferId: string,
    body: object = validTransferDeclineBody(),
    as: TestCallerName = 'supervisorOfAtl',
  ) => http(api, as).post(`/cases/${caseId}/transfers/${transferId}/decline`).send(body);

  const pendingTransfer = () => openCaseWithPendingTransfer(api);

  it('records the receiving supervisor’s decline with the reason, and the case stays', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await decline(caseId, transferId).expect(201);
    expect(await lastEvent(api.db, caseId)).toMatchObject({
      type: 'TransferDeclined',
      data: {
        transferId,
        fromOfficeId: 'WAS',
        toOfficeId: 'ATL',
        reason: 'No capacity on the non-detained docket this month.',
        declinedBy: 'supervisor-atl',
      },
    });
    const view = await http(api, 'officerOfWas').get(`/cases/${caseId}`).expect(200);
    expect(view.body).toMatchObject({ state: { officeId: 'WAS', officerId: 'WAS-DET-001' } });
  });

  it('refuses a blank reason', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await expectRefused(
      api,
      decline(caseId, transferId, { ...validTransferDeclineBody(), reason: '  ' }),
      422,
      'CASE.REASON_REQUIRED',
    );
  });

  it('refuses the sending office, and anyone outside both offices, as if the case were not there', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await expectRefused(
      api,
      decline(caseId, transferId, undefined, 'supervisorOfWas'),
      404,
      'CASE.NOT_FOUND',
    );
    await expectRefused(
      api,
      decline(caseId, transferId, undefined, 'supervisorOfSea'),
      404,
      'CASE.NOT_FOUND',
    );
  });

  it('refuses to decline a transfer already declined, with 409', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await decline(caseId, transferId).expect(201);
    await expectRefused(api, decline(caseId, transferId), 409, 'CASE.TRANSFER_NOT_PENDING');
  });

  it('answers 400 naming the field for a missing reason, storing nothing', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await expectInvalid(api, decline(caseId, transferId, { declinedAt: '2026-11-22T10:00:00Z' }), 'reason');
  });
});
