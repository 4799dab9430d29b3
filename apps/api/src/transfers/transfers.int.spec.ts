import { randomUUID } from 'node:crypto';
import {
  caseOpened,
  transferAccepted,
  transferDeclined,
  transferRequested,
} from '@casetrail/domain/case/case.test-data';
import { expectInvalid, expectRefused, http, startApi, type ApiTestContext } from '@api/api.test-kit';
import { projectCaseEvents } from '@casetrail/testing';

describe('GET /transfers', () => {
  let api: ApiTestContext;
  const toAtlanta = randomUUID();
  const toSeattle = randomUUID();
  const declined = randomUUID();
  const fromSeattle = randomUUID();

  beforeAll(async () => {
    api = await startApi();
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: toAtlanta, officeId: 'WAS', officerId: 'WAS-DET-001' }),
      transferRequested({
        caseId: toAtlanta,
        transferId: 't-1',
        fromOfficerId: 'WAS-DET-001',
        toOfficeId: 'ATL',
      }),
    ]);
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: toSeattle, officeId: 'WAS', officerId: 'WAS-DET-001' }),
      transferRequested({
        caseId: toSeattle,
        transferId: 't-1',
        fromOfficerId: 'WAS-DET-001',
        toOfficeId: 'SEA',
      }),
    ]);
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: declined, officeId: 'WAS', officerId: 'WAS-DET-001' }),
      transferRequested({ caseId: declined, transferId: 't-1', toOfficeId: 'ATL' }),
      transferDeclined({ caseId: declined, transferId: 't-1', toOfficeId: 'ATL' }),
    ]);
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: fromSeattle, officeId: 'SEA', officerId: 'SEA-ND-001' }),
      transferRequested({ caseId: fromSeattle, transferId: 't-1', fromOfficeId: 'SEA', toOfficeId: 'ATL' }),
      transferAccepted({ caseId: fromSeattle, transferId: 't-1', fromOfficeId: 'SEA', toOfficeId: 'ATL' }),
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  const caseIdsOf = (body: unknown) =>
    (body as { items: { caseId: string }[] }).items.map((item) => item.caseId);

  it('shows the receiving office its pending incoming transfers', async () => {
    const response = await http(api, 'supervisorOfAtl')
      .get('/transfers?officeId=ATL&direction=incoming&status=PENDING')
      .expect(200);
    expect(response.body).toEqual({
      items: [
        expect.objectContaining({
          caseId: toAtlanta,
          transferId: 't-1',
          status: 'PENDING',
          fromOfficeId: 'WAS',
          fromOfficerId: 'WAS-DET-001',
          toOfficeId: 'ATL',
          reason: 'Subject moved to Georgia',
        }),
      ],
    });
  });

  it('shows the sending office its outgoing transfers, whatever became of them', async () => {
    const response = await http(api, 'officerOfWas')
      .get('/transfers?officeId=WAS&direction=outgoing')
      .expect(200);
    expect(caseIdsOf(response.body).sort()).toEqual([toAtlanta, toSeattle, declined].sort());
  });

  it('shows a caller both directions of their offices when no office or direction is named', async () => {
    const response = await http(api, 'supervisorOfAtl').get('/transfers').expect(200);
    expect(caseIdsOf(response.body).sort()).toEqual([toAtlanta, declined, fromSeattle].sort());
  });

  it('shows oversight every office', async () => {
    const response = await http(api, 'oversight').get('/transfers?status=PENDING').expect(200);
    expect(caseIdsOf(response.body).sort()).toEqual([toAtlanta, toSeattle].sort());
  });

  it('answers an office outside the caller’s offices with 404', async () => {
    await expectRefused(
      api,
      http(api, 'supervisorOfAtl').get('/transfers?officeId=WAS'),
      404,
      'OFFICE.NOT_FOUND',
    );
  });

  it('refuses an unknown direction or status with 400', async () => {
    await expectInvalid(api, http(api).get('/transfers?direction=sideways'), 'direction');
    await expectInvalid(api, http(api).get('/transfers?status=OPEN'), 'status');
  });
});
