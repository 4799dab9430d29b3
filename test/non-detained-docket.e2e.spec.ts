import { TOPICS, type MissedCheckInAlertMessage } from '@casetrail/contracts';
import {
  bearerHeaders,
  eventually,
  officeCallers,
  postJson,
  prepareSystem,
  startAllAppProcesses,
  TopicReader,
  type AppProcess,
  type OfficeCaller,
  type TestDatabase,
} from '@casetrail/testing';
import { enrolWithFirstCheckInDue, iso, openDetainedCase } from './support/case-journeys';

const SUBJECT = {
  givenName: 'Ilse',
  familyName: 'Brandvold',
  aNumber: 'A301928374',
  dateOfBirth: '1979-02-14',
  countryOfCitizenship: 'GT',
};
const RATIONALE =
  'Verified address with a sponsor, every immigration hearing attended so far, no criminal history in ' +
  'any database; reporting weekly is sufficient.';

interface HistoryEntry {
  type: string;
  actor: { userId: string; role: string };
}

/**
 * The non-detained docket as officers run it, with the four processes on the real Postgres and
 * broker: a case enrolled without detention is supervised exactly like a released one, and an
 * RCA's SUPERVISOR_REVIEW waits for a supervisor's determination.
 */
describe('the non-detained docket', () => {
  let database: TestDatabase;
  let topicPrefix: string;
  let baseUrl: string;
  const apps: AppProcess[] = [];
  let missedCheckIns: TopicReader;
  let auth: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    auth = await officeCallers('WAS');
    let env: Record<string, string>;
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem());
    apps.push(...(await startAllAppProcesses(env)));
    missedCheckIns = await new TopicReader(topicPrefix, TOPICS.missedCheckInAlerts).start();
    await post('/offices', { officeId: 'WAS', name: 'Washington Field Office' });
    for (const officerId of ['WAS-ND-001', 'WAS-ND-002']) {
      await post('/officers', { officerId, officeId: 'WAS', displayName: officerId, unit: 'NON_DETAINED' });
    }
  }, 90_000);

  afterAll(async () => {
    await missedCheckIns?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    await database?.drop();
  }, 30_000);

  const send = (path: string, body: unknown, as?: OfficeCaller) =>
    postJson<{ caseId: string }>(
      `${baseUrl}${path}`,
      body,
      auth[as ?? (path.startsWith('/cases') ? 'officer' : 'admin')],
    );
  const post = async (path: string, body: unknown, as?: OfficeCaller) => {
    const response = await send(path, body, as);
    if (response.status >= 300)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const alertsOn = (caseId: string) =>
    missedCheckIns.messages
      .filter((message) => message.key === caseId)
      .map((message) => JSON.parse(message.value ?? '') as MissedCheckInAlertMessage);
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: auth.supervisor });
    return (await response.json()) as T;
  };
  const opening = { officeId: 'WAS', officerId: 'WAS-ND-001', subject: SUBJECT };

  it('misses an enrolled subject’s check-in and raises the alert, as for a released one', async () => {
    const { caseId, dueAt } = await enrolWithFirstCheckInDue(post, opening, 3_000);

    const [raised] = await eventually(
      () => {
        const alerts = missedCheckIns.messages
          .filter((message) => message.key === caseId)
          .map((message) => JSON.parse(message.value ?? '') as MissedCheckInAlertMessage);
        expect(alerts).toHaveLength(1);
        return alerts;
      },
      10_000,
      50,
    );
    // As for a released subject (test/deadlines-and-alerts.e2e.spec.ts has the message in full).
    expect(raised).toMatchObject({ alertId: `mci:${caseId}:${dueAt}`, status: 'RAISED', severity: 'LOW' });
    expect([raised.officerId, raised.actingOfficerId, raised.consecutiveMisses]).toEqual([
      'WAS-ND-001',
      'WAS-ND-001',
      1,
    ]);
    const { items } = await get<{ items: HistoryEntry[] }>(`/cases/${caseId}/events`);
    expect(items.map((entry) => entry.type)).toEqual(['CaseOpened', 'SubjectEnrolled', 'CheckInMissed']);
    expect(items[2].actor).toEqual({ userId: 'system:scheduler', role: 'ADMIN' });
  }, 30_000);

  it('refuses a SUPERVISOR_REVIEW release until a supervisor determines it, and shows oversight', async () => {
    const caseId = await openDetainedCase(post, opening);
    const now = Date.now();
    await post(`/cases/${caseId}/risk-classifications`, {
      publicSafetyRisk: 'LOW',
      flightRisk: 'MEDIUM',
      specialVulnerabilities: [],
      recommendation: 'SUPERVISOR_REVIEW',
      completedAt: iso(now),
    });
    const release = {
      releaseType: 'OWN_RECOGNIZANCE',
      releasedAt: iso(now),
      checkInPlan: { firstDueAt: iso(now + 7 * 24 * 3_600_000), intervalDays: 7, graceHours: 24 },
    };

    const refused = await send(`/cases/${caseId}/releases`, release);
    expect({ status: refused.status, body: refused.body }).toMatchObject({
      status: 422,
      body: { code: 'CASE.CUSTODY_DETERMINATION_REQUIRED' },
    });

    await post(
      `/cases/${caseId}/custody-determinations`,
      { decision: 'RELEASE', rationale: RATIONALE, determinedAt: iso(now) },
      'supervisor',
    );
    expect((await send(`/cases/${caseId}/releases`, release)).status).toBe(201);

    await eventually(async () => {
      const { items } = await get<{ items: { caseId: string; decision: string; determinedBy: string }[] }>(
        '/oversight/custody-determinations?officeId=WAS',
      );
      expect(items).toEqual([
        expect.objectContaining({ caseId, decision: 'RELEASE', determinedBy: 'WAS-SUP-001' }),
      ]);
    });
  }, 30_000);

  it('routes an absent officer’s miss to the covering officer, and back once the absence ends', async () => {
    const { caseId } = await enrolWithFirstCheckInDue(post, opening, 3_000);
    const absence = await postJson<{ absenceId: string }>(
      `${baseUrl}/officers/WAS-ND-001/absences`,
      { kind: 'LEAVE', startsAt: iso(Date.now() - 1_000), coveringOfficerId: 'WAS-ND-002' },
      auth.supervisor,
    );
    expect(absence.status).toBe(201);

    const [raised] = await eventually(
      () => {
        const alerts = alertsOn(caseId);
        expect(alerts).toHaveLength(1);
        return alerts;
      },
      10_000,
      50,
    );
    expect(raised).toMatchObject({
      status: 'RAISED',
      officerId: 'WAS-ND-001',
      actingOfficerId: 'WAS-ND-002',
    });
    await eventually(async () => {
      const { items } = await get<{
        items: { caseId: string; coveredFor: string | null; openAlert: unknown }[];
      }>('/officers/WAS-ND-002/docket?docket=NON_DETAINED');
      expect(items).toContainEqual(
        expect.objectContaining({
          caseId,
          coveredFor: 'WAS-ND-001',
          openAlert: expect.objectContaining({ alertId: raised.alertId, kind: 'MISSED_CHECK_IN' }),
        }),
      );
    });

    // The covering officer's acknowledgement counts.
    const coveringOfficer = await bearerHeaders({ sub: 'WAS-ND-002', role: 'OFFICER', offices: ['WAS'] });
    const acknowledged = await postJson(
      `${baseUrl}/cases/${caseId}/alerts/${encodeURIComponent(raised.alertId)}/acknowledgement`,
      { acknowledgedAt: iso(Date.now()) },
      coveringOfficer,
    );
    expect(acknowledged.status).toBe(201);
    await eventually(() =>
      expect(alertsOn(caseId).map((alert) => [alert.status, alert.actingOfficerId])).toEqual([
        ['RAISED', 'WAS-ND-002'],
        ['ACKNOWLEDGED', 'WAS-ND-002'],
      ]),
    );

    const ended = await postJson(
      `${baseUrl}/officers/WAS-ND-001/absences/${absence.body.absenceId}/end`,
      {},
      auth.supervisor,
    );
    expect(ended.status).toBe(201);
    const nextDueAt = iso(Date.now() + 3_000);
    // The next deadline, three seconds away, now that the officer is back.
    const rescheduled = await fetch(`${baseUrl}/cases/${caseId}/check-in-plan`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth.officer },
      body: JSON.stringify({ intervalDays: 7, graceHours: 0, nextDueAt, changedAt: iso(Date.now()) }),
    });
    expect(rescheduled.status).toBe(200);
    const next = await eventually(
      () => {
        const alert = alertsOn(caseId).find((message) => message.dueAt === nextDueAt);
        expect(alert).toBeDefined();
        return alert as MissedCheckInAlertMessage;
      },
      10_000,
      50,
    );
    expect(next).toMatchObject({ status: 'RAISED', officerId: 'WAS-ND-001', actingOfficerId: 'WAS-ND-001' });
  }, 40_000);
});
