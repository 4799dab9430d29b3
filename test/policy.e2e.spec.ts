import { TOPICS, type PolicyEventMessage, type RcaOverdueAlertMessage } from '@casetrail/contracts';
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
import { openDetainedCase } from './support/case-journeys';
import { publishPolicy } from './support/policies';

const SECOND = 1000;
const SUBJECT = {
  givenName: 'Ofelia',
  familyName: 'Brandywine',
  aNumber: 'A318840226',
  dateOfBirth: '1979-03-14',
  countryOfCitizenship: 'GT',
};

interface AlertView {
  alertId: string;
  caseId: string;
  kind: string;
  dueAt: string;
  policyVersion: number | null;
}

/**
 * Policy as data with the four processes running on the real Postgres and broker: a version
 * published for a moment T applies to detentions booked from T on, while one booked before keeps
 * the due time it was given; each alert names the version it was decided under.
 */
describe('a published policy applies forward', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let topicPrefix: string;
  let baseUrl: string;
  const apps: AppProcess[] = [];
  let rcaOverdue: TopicReader;
  let policyEvents: TopicReader;
  let auth: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    auth = await officeCallers('WAS');
    // No window in the environment: version 1 is seeded from the defaults (5 days).
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem());
    apps.push(...(await startAllAppProcesses(env)));
    rcaOverdue = await new TopicReader(topicPrefix, TOPICS.rcaOverdueAlerts).start();
    policyEvents = await new TopicReader(topicPrefix, TOPICS.policyEvents).start();
    await post('/offices', { officeId: 'WAS', name: 'Washington Field Office' }, auth.admin);
    await post(
      '/officers',
      { officerId: 'WAS-ND-001', officeId: 'WAS', displayName: 'WAS-ND-001', unit: 'NON_DETAINED' },
      auth.admin,
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all([rcaOverdue?.stop(), policyEvents?.stop()]);
    await Promise.all(apps.map((app) => app.stop()));
    await database?.drop();
  }, 30_000);

  const post = async (path: string, body: unknown, headers: Record<string, string> = auth.officer) => {
    const response = await postJson<{ caseId: string }>(`${baseUrl}${path}`, body, headers);
    if (response.status >= 300)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const get = async <T>(path: string, headers: Record<string, string>): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };
  const booking = async (caseId: string) => {
    const { items } = await get<{
      items: { type: string; data: { bookedInAt: string; riskClassificationDueAt: string } }[];
    }>(`/cases/${caseId}/events`, auth.supervisor);
    const booked = items.find((event) => event.type === 'DetentionBooked');
    if (!booked) throw new Error(`case ${caseId} has no booking`);
    return booked.data;
  };
  const windowOf = ({
    bookedInAt,
    riskClassificationDueAt,
  }: {
    bookedInAt: string;
    riskClassificationDueAt: string;
  }) => Date.parse(riskClassificationDueAt) - Date.parse(bookedInAt);
  const alertOn = (caseId: string) =>
    rcaOverdue.messages
      .filter((message) => message.key === caseId)
      .map((message) => JSON.parse(message.value ?? '') as RcaOverdueAlertMessage);

  it('gives a detention booked after T the new RCA window and one booked before T the old one', async () => {
    const seeded = await get<{ version: number; policy: { riskClassificationWindowMs: number } }>(
      '/policies/current',
      await bearerHeaders({ sub: 'oversight-1', role: 'OVERSIGHT', offices: [] }),
    );
    expect(seeded).toMatchObject({
      version: 1,
      policy: { riskClassificationWindowMs: 5 * 24 * 3600 * SECOND },
    });

    // Version 2, in effect at once: a 6-second window.
    expect((await publishPolicy(baseUrl, { riskClassificationWindowMs: 6 * SECOND })).version).toBe(2);
    // Version 3, a 2-second window from T, a moment from now; a detention booked before T keeps version 2's.
    const T = Date.now() + 1_500;
    expect(
      (await publishPolicy(baseUrl, { riskClassificationWindowMs: 2 * SECOND }, new Date(T).toISOString()))
        .version,
    ).toBe(3);
    const before = await openDetainedCase(post, {
      officeId: 'WAS',
      officerId: 'WAS-ND-001',
      subject: SUBJECT,
    });
    const bookedBefore = await booking(before);
    expect(Date.parse(bookedBefore.bookedInAt)).toBeLessThan(T);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, T - Date.now() + 100)));
    const after = await openDetainedCase(post, {
      officeId: 'WAS',
      officerId: 'WAS-ND-001',
      subject: SUBJECT,
    });
    const bookedAfter = await booking(after);

    expect(windowOf(bookedBefore)).toBe(6 * SECOND);
    expect(windowOf(bookedAfter)).toBe(2 * SECOND);

    // Each raises its alert at its own due time, naming the version its due time was decided under.
    const [raisedAfter, raisedBefore] = await eventually(
      () => {
        const alerts = [alertOn(after), alertOn(before)];
        for (const raised of alerts) expect(raised).toHaveLength(1);
        return alerts.map(([raised]) => raised);
      },
      15_000,
      50,
    );
    expect(raisedAfter).toMatchObject({
      status: 'RAISED',
      caseId: after,
      bookedInAt: bookedAfter.bookedInAt,
      dueAt: bookedAfter.riskClassificationDueAt,
      policyVersion: 3,
    });
    expect(raisedBefore).toMatchObject({
      status: 'RAISED',
      caseId: before,
      bookedInAt: bookedBefore.bookedInAt,
      dueAt: bookedBefore.riskClassificationDueAt,
      policyVersion: 2,
    });

    const { items } = await get<{ items: AlertView[] }>(
      '/alerts?kind=RCA_OVERDUE&officeId=WAS',
      auth.supervisor,
    );
    expect(
      items
        .filter((alert) => alert.caseId === before || alert.caseId === after)
        .map(({ caseId, dueAt, policyVersion }) => ({ caseId, dueAt, policyVersion }))
        .sort((a, b) => a.caseId.localeCompare(b.caseId)),
    ).toEqual(
      [
        { caseId: before, dueAt: bookedBefore.riskClassificationDueAt, policyVersion: 2 },
        { caseId: after, dueAt: bookedAfter.riskClassificationDueAt, policyVersion: 3 },
      ].sort((a, b) => a.caseId.localeCompare(b.caseId)),
    );
  }, 40_000);

  it('keeps the whole history: who published each version, from when and why', async () => {
    const { items } = await get<{
      items: { version: number; publishedBy: { userId: string }; rationale: string }[];
    }>('/policies/history', auth.officer);
    expect(items.map(({ version, publishedBy }) => [version, publishedBy.userId])).toEqual([
      [1, 'system:configuration'],
      [2, 'policy-admin-1'],
      [3, 'policy-admin-1'],
    ]);
  });

  it('publishes every version on policy-events.v1, in order', async () => {
    await eventually(() => {
      const published = policyEvents.messages.map(
        (message) => JSON.parse(message.value ?? '') as PolicyEventMessage,
      );
      expect(
        published.map((message) => [message.eventType, message.streamVersion, message.data.version]),
      ).toEqual([
        ['PolicyPublished', 1, 1],
        ['PolicyPublished', 2, 2],
        ['PolicyPublished', 3, 3],
      ]);
    }, 10_000);
  });
});
