import {
  TOPICS,
  type MissedCheckInAlertMessage,
  type RcaOverdueAlertMessage,
  type ReleaseOverrideAlertMessage,
} from '@casetrail/contracts';
import { KafkaMessageBroker } from '@casetrail/messaging';
import {
  officeCallers,
  type OfficeCaller,
  eventually,
  postJson,
  prepareSystem,
  startAppProcess,
  TopicReader,
  type AppProcess,
  type TestDatabase,
} from '@casetrail/testing';
import { iso, openDetainedCase, releaseWithFirstCheckInDue } from './support/case-journeys';
import { publishPolicy } from './support/policies';

/** Who the cases are about: none of it may ever appear on an alert topic. */
const SUBJECT = {
  givenName: 'Zenobia',
  familyName: 'Quartermaine',
  aNumber: 'A204517733',
  dateOfBirth: '1987-06-05',
  countryOfCitizenship: 'MX',
};
const NARRATIVE =
  'Zenobia Quartermaine is the only carer of her mother, who was discharged from hospital this week; ' +
  'the county confirmed that no other carer is available.';

interface HistoryEntry {
  type: string;
  recordedAt: string;
  actor: { userId: string; role: string };
  data: { dueAt?: string; alertId?: string };
}

/**
 * Deadlines and alerts with the four processes as production runs them (two schedulers), on the
 * real Postgres and broker, with durations from a published policy (RCA window 2 s) instead of a fake clock.
 */
