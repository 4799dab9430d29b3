import { randomUUID } from 'node:crypto';
import {
  caseOpened,
  detentionBooked,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { expectInvalid, http, startApi, type ApiTestContext } from '@api/api.test-kit';
import { projectCaseEvents } from '@casetrail/testing';

describe('GET /caseloads/offices', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
    const detained = randomUUID();
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: detained, officeId: 'WAS', officerId: 'WAS-DET-001' }),
      detentionBooked({ caseId: detained }),
    ]);
    for (const officerId of ['WAS-ND-001', 'WAS-ND-001', 'WAS-ND-002']) {
      const caseId = randomUUID();
      await projectCaseEvents(api.db, [
        caseOpened({ caseId, officeId: 'WAS', officerId }),
        detentionBooked({ caseId }),
        riskClassificationCompleted({ caseId }),
        subjectReleased({ caseId }),
      ]);
    }
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers each office’s caseload per docket and its imbalance ratio', async () => {
    const response = await http(api, 'supervisor').get('/caseloads/offices?officeId=WAS').expect(200);
    expect(response.body).toEqual({
      items: [
        {
          officeId: 'WAS',
          totalCases: 4,
          officers: 3,
          dockets: {
            PENDING: { cases: 0, officers: 0, averagePerOfficer: 0, maxPerOfficer: 0 },
            DETAINED: { cases: 1, officers: 1, averagePerOfficer: 1, maxPerOfficer: 1 },
            NON_DETAINED: { cases: 3, officers: 2, averagePerOfficer: 1.5, maxPerOfficer: 2 },
            FUGITIVE: { cases: 0, officers: 0, averagePerOfficer: 0, maxPerOfficer: 0 },
          },
          imbalanceRatio: 1.5,
        },
      ],
    });
  });

  it('refuses an office id that is not an office code with 400', async () => {
    await expectInvalid(api, http(api, 'supervisor').get('/caseloads/offices?officeId=was;drop'), 'officeId');
  });

  it('refuses a page larger than 500 with 400', async () => {
    await expectInvalid(api, http(api, 'supervisor').get('/caseloads/offices?limit=501'), 'limit');
  });
});
