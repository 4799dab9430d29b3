import { randomUUID } from 'node:crypto';
import {
  caseOpened,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  riskClassificationCompleted,
  subject,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { expectInvalid, http, startApi, type ApiTestContext } from '@api/api.test-kit';
import { projectCaseEvents } from '@casetrail/testing';

describe('GET /officers/:officerId/docket', () => {
  let api: ApiTestContext;
  const supervised = randomUUID();
  const detained = randomUUID();

  beforeAll(async () => {
    api = await startApi();
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: supervised, officeId: 'WAS', officerId: 'WAS-ND-001' }),
      detentionBooked({ caseId: supervised }),
      riskClassificationCompleted({ caseId: supervised }),
      subjectReleased({ caseId: supervised }),
    ]);
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: detained, officeId: 'WAS', officerId: 'WAS-ND-001' }),
      detentionBooked({ caseId: detained }),
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers the officer’s non-detained cases by default, with ids and dates but no subject identity', async () => {
    const response = await http(api).get('/officers/WAS-ND-001/docket').expect(200);
    expect(response.body).toEqual({
      officerId: 'WAS-ND-001',
      docket: 'NON_DETAINED',
      items: [
        {
          caseId: supervised,
          officeId: 'WAS',
          docket: 'NON_DETAINED',
          nextCheckInDueAt: FIRST_CHECK_IN_DUE_AT,
          lastCheckInAt: null,
          consecutiveMisses: 0,
          openAlert: null,
          priorityFlags: [],
          coveredFor: null,
        },
      ],
    });
    for (const personal of [subject.givenName, subject.familyName, subject.aNumber, subject.dateOfBirth]) {
      expect(response.text).not.toContain(personal);
    }
  });

  it('answers another docket when asked', async () => {
    const response = await http(api).get('/officers/WAS-ND-001/docket?docket=DETAINED').expect(200);
    expect((response.body as { items: { caseId: string }[] }).items.map((item) => item.caseId)).toEqual([
      detained,
    ]);
  });

  it.each(['CLOSED', 'detained', 'ANY'])('refuses the docket %s with 400', async (docket) => {
    await expectInvalid(api, http(api).get(`/officers/WAS-ND-001/docket?docket=${docket}`), 'docket');
  });

  it('refuses an officer id with characters no officer id has with 400', async () => {
    await expectInvalid(api, http(api).get('/officers/WAS%20ND%27001/docket'), 'officerId');
  });
});