describe('deadlines and alerts', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let topicPrefix: string;
  let baseUrl: string;
  const apps: AppProcess[] = [];
  let schedulers: AppProcess[];
  let missedCheckIns: TopicReader;
  let missedCheckInsV2: TopicReader;
  let rcaOverdue: TopicReader;
  let releaseOverrides: TopicReader;
  let auth: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    auth = await officeCallers('WAS');
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem());
    // The relay creates the topics; it must come up before anything reads them.
    apps.push(await startAppProcess('relay', env));
    const started = await Promise.all([
      startAppProcess('api', env),
      startAppProcess('projector', env),
      startAppProcess('scheduler', env),
      startAppProcess('scheduler', env),
    ]);
    apps.push(...started);
    schedulers = started.slice(2);
    [missedCheckIns, missedCheckInsV2, rcaOverdue, releaseOverrides] = await Promise.all([
      new TopicReader(topicPrefix, TOPICS.missedCheckInAlerts).start(),
      new TopicReader(topicPrefix, TOPICS.missedCheckInAlertsV2).start(),
      new TopicReader(topicPrefix, TOPICS.rcaOverdueAlerts).start(),
      new TopicReader(topicPrefix, TOPICS.releaseOverrideAlerts).start(),
    ]);
    // Windows are policy, not environment: version 2 shortens the RCA window to 2 s from now on.
    await publishPolicy(baseUrl, { riskClassificationWindowMs: 2000 });
    await post('/offices', { officeId: 'WAS', name: 'Washington Field Office' });
    for (const officerId of ['WAS-ND-001', 'WAS-SUP-001']) {
      await post('/officers', { officerId, officeId: 'WAS', displayName: officerId, unit: 'NON_DETAINED' });
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(
      [missedCheckIns, missedCheckInsV2, rcaOverdue, releaseOverrides].map((reader) => reader?.stop()),
    );
    await Promise.all(apps.map((app) => app.stop()));
    await database?.drop();
  }, 30_000);

  // The roster is the administrator's; cases are the officer's unless another caller is named.
  const post = async (path: string, body: unknown, headers?: Record<string, string>) => {
    const response = await postJson<{ caseId: string; requestId: string }>(
      `${baseUrl}${path}`,
      body,
      headers ?? (path.startsWith('/cases') ? auth.officer : auth.admin),
    );
    if (response.status >= 300)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const history = async (caseId: string): Promise<HistoryEntry[]> => {
    const response = await fetch(`${baseUrl}/cases/${caseId}/events`, { headers: auth.supervisor });
    return ((await response.json()) as { items: HistoryEntry[] }).items;
  };

  const alertsOn = <T>(reader: TopicReader, caseId: string): T[] =>
    reader.messages
      .filter((message) => message.key === caseId)
      .map((message) => JSON.parse(message.value ?? '') as T);

  const openAndDetain = () =>
    openDetainedCase(post, { officeId: 'WAS', officerId: 'WAS-ND-001', subject: SUBJECT });

  /** Detained, assessed RELEASE and released at once, the first check-in due `dueInMs` from now, no grace. */
  const releasedCase = async (dueInMs: number) => {
    const caseId = await openAndDetain();
    return { caseId, dueAt: await releaseWithFirstCheckInDue(post, caseId, dueInMs) };
  };

  describe('when a supervised subject misses a check-in', () => {
    it('records the miss on time and raises one alert, resolved by the next check-in', async () => {
      const { caseId, dueAt } = await releasedCase(3_000);

      const [raised] = await eventually(
        () => {
          const alerts = alertsOn<MissedCheckInAlertMessage>(missedCheckIns, caseId);
          expect(alerts).toHaveLength(1);
          return alerts;
        },
        8_000,
        50,
      );
      expect(Date.now() - Date.parse(dueAt)).toBeLessThan(5_000);
      expect(raised).toEqual({
        alertId: `mci:${caseId}:${dueAt}`,
        status: 'RAISED',
        caseId,
        officeId: 'WAS',
        officerId: 'WAS-ND-001',
        dueAt,
        detectedAt: expect.any(String),
        consecutiveMisses: 1,
        severity: 'LOW',
        actingOfficerId: 'WAS-ND-001',
        policyVersion: 2,
      });
      // Fired within a second of its time, by the scheduler, in the case's own history.
      const missed = (await history(caseId)).filter((entry) => entry.type === 'CheckInMissed');
      expect(missed).toEqual([
        expect.objectContaining({
          actor: { userId: 'system:scheduler', role: 'ADMIN' },
          data: expect.anything(),
        }),
      ]);
      expect(Date.parse(missed[0].recordedAt) - Date.parse(dueAt)).toBeLessThan(1_000);

      await post(`/cases/${caseId}/check-ins`, { checkedInAt: iso(Date.now()), method: 'IN_PERSON' });
      await eventually(() =>
        expect(
          alertsOn<MissedCheckInAlertMessage>(missedCheckIns, caseId).map((alert) => alert.status),
        ).toEqual(['RAISED', 'RESOLVED']),
      );
    });
  });

  describe('when a supervised subject misses three check-ins in a row', () => {
    /** The officer moves the next check-in to `dueInMs` from now, with no grace. */
    const moveNextCheckIn = async (caseId: string, dueInMs: number) => {
      const now = Date.now();
      const response = await fetch(`${baseUrl}/cases/${caseId}/check-in-plan`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...auth.officer },
        body: JSON.stringify({
          intervalDays: 7,
          graceHours: 0,
          nextDueAt: iso(now + dueInMs),
          changedAt: iso(now),
        }),
      });
      expect(response.status).toBe(200);
    };
    const missCounts = (caseId: string) =>
      alertsOn<MissedCheckInAlertMessage>(missedCheckInsV2, caseId).map((alert) => alert.consecutiveMisses);

    it('keeps one open alert whose miss count is 3, raised again on v2 at each miss', async () => {
      const { caseId, dueAt } = await releasedCase(1_500);
      for (const misses of [1, 2, 3]) {
        await eventually(() => expect(missCounts(caseId)).toContain(misses), 8_000, 50);
        if (misses < 3) await moveNextCheckIn(caseId, 1_500);
      }

      const alertId = `mci:${caseId}:${dueAt}`;
      expect(
        alertsOn<MissedCheckInAlertMessage>(missedCheckInsV2, caseId).map((alert) => [
          alert.alertId,
          alert.status,
          alert.consecutiveMisses,
          alert.severity,
        ]),
      ).toEqual([
        [alertId, 'RAISED', 1, 'LOW'],
        [alertId, 'RAISED', 2, 'MEDIUM'],
        [alertId, 'RAISED', 3, 'HIGH'],
      ]);
      const missed = (await history(caseId)).filter((entry) => entry.type === 'CheckInMissed');
      expect(missed.map((entry) => entry.data.alertId)).toEqual([alertId, alertId, alertId]);

      const response = await fetch(`${baseUrl}/alerts?kind=MISSED_CHECK_IN&officeId=WAS&limit=100`, {
        headers: auth.supervisor,
      });
      const { items } = (await response.json()) as { items: { caseId: string }[] };
      expect(items.filter((alert) => alert.caseId === caseId)).toEqual([
        expect.objectContaining({ alertId, status: 'RAISED', consecutiveMisses: 3, severity: 'HIGH' }),
      ]);
    }, 30_000);
  });

  describe('when a detainee’s RCA is not done in time', () => {
    it('records the RCA as overdue and raises one alert', async () => {
      const caseId = await openAndDetain();
      const [raised] = await eventually(
        () => {
          const alerts = alertsOn<RcaOverdueAlertMessage>(rcaOverdue, caseId);
          expect(alerts).toHaveLength(1);
          return alerts;
        },
        8_000,
        50,
      );
      expect(raised).toMatchObject({ status: 'RAISED', caseId, officeId: 'WAS', officerId: 'WAS-ND-001' });
      expect((await history(caseId)).map((entry) => entry.type)).toContain('RiskClassificationOverdue');
    }, 20_000);
  });

  describe('when a subject is released against the RCA', () => {
    it('tells the oversight office, without the narrative', async () => {
      const caseId = await openAndDetain();
      const now = Date.now();
      await post(`/cases/${caseId}/risk-classifications`, {
        publicSafetyRisk: 'MEDIUM',
        flightRisk: 'HIGH',
        specialVulnerabilities: [],
        recommendation: 'DETAIN',
        completedAt: iso(now),
      });
      const { requestId } = await post(`/cases/${caseId}/release-override-requests`, {
        reasonCodes: ['PRIMARY_CAREGIVER'],
        narrative: NARRATIVE,
        requestedAt: iso(now),
      });
      await post(
        `/cases/${caseId}/release-override-requests/${requestId}/decision`,
        { decision: 'APPROVED', decidedAt: iso(now) },
        auth.supervisor,
      );
      await post(`/cases/${caseId}/releases`, {
        releaseType: 'PAROLE',
        releasedAt: iso(now),
        checkInPlan: { firstDueAt: iso(now + 7 * 24 * 3_600_000), intervalDays: 7, graceHours: 24 },
        overrideRequestId: requestId,
      });
      const [released] = await eventually(() => {
        const alerts = alertsOn<ReleaseOverrideAlertMessage>(releaseOverrides, caseId);
        expect(alerts).toHaveLength(1);
        return alerts;
      });
      expect(released).toMatchObject({
        rcaRecommendation: 'DETAIN',
        reasonCodes: ['PRIMARY_CAREGIVER'],
        requestedBy: 'WAS-ND-001',
        approvedBy: 'WAS-SUP-001',
      });
    }, 20_000);
  });

  describe('when one of two schedulers is killed mid-run', () => {
    it('still records every deadline exactly once, with exactly one alert each', async () => {
      const released: { caseId: string; dueAt: string }[] = [];
      for (let index = 0; index < 8; index += 1) released.push(await releasedCase(2_000 + index * 150));
      const firstDue = Date.parse(released[0].dueAt);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDue + 400 - Date.now())));
      await schedulers[0].kill();

      await eventually(
        () => {
          for (const { caseId } of released) expect(alertsOn(missedCheckIns, caseId)).toHaveLength(1);
        },
        10_000,
        50,
      );
      // Long enough for a duplicate, had there been one, to come through.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      for (const { caseId, dueAt } of released) {
        const missed = (await history(caseId)).filter((entry) => entry.type === 'CheckInMissed');
        expect(missed.map((entry) => entry.data.dueAt)).toEqual([dueAt]);
        expect(
          alertsOn<MissedCheckInAlertMessage>(missedCheckIns, caseId).map((alert) => alert.status),
        ).toEqual(['RAISED']);
      }
    }, 30_000);
  });

  describe('on every alert topic', () => {
    it('is created by the apps with the configured partitions', async () => {
      const broker = new KafkaMessageBroker({ clientId: 'e2e', brokers: ['127.0.0.1:9092'], topicPrefix });
      for (const topic of [
        TOPICS.missedCheckInAlerts,
        TOPICS.missedCheckInAlertsV2,
        TOPICS.rcaOverdueAlerts,
        TOPICS.releaseOverrideAlerts,
      ])
        expect(await broker.partitionCount(topic)).toBe(6);
    });

    it('never puts a subject’s name, A-number, date of birth or the override narrative', () => {
      const messages = [missedCheckIns, missedCheckInsV2, rcaOverdue, releaseOverrides].flatMap(
        (reader) => reader.messages,
      );
      expect(messages.length).toBeGreaterThanOrEqual(12);
      const personal = [
        SUBJECT.givenName,
        SUBJECT.familyName,
        SUBJECT.aNumber,
        SUBJECT.dateOfBirth,
        NARRATIVE,
      ];
      for (const message of messages) {
        const wire = `${message.key ?? ''} ${message.value ?? ''} ${JSON.stringify(message.headers)}`;
        for (const value of personal) expect(wire).not.toContain(value);
      }
    });
  });
});
