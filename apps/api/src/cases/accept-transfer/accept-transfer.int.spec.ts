import { randomUUID } from 'node:crypto';
import {
  expectInvalid,
  expectRefused,
  FAR_FUTURE,
  http,
  lastEvent,
  openCaseWithPendingTransfer,
  startApi,
  validReassignmentBody,
  validTransferAcceptanceBody,
  withoutRequestFields,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('POST /cases/:caseId/transfers/:transferId/acceptance', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const accept = (
    caseId: string,
    transferId: string,
    body: object = validTransferAcceptanceBody(),
    as: TestCallerName = 'supervisorOfAtl',
  ) => http(api, as).post(`/cases/${caseId}/transfers/${transferId}/acceptance`).send(body);

  const pendingTransfer = () => openCaseWithPendingTransfer(api);

  describe('when the transfer is pending', () => {
    it('moves the case to the receiving office and the officer its supervisor names', async () => {
      const { caseId, transferId } = await pendingTransfer();
      const response = await accept(caseId, transferId).expect(201);

      expect(response.headers.etag).toBe('"4"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'TransferAccepted',
        data: {
          caseId,
          transferId,
          fromOfficeId: 'WAS',
          fromOfficerId: 'WAS-DET-001',
          toOfficeId: 'ATL',
          toOfficerId: 'ATL-ND-001',
          acceptedBy: 'supervisor-atl',
          acceptedAt: '2026-11-22T10:00:00.000Z',
        },
      });
      const view = await http(api, 'supervisorOfAtl').get(`/cases/${caseId}`).expect(200);
      expect(view.body).toMatchObject({ state: { officeId: 'ATL', officerId: 'ATL-ND-001' } });
      await http(api, 'officerOfWas').get(`/cases/${caseId}`).expect(404);
    });

    it('refuses an officer who is not on the receiving office’s roster, existing or not', async () => {
      const { caseId, transferId } = await pendingTransfer();
      for (const toOfficerId of ['WAS-ND-001', 'ATL-ND-999']) {
        await expectRefused(
          api,
          accept(caseId, transferId, { ...validTransferAcceptanceBody(), toOfficerId }),
          422,
          'CASE.OFFICER_NOT_IN_OFFICE',
        );
      }
    });

    it('refuses an acceptance time in the future', async () => {
      const { caseId, transferId } = await pendingTransfer();
      await expectRefused(
        api,
        accept(caseId, transferId, { ...validTransferAcceptanceBody(), acceptedAt: FAR_FUTURE }),
        422,
        'CASE.TIME_IN_FUTURE',
      );
    });

    it('gives the receiving supervisor that transfer and nothing else of the case', async () => {
      const { caseId, transferId } = await pendingTransfer();
      await expectRefused(
        api,
        http(api, 'supervisorOfAtl')
          .post(`/cases/${caseId}/reassignments`)
          .send({ ...validReassignmentBody(), toOfficeId: 'ATL', toOfficerId: 'ATL-ND-001' }),
        404,
        'CASE.NOT_FOUND',
      );
      await expectRefused(
        api,
        accept(caseId, randomUUID(), validTransferAcceptanceBody(), 'supervisorOfAtl'),
        404,
        'CASE.NOT_FOUND',
      );
      await http(api, 'supervisorOfAtl').get(`/cases/${caseId}`).expect(404);
      await accept(caseId, transferId).expect(201);
    });

    it('refuses the sending office’s supervisor as if the case were not there', async () => {
      const { caseId, transferId } = await pendingTransfer();
      await expectRefused(
        api,
        accept(caseId, transferId, undefined, 'supervisorOfWas'),
        404,
        'CASE.NOT_FOUND',
      );
    });

    it('answers a supervisor of neither office exactly as for a case that does not exist', async () => {
      const { caseId, transferId } = await pendingTransfer();
      const outside = await expectRefused(
        api,
        accept(caseId, transferId, undefined, 'supervisorOfSea'),
        404,
        'CASE.NOT_FOUND',
      );
      const missing = await expectRefused(
        api,
        accept(randomUUID(), transferId, undefined, 'supervisorOfSea'),
        404,
        'CASE.NOT_FOUND',
      );
      expect(withoutRequestFields(outside)).toEqual(withoutRequestFields(missing));
    });

    it('refuses an officer’s acceptance with 403', async () => {
      const { caseId, transferId } = await pendingTransfer();
      await expectRefused(api, accept(caseId, transferId, undefined, 'officer'), 403, 'AUTH.FORBIDDEN');
    });
  });

  describe('when the transfer was accepted', () => {
    it('refuses to accept it again with 409', async () => {
      const { caseId, transferId } = await pendingTransfer();
      await accept(caseId, transferId).expect(201);
      await expectRefused(api, accept(caseId, transferId), 409, 'CASE.TRANSFER_NOT_PENDING');
    });
  });

  describe('with bad input', () => {
    it.each([
      ['a missing officer', { acceptedAt: '2026-11-22T10:00:00Z' }, 'toOfficerId'],
      [
        'an officer id that is not one',
        { ...validTransferAcceptanceBody(), toOfficerId: 'a b' },
        'toOfficerId',
      ],
      ['a transfer id that is not a UUID', validTransferAcceptanceBody(), 'transferId'],
    ])('answers 400 naming the field for %s, storing nothing', async (_name, bad, field) => {
      const { caseId, transferId } = await pendingTransfer();
      await expectInvalid(
        api,
        accept(caseId, field === 'transferId' ? 'not-a-uuid' : transferId, bad),
        field,
      );
    });
  });
});
