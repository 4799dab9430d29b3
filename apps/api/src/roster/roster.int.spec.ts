import request from 'supertest';
import { bearerHeaders } from '@casetrail/testing';
import {
  countEvents,
  http as asOfficer,
  startApi,
  validOpenCaseBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('roster', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const http = () =>
    request.agent(api.app.getHttpServer()).set('Authorization', `Bearer ${api.tokens.admin}`);

  it('adds an office and an officer, and lists the office’s officers', async () => {
    await http().post('/offices').send({ officeId: 'SEA', name: 'Seattle Field Office' }).expect(201);
    await http()
      .post('/officers')
      .send({ officerId: 'SEA-ND-001', officeId: 'SEA', displayName: 'Officer One', unit: 'NON_DETAINED' })
      .expect(201);

    const response = await http().get('/officers?officeId=SEA').expect(200);
    expect(response.body).toEqual({
      items: [{ officerId: 'SEA-ND-001', officeId: 'SEA', displayName: 'Officer One', unit: 'NON_DETAINED' }],
    });
  });

  it('refuses a second office with the same id with 409', async () => {
    await http().post('/offices').send({ officeId: 'STP', name: 'St. Paul' }).expect(201);
    const response = await http().post('/offices').send({ officeId: 'STP', name: 'Again' }).expect(409);
    expect(response.body).toMatchObject({ code: 'ROSTER.OFFICE_EXISTS' });
  });

  it('admits exactly the office codes a token can name: 40 characters yes, 41 no', async () => {
    const longest = `LONG${'X'.repeat(36)}`;
    await http().post('/offices').send({ officeId: longest, name: 'Longest code' }).expect(201);
    const supervisor = await bearerHeaders({ sub: 'sup-long', role: 'SUPERVISOR', offices: [longest] });
    const caseloads = await request(api.app.getHttpServer())
      .get(`/caseloads/offices?officeId=${longest}`)
      .set(supervisor);
    expect(caseloads.status).toBe(200);

    const response = await http()
      .post('/offices')
      .send({ officeId: `${longest}Y`, name: 'Too long' })
      .expect(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'officeId' }] });
  });

  it('refuses an officer of an office that does not exist with 422', async () => {
    const response = await http()
      .post('/officers')
      .send({ officerId: 'NOPE-1', officeId: 'NOPE', displayName: 'x', unit: 'DETAINED' })
      .expect(422);
    expect(response.body).toMatchObject({ code: 'ROSTER.OFFICE_NOT_FOUND' });
  });

  it('refuses an unknown unit with 400', async () => {
    const response = await http()
      .post('/officers')
      .send({ officerId: 'WAS-X-1', officeId: 'WAS', displayName: 'x', unit: 'SOMETIMES' })
      .expect(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'unit' }] });
  });

  it('refuses a page larger than the maximum with 400', async () => {
    const response = await http().get('/officers?limit=501').expect(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'limit' }] });
  });

  describe('when a case is opened', () => {
    it('refuses an officer who is not on the office’s roster with 422, storing nothing', async () => {
      const before = await countEvents(api.db);
      const response = await asOfficer(api)
        .post('/cases')
        .send({ ...validOpenCaseBody(), officeId: 'WAS', officerId: 'ATL-ND-001' })
        .expect(422);
      expect(response.body).toMatchObject({ code: 'ROSTER.OFFICER_NOT_IN_OFFICE' });
      expect(await countEvents(api.db)).toBe(before);
    });

    it('refuses an office that does not exist with 422, even to an officer whose token names it', async () => {
      const response = await request(api.app.getHttpServer())
        .post('/cases')
        .set(await bearerHeaders({ offices: ['NOWHERE'] }))
        .send({ ...validOpenCaseBody(), officeId: 'NOWHERE' })
        .expect(422);
      expect(response.body).toMatchObject({ code: 'ROSTER.OFFICE_NOT_FOUND' });
    });
  });
});
