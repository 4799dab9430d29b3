import { randomUUID } from 'node:crypto';
import { subjectEnrolled } from '@casetrail/domain/case/case.docket.test-data';
import { caseOpened } from '@casetrail/domain/case/case.test-data';
import { projectCaseEvents } from '@casetrail/testing';
import {
  countEvents,
  expectInvalid,
  http,
  startApi,
  type ApiTestContext,
  type ProblemBody,
  type TestCallerName,
} from '@api/api.test-kit';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('officer absences and coverage', () => {
  let api: ApiTestContext;
  const absentsCase = randomUUID();

  beforeAll(async () => {
    api = await startApi();
    // WAS-DET-002 is away; WAS-ND-001 covers. ATL-ND-001 works in another office.
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: absentsCase, officeId: 'WAS', officerId: 'WAS-DET-002' }),
      subjectEnrolled({ caseId: absentsCase }),
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  const record = (body: object, officerId = 'WAS-DET-002', as: TestCallerName = 'supervisor') =>
    http(api, as).post(`/officers/${officerId}/absences`).send(body);
  const leave = (coveringOfficerId: string | null = 'WAS-ND-001') => ({
    kind: 'LEAVE',
    startsAt: iso(Date.now() - HOUR),
    endsAt: iso(Date.now() + 24 * HOUR),
    coveringOfficerId,
  });
  const worklistOf = async (officerId: string) =>
    (
      (await http(api, 'supervisor').get(`/officers/${officerId}/docket?docket=NON_DETAINED`).expect(200))
        .body as { items: { caseId: string; coveredFor: string | null }[] }
    ).items;
  const caseloadOf = async (officerId: string) =>
    (
      (await http(api, 'supervisor').get('/caseloads/officers?officeId=WAS').expect(200)).body as {
        items: { officerId: string; nonDetained: number; covered: number }[];
      }
    ).items.find((row) => row.officerId === officerId);
  const expectProblem = async (
    test: PromiseLike<{ status: number; body: unknown }>,
    status: number,
    code: string,
  ) => {
    const response = await test;
    expect({ status: response.status, code: (response.body as ProblemBody).code }).toEqual({ status, code });
  };

  it('puts the absent officer’s cases on the covering officer’s worklist while it lasts, then takes them back', async () => {
    const before = await countEvents(api.db);
    const { body: absence } = await record(leave()).expect(201);
    expect(absence).toMatchObject({
      officerId: 'WAS-DET-002',
      officeId: 'WAS',
      kind: 'LEAVE',
      coveringOfficerId: 'WAS-ND-001',
      recordedBy: 'supervisor-9',
    });
    // A roster fact: no case's history changes.
    expect(await countEvents(api.db)).toBe(before);

    expect(await worklistOf('WAS-ND-001')).toEqual([
      expect.objectContaining({ caseId: absentsCase, coveredFor: 'WAS-DET-002' }),
    ]);
    expect(await caseloadOf('WAS-ND-001')).toBeUndefined();
    expect(await caseloadOf('WAS-DET-002')).toMatchObject({ nonDetained: 1, covered: 0 });

    const { absenceId } = absence as { absenceId: string };
    await http(api, 'supervisor').post(`/officers/WAS-DET-002/absences/${absenceId}/end`).expect(201);
    expect(await worklistOf('WAS-ND-001')).toEqual([]);
    await expectProblem(
      http(api, 'supervisor').post(`/officers/WAS-DET-002/absences/${absenceId}/end`),
      409,
      'ROSTER.ABSENCE_ENDED',
    );
  });

  it('counts the covered cases in the covering officer’s caseload', async () => {
    const caseId = randomUUID();
    await projectCaseEvents(api.db, [
      caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-DET-001' }),
      subjectEnrolled({ caseId }),
    ]);
    await projectCaseEvents(api.db, [
      caseOpened({ caseId: randomUUID(), officeId: 'WAS', officerId: 'WAS-DET-002' }),
    ]);
    const { body } = await record(leave('WAS-DET-002'), 'WAS-DET-001').expect(201);
    expect(await caseloadOf('WAS-DET-002')).toMatchObject({ covered: 1 });
    // Another officer covers from now on.
    const changed = await http(api, 'supervisor')
      .put(`/officers/WAS-DET-001/absences/${(body as { absenceId: string }).absenceId}/cover`)
      .send({ coveringOfficerId: null })
      .expect(200);
    expect(changed.body).toMatchObject({ officerId: 'WAS-DET-001', coveringOfficerId: null });
    expect(await caseloadOf('WAS-DET-002')).toMatchObject({ covered: 0 });
  });

  it('refuses a cover from another office with 422 and a cover by the absent officer', async () => {
    await expectProblem(record(leave('ATL-ND-001')), 422, 'ROSTER.OFFICER_NOT_IN_OFFICE');
    await expectProblem(record(leave('WAS-DET-002')), 422, 'ROSTER.COVER_SELF');
  });

  it('refuses a period that ends before it starts, and one overlapping another', async () => {
    const now = Date.now();
    await expectProblem(
      record({ kind: 'TRAINING', startsAt: iso(now + 2 * HOUR), endsAt: iso(now + HOUR) }),
      422,
      'ROSTER.ABSENCE_PERIOD_INVALID',
    );
    await record({ kind: 'TRAINING', startsAt: iso(now + 100 * HOUR), endsAt: iso(now + 110 * HOUR) }).expect(
      201,
    );
    await expectProblem(
      record({ kind: 'LEAVE', startsAt: iso(now + 105 * HOUR), endsAt: iso(now + 120 * HOUR) }),
      409,
      'ROSTER.ABSENCE_OVERLAPS',
    );
  });

  it('answers 404 for an officer outside the supervisor’s offices, 403 to an officer, 400 to a bad kind', async () => {
    await expectProblem(record(leave(null), 'WAS-DET-002', 'supervisorOfSea'), 404, 'OFFICER.NOT_FOUND');
    await expectProblem(record(leave(null), 'WAS-DET-002', 'officer'), 403, 'AUTH.FORBIDDEN');
    await expectInvalid(api, record({ ...leave(null), kind: 'SABBATICAL' }), 'kind');
  });
});
