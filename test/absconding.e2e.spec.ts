import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  TOPICS,
  type AbsconderReferralMessage,
  type SuspectedAbscondingAlertMessage,
} from '@casetrail/contracts';
import {
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
import { iso } from './support/case-journeys';

const run = promisify(execFile);
const DAY_MS = 24 * 3_600_000;
const SUBJECT = {
  givenName: 'Teodora',
  familyName: 'Vasquelin',
  aNumber: 'A402918375',
  dateOfBirth: '1984-06-09',
  countryOfCitizenship: 'HN',
};
const NARRATIVE =
  'Three home visits found the address vacant, the sponsor has not seen the subject since the ' +
  'release and the phone number is disconnected.';

interface KcatMessage {
  topic: string;
  key: string | null;
  payload: string | null;
}

/** Every message on the topic so far, read the way a consumer outside Casetrail would: with kcat. */
async function kcatRead(topic: string): Promise<KcatMessage[]> {
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const { stdout } = await run(
    '/usr/bin/kcat',
    ['-C', '-b', brokers, '-t', topic, '-o', 'beginning', '-e', '-J', '-q'],
    { timeout: 20_000 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as KcatMessage);
}

interface OfficerCaseload {
  officerId: string;
  nonDetained: number;
  detained: number;
  fugitive: number;
}

/**
 * Absconding with the four processes on the real Postgres and broker: the scheduler records three
 * missed check-ins in a row, the third raises a suspected-absconding alert for the supervisors,
 * the supervisor's determination puts the case on the FUGITIVE docket and refers it on
 * alerts.absconder-referral.v1, and booking the arrest brings it back to DETAINED.
 */
describe('absconding', () => {
  let database: TestDatabase;
  let topicPrefix: string;
  let baseUrl: string;
  const apps: AppProcess[] = [];
  let suspicions: TopicReader;
  let auth: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    auth = await officeCallers('WAS');
    let env: Record<string, string>;
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem());
    apps.push(...(await startAllAppProcesses(env)));
    suspicions = await new TopicReader(topicPrefix, TOPICS.suspectedAbscondingAlerts).start();
    await post('/offices', { officeId: 'WAS', name: 'Washington Field Office' });
    await post('/officers', {
      officerId: 'WAS-ND-001',
      officeId: 'WAS',
      displayName: 'WAS-ND-001',
      unit: 'NON_DETAINED',
    });
  }, 90_000);

  afterAll(async () => {
    await suspicions?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    await database?.drop();
  }, 30_000);

  const send = (path: string, body: unknown, as: OfficeCaller) =>
    postJson<{ caseId: string }>(`${baseUrl}${path}`, body, auth[as]);
  async function post(
    path: string,
    body: unknown,
    as: OfficeCaller = path.startsWith('/cases') ? 'officer' : 'admin',
  ) {
    const response = await send(path, body, as);
    if (response.status >= 300)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: auth.supervisor });
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const caseloadOf = async (officerId: string) => {
    const { items } = await get<{ items: OfficerCaseload[] }>('/caseloads/officers?officeId=WAS');
    return items.find((row) => row.officerId === officerId);
  };

  it('suspects, declares and refers an absconder, and books the arrest', async () => {
    // Enrolled fifteen days ago with weekly check-ins and no grace: three deadlines have passed,
    // and the scheduler records them one after the other.
    const now = Date.now();
    const { caseId } = await post('/cases', {
      officeId: 'WAS',
      officerId: 'WAS-ND-001',
      subject: SUBJECT,
      openedAt: iso(now - 16 * DAY_MS),
    });
    const enrolledAt = now - 15 * DAY_MS;
    await post(`/cases/${caseId}/enrolment`, {
      basis: 'ORDER_OF_RECOGNIZANCE',
      reportingConditions: ['REPORT_IN_PERSON'],
      enrolledAt: iso(enrolledAt),
      checkInPlan: { firstDueAt: iso(enrolledAt + 1_000), intervalDays: 7, graceHours: 0 },
    });
    const thirdDueAt = iso(enrolledAt + 1_000 + 14 * DAY_MS);
    const alertId = `abs:${caseId}:${thirdDueAt}`;

    // The third miss raises the suspicion, for the office's supervisors, on the topic and in the views.
    const [raised] = await eventually(
      () => {
        const messages = suspicions.messages
          .filter((message) => message.key === caseId)
          .map((message) => JSON.parse(message.value ?? '') as SuspectedAbscondingAlertMessage);
        expect(messages).toHaveLength(1);
        return messages;
      },
      20_000,
      100,
    );
    expect(raised).toEqual({
      alertId,
      status: 'RAISED',
      caseId,
      officeId: 'WAS',
      officerId: 'WAS-ND-001',
      basis: 'CONSECUTIVE_MISSES',
      consecutiveMisses: 3,
      lastContactAt: iso(enrolledAt),
      dueAt: thirdDueAt,
      detectedAt: expect.any(String),
      // Its thresholds are version 1's, which the apps seeded from their configuration.
      policyVersion: 1,
    });
    const openAlerts = await eventually(async () => {
      const { items } = await get<{
        items: { alertId: string; status: string; actingOfficerId: string | null }[];
      }>('/alerts?officeId=WAS&kind=SUSPECTED_ABSCONDING');
      expect(items).toHaveLength(1);
      return items;
    });
    expect(openAlerts[0]).toMatchObject({ alertId, status: 'RAISED', actingOfficerId: null });
    const { items: history } = await get<{ items: { type: string }[] }>(`/cases/${caseId}/events`);
    expect(history.map((entry) => entry.type)).toEqual([
      'CaseOpened',
      'SubjectEnrolled',
      'CheckInMissed',
      'CheckInMissed',
      'CheckInMissed',
      'AbscondingSuspected',
    ]);

    // An officer may not decide; the supervisor declares the subject an absconder.
    const determination = { decision: 'ABSCONDED', narrative: NARRATIVE, determinedAt: iso(Date.now()) };
    const byOfficer = await send(`/cases/${caseId}/absconding-determinations`, determination, 'officer');
    expect(byOfficer.status).toBe(403);
    await post(`/cases/${caseId}/absconding-determinations`, determination, 'supervisor');

    // The views: on the FUGITIVE docket, counted per officer and office; the suspicion resolved.
    await eventually(async () => {
      expect(await caseloadOf('WAS-ND-001')).toMatchObject({ nonDetained: 0, fugitive: 1 });
    });
    const { items: offices } = await get<{
      items: { officeId: string; dockets: Record<string, { cases: number }> }[];
    }>('/caseloads/offices?officeId=WAS');
    expect(offices[0].dockets.FUGITIVE.cases).toBe(1);
    const { items: docket } = await get<{ items: { caseId: string; docket: string }[] }>(
      '/officers/WAS-ND-001/docket?docket=FUGITIVE',
    );
    expect(docket).toEqual([expect.objectContaining({ caseId, docket: 'FUGITIVE' })]);
    await eventually(async () => {
      const { items } = await get<{ items: { status: string }[] }>(
        '/alerts?officeId=WAS&kind=SUSPECTED_ABSCONDING',
      );
      expect(items.map((alert) => alert.status)).toEqual(['RESOLVED']);
    });

    // The referral, read with kcat: ids, codes and times only.
    const referrals = await eventually(
      async () => {
        const messages = (await kcatRead(`${topicPrefix}${TOPICS.absconderReferrals}`)).filter(
          (message) => message.key === caseId,
        );
        expect(messages).toHaveLength(1);
        return messages;
      },
      20_000,
      500,
    );
    const referral = JSON.parse(referrals[0].payload ?? '') as AbsconderReferralMessage;
    expect(referral).toEqual({
      referralId: `ref:${alertId}`,
      alertId,
      caseId,
      officeId: 'WAS',
      officerId: 'WAS-ND-001',
      basis: 'CONSECUTIVE_MISSES',
      lastContactAt: iso(enrolledAt),
      determinedBy: 'WAS-SUP-001',
      determinedAt: determination.determinedAt,
      // Decided under version 1, which the apps seeded from their configuration.
      policyVersion: 1,
    });
    expect(referrals[0].payload).not.toContain(SUBJECT.familyName);
    expect(referrals[0].payload).not.toContain(NARRATIVE);

    // A fugitive does not check in; the arrest is a detention booking, back on DETAINED.
    const checkIn = await send(
      `/cases/${caseId}/check-ins`,
      { checkedInAt: iso(Date.now()), method: 'IN_PERSON' },
      'officer',
    );
    expect(checkIn).toMatchObject({ status: 422, body: { code: 'CASE.FUGITIVE' } });
    await post(`/cases/${caseId}/detentions`, { facilityId: 'FAC-1', bookedInAt: iso(Date.now()) });
    await eventually(async () => {
      expect(await caseloadOf('WAS-ND-001')).toMatchObject({ detained: 1, fugitive: 0 });
    });
    const { state } = await get<{
      state: { docket: string; detention?: { riskClassificationStatus: string } };
    }>(`/cases/${caseId}`);
    expect(state).toMatchObject({ docket: 'DETAINED', detention: { riskClassificationStatus: 'DUE' } });
  }, 90_000);
});
