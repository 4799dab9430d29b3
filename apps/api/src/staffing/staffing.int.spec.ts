import { randomUUID } from 'node:crypto';
import { caseOpened, checkInMissed } from '@casetrail/domain/case/case.test-data';
import { subjectEnrolled } from '@casetrail/domain/case/case.docket.test-data';
import { projectStoredEvents, storeCaseEvents } from '@casetrail/testing';
import { expectInvalid, expectRefused, http, startApi, type ApiTestContext } from '@api/api.test-kit';

/** Three non-detained cases of WAS-ND-001 and one of Atlanta, against a target of 2 a non-detained officer. */
describe('staffing and monthly oversight reports over HTTP', () => {
  let api: ApiTestContext;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    api = await startApi({ TARGET_CASELOAD_NON_DETAINED: '2', TARGET_CASELOAD_DETAINED: '50' });
    for (const officeId of ['WAS', 'WAS', 'WAS', 'ATL']) {
      const caseId = randomUUID();
      const events = [
        caseOpened({ caseId, officeId, officerId: `${officeId}-ND-001` }),
        subjectEnrolled({ caseId }),
        checkInMissed({ caseId }),
      ];
      await storeCaseEvents(
        api.db,
        caseId,
        events.map((event) => ({ event, occurredAt: '2026-11-20T09:00:00.000Z' })),
      );
    }
    await projectStoredEvents(api.db);
  });

  afterAll(async () => {
    await api.close();
  });

  describe('GET /staffing', () => {
    it('answers each office’s dockets and the offices together, against the policy’s targets', async () => {
      const response = await http(api, 'supervisor').get('/staffing').expect(200);
      expect(response.body.offices.map((office: { officeId: string }) => office.officeId)).toEqual([
        'ATL',
        'WAS',
      ]);
      expect(response.body.offices[1].dockets[1]).toEqual({
        docket: 'NON_DETAINED',
        cases: 3,
        officersOnRoster: 1,
        officersAbsent: 0,
        officersAvailable: 1,
        casesPerOfficer: 3,
        targetPerOfficer: 2,
        officersNeeded: 2,
        gap: 1,
      });
      expect(response.body.national[1]).toMatchObject({
        cases: 4,
        officersNeeded: 3,
        officersAvailable: 2,
        gap: 1,
      });
    });

    it('answers CSV with a header row for Accept: text/csv, the offices together as ALL', async () => {
      const response = await http(api, 'oversight').get('/staffing').set('Accept', 'text/csv').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const lines = response.text.split('\r\n');
      expect(lines[0]).toBe(
        'officeId,docket,cases,officersOnRoster,officersAbsent,officersAvailable,casesPerOfficer,targetPerOfficer,officersNeeded,gap',
      );
      expect(lines).toContain('WAS,NON_DETAINED,3,1,0,1,3,2,2,1');
      expect(lines).toContain('WAS,DETAINED,0,2,0,2,0,50,0,-2');
      expect(lines).toContain('ALL,NON_DETAINED,4,2,0,2,2,2,3,1');
    });

    it('keeps a supervisor to their offices', async () => {
      const response = await http(api, 'supervisorOfAtl').get('/staffing').expect(200);
      expect(response.body.offices.map((office: { officeId: string }) => office.officeId)).toEqual(['ATL']);
      await expectRefused(
        api,
        http(api, 'supervisorOfAtl').get('/staffing?officeId=WAS'),
        404,
        'OFFICE.NOT_FOUND',
      );
      await expectRefused(api, http(api, 'officer').get('/staffing'), 403, 'AUTH.FORBIDDEN');
    });
  });

  describe('GET /staffing/offices/:officeId', () => {
    it('answers one office, in JSON or CSV', async () => {
      const response = await http(api, 'supervisorOfWas').get('/staffing/offices/WAS').expect(200);
      expect(response.body).toMatchObject({
        officeId: 'WAS',
        dockets: [{ docket: 'DETAINED' }, { cases: 3 }],
      });
      const csv = await http(api, 'supervisorOfWas')
        .get('/staffing/offices/WAS')
        .set('Accept', 'text/csv')
        .expect(200);
      expect(csv.text.split('\r\n')).toHaveLength(4);
    });

    it('answers an office outside the caller’s offices as one that does not exist', async () => {
      const outside = await expectRefused(
        api,
        http(api, 'supervisorOfAtl').get('/staffing/offices/WAS'),
        404,
        'OFFICE.NOT_FOUND',
      );
      const missing = await expectRefused(
        api,
        http(api, 'oversight').get('/staffing/offices/NYC'),
        404,
        'OFFICE.NOT_FOUND',
      );
      expect(outside.code).toBe(missing.code);
      await expectInvalid(api, http(api, 'oversight').get('/staffing/offices/was;drop'), 'officeId');
    });
  });

  describe('GET /staffing/history', () => {
    it('has a point a day, the day of the events and every day after', async () => {
      const response = await http(api, 'supervisor')
        .get('/staffing/history?officeId=WAS&docket=NON_DETAINED&from=2026-11-19&to=2026-11-25')
        .expect(200);
      const points = response.body.items as { day: string; cases: number }[];
      expect(points.map((point) => [point.day.slice(8), point.cases])).toEqual([
        ['19', 0],
        ['20', 3],
        ['21', 3],
        ['22', 3],
        ['23', 3],
        ['24', 3],
        ['25', 3],
      ]);
      expect(points[1]).toMatchObject({
        officeId: 'WAS',
        docket: 'NON_DETAINED',
        officersAvailable: 1,
        gap: 1,
      });
    });

    it('answers the 90 days up to today by default, each office and docket', async () => {
      const response = await http(api, 'supervisorOfWas').get('/staffing/history').expect(200);
      const points = response.body.items as { day: string; docket: string; officeId: string }[];
      expect(points).toHaveLength(2 * 90);
      expect(new Set(points.map((point) => point.officeId))).toEqual(new Set(['WAS']));
      expect(points.at(-1)).toMatchObject({ day: today, docket: 'NON_DETAINED' });
    });

    it('answers CSV with the day first', async () => {
      const response = await http(api, 'oversight')
        .get('/staffing/history?officeId=ATL&docket=NON_DETAINED&from=2026-11-20&to=2026-11-21')
        .set('Accept', 'text/csv')
        .expect(200);
      expect(response.text).toBe(
        'day,officeId,docket,cases,officersOnRoster,officersAbsent,officersAvailable,casesPerOfficer,targetPerOfficer,officersNeeded,gap\r\n' +
          '2026-11-20,ATL,NON_DETAINED,1,1,0,1,1,2,1,0\r\n' +
          '2026-11-21,ATL,NON_DETAINED,1,1,0,1,1,2,1,0\r\n',
      );
    });

    it('refuses days that are not calendar days, a range backwards or over a year', async () => {
      await expectInvalid(api, http(api, 'oversight').get('/staffing/history?from=2026-02-30'), 'from');
      await expectInvalid(
        api,
        http(api, 'oversight').get('/staffing/history?from=2026-11-20&to=2026-11-19'),
        'to',
      );
      await expectInvalid(
        api,
        http(api, 'oversight').get('/staffing/history?from=2025-01-01&to=2026-11-19'),
        'to',
      );
      await expectInvalid(api, http(api, 'oversight').get('/staffing/history?docket=PENDING'), 'docket');
    });
  });

  describe('GET /oversight/monthly-reports', () => {
    it('answers every office’s month, in JSON or CSV', async () => {
      const response = await http(api, 'supervisor')
        .get('/oversight/monthly-reports?month=2026-11')
        .expect(200);
      expect(response.body.items).toEqual([
        expect.objectContaining({
          officeId: 'ATL',
          month: '2026-11',
          missedCheckIns: 1,
          missedCheckInsExcused: 0,
        }),
        expect.objectContaining({ officeId: 'WAS', month: '2026-11', missedCheckIns: 3, releases: 0 }),
      ]);
      const csv = await http(api, 'oversight')
        .get('/oversight/monthly-reports?month=2026-11&officeId=WAS')
        .set('Accept', 'text/csv')
        .expect(200);
      const [header, row] = csv.text.split('\r\n');
      const columns = header.split(',');
      expect(columns.slice(0, 3)).toEqual(['officeId', 'month', 'releases']);
      expect(columns).toEqual(
        expect.arrayContaining(['missedCheckInsLate', 'absconderReferrals', 'detainersDeclined']),
      );
      expect(row.split(',')[columns.indexOf('missedCheckIns')]).toBe('3');
    });

    it('refuses a month that is not YYYY-MM, and an office outside the caller’s', async () => {
      await expectInvalid(
        api,
        http(api, 'oversight').get('/oversight/monthly-reports?month=2026-13'),
        'month',
      );
      await expectInvalid(api, http(api, 'oversight').get('/oversight/monthly-reports'), 'month');
      await expectRefused(
        api,
        http(api, 'supervisorOfAtl').get('/oversight/monthly-reports?month=2026-11&officeId=WAS'),
        404,
        'OFFICE.NOT_FOUND',
      );
    });
  });
});
