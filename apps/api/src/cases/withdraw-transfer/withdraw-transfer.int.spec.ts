import { randomUUID } from 'node:crypto';
import {
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openCaseWithPendingTransfer,
  startApi,
  validTransferRequestBody,
  validTransferWithdrawalBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/transfers/:transferId/withdrawal', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const withdraw = (
    caseId: string,
    transferId: string,
    body: object = validTransferWithdrawalBody(),
    as: TestCallerName = 'officerOfWas',
  ) => http(api, as).post(`/cases/${caseId}/transfers/${transferId}/withdrawal`).send(body);

  const pendingTransfer = () => openCaseWithPendingTransfer(api);

  it('records the sending office’s withdrawal, after which a new transfer may be requested', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await withdraw(caseId, transferId).expect(201);
    expect(await lastEvent(api.db, caseId)).toMatchObject({
      type: 'TransferWithdrawn',
      data: { transferId, fromOfficeId: 'WAS', toOfficeId: 'ATL', withdrawnBy: 'officer-was' },
    });
    await http(api).post(`/cases/${caseId}/transfers`).send(validTransferRequestBody()).expect(201);
  });

  it('refuses the receiving office as if the case were not there', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await expectRefused(
      api,
      withdraw(caseId, transferId, undefined, 'supervisorOfAtl'),
      404,
      'CASE.NOT_FOUND',
    );
  });

  it('answers 404 for a transfer the case does not have', async () => {
    const { caseId } = await pendingTransfer();
    await expectRefused(api, withdraw(caseId, randomUUID()), 404, 'CASE.TRANSFER_NOT_FOUND');
  });

  it('refuses to withdraw a transfer already withdrawn, with 409', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await withdraw(caseId, transferId).expect(201);
    await expectRefused(api, withdraw(caseId, transferId), 409, 'CASE.TRANSFER_NOT_PENDING');
  });

  it('answers 400 naming the field for a missing time, storing nothing', async () => {
    const { caseId, transferId } = await pendingTransfer();
    await expectInvalid(api, withdraw(caseId, transferId, {}), 'withdrawnAt');
  });
});
