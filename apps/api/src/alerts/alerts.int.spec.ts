import { randomUUID } from 'node:crypto';
import { missedCheckInAlertId } from '@casetrail/domain';
import {
  caseOpened,
  checkInMissed,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  FIRST_CHECK_IN_MISSED_AT,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { expectInvalid, http, startApi, type ApiTestContext } from '@api/api.test-kit';
import { projectCaseEvents } from '@casetrail/testing';

describe('GET /alerts', () => {
  let api: ApiTestContext;
  const caseId = randomUUID();

  beforeAll(async () => {
    api = await startApi();
    await projectCaseEvents(api.db, [
      caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-ND-001' }),
      detentionBooked({ caseId }),
      riskClassificationCompleted({ caseId }),
      subjectReleased({ caseId }),
      checkInMissed({ caseId, alertId: missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT) }),
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers the alerts of an office by status and kind', async () => {
    const response = await http(api)
      .get('/alerts?officeId=WAS&status=RAISED&kind=MISSED_CHECK_IN')
      .expect(200);
    expect(response.body).toEqual({
      items: [
        {
          alertId: missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT),
          kind: 'MISSED_CHECK_IN',
          status: 'RAISED',
          caseId,
          officeId: 'WAS',
          officerId: 'WAS-ND-001',
          dueAt: FIRST_CHECK_IN_DUE_AT,
          detectedAt: FIRST_CHECK_IN_MISSED_AT,
          consecutiveMisses: 1,
          severity: 'LOW',
          updatedAt: FIRST_CHECK_IN_MISSED_AT,
          actingOfficerId: 'WAS-ND-001',
          escalationLevel: 'OFFICER',
          resolution: null,
          // Projected from events without a policy version, as before policies were published.
          policyVersion: null,
        },
      ],
    });
    const resolved = await http(api).get('/alerts?status=RESOLVED').expect(200);
    expect(resolved.body).toEqual({ items: [] });
  });

  it('refuses an unknown status with 400', async () => {
    await expectInvalid(api, http(api).get('/alerts?status=OPEN'), 'status');
  });

  it('refuses an unknown kind with 400', async () => {
    await expectInvalid(api, http(api).get('/alerts?kind=LATE'), 'kind');
  });

  it('refuses a negative offset with 400', async () => {
    await expectInvalid(api, http(api).get('/alerts?offset=-1'), 'offset');
  });
});
