import { DataSource } from 'typeorm';
import { PersonalDataVault, SEALED } from '@casetrail/case-commands';
import { toCaseEvent } from '@casetrail/contracts';
import { loadConfig } from '@casetrail/config';
import { TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import { dataSourceOptions } from '@casetrail/database';
import type { CaseEvent, SubjectIdentity } from '@casetrail/domain';
import {
  officeCallers,
  type OfficeCaller,
  eventually,
  findPersonalData,
  postJson,
  prepareSystem,
  startAppProcess,
  TopicReader,
  type AppProcess,
  type TestDatabase,
} from '@casetrail/testing';
import { openDetainedCase, releaseWithFirstCheckInDue } from './support/case-journeys';

const SUBJECT: SubjectIdentity = {
  givenName: 'Zelinda',
  familyName: 'Quarrington',
  aNumber: 'A987654321',
  dateOfBirth: '1984-02-29',
  countryOfCitizenship: 'GT',
};
const PERSONAL_VALUES = [SUBJECT.givenName, SUBJECT.familyName, SUBJECT.aNumber, SUBJECT.dateOfBirth];

/**
 * A subject's personal data through the whole system: encrypted in the event store and on
 * case-events.v1, absent from the alert topics and the apps' output, and unreadable everywhere
 * once an administrator seals the record.
 */
describe('personal data', () => {
  let database: TestDatabase;
  let db: DataSource;
  let baseUrl: string;
  const apps: AppProcess[] = [];
  let caseEvents: TopicReader;
  let missedCheckIns: TopicReader;
  let auth: Record<OfficeCaller, Record<string, string>>;
  let caseId: string;

  beforeAll(async () => {
    let env: Record<string, string>;
    let topicPrefix: string;
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem());
    auth = await officeCallers('WAS');
    apps.push(await startAppProcess('relay', env));
    apps.push(
      ...(await Promise.all([
        startAppProcess('api', env),
        startAppProcess('projector', env),
        startAppProcess('scheduler', env),
      ])),
    );
    [caseEvents, missedCheckIns] = await Promise.all([
      new TopicReader(topicPrefix, TOPICS.caseEvents).start(),
      new TopicReader(topicPrefix, TOPICS.missedCheckInAlerts).start(),
    ]);
    db = await new DataSource(dataSourceOptions(database.url)).initialize();

    await post('/offices', { officeId: 'WAS', name: 'Washington Field Office' }, auth.admin);
    await post(
      '/officers',
      { officerId: 'WAS-ND-001', officeId: 'WAS', displayName: 'N', unit: 'NON_DETAINED' },
      auth.admin,
    );
    caseId = await openDetainedCase(post, { officeId: 'WAS', officerId: 'WAS-ND-001', subject: SUBJECT });
    // The first check-in is due in a second, with no grace: the scheduler records the miss.
    await releaseWithFirstCheckInDue(post, caseId, 1_000);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([caseEvents, missedCheckIns].map((reader) => reader?.stop()));
    await Promise.all(apps.map((app) => app.stop()));
    await db?.destroy();
    await database?.drop();
  }, 30_000);

  async function post(path: string, body: unknown, headers: Record<string, string> = auth.officer) {
    const response = await postJson<{ caseId: string }>(`${baseUrl}${path}`, body, headers);
    if (response.status >= 300)
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async function subjectShown(): Promise<SubjectIdentity> {
    const response = await fetch(`${baseUrl}/cases/${caseId}/events`, { headers: auth.supervisor });
    const { items } = (await response.json()) as {
      items: { type: string; data: { subject: SubjectIdentity } }[];
    };
    return items[0].data.subject;
  }

  /** The CaseOpened message of the case, as case-events.v1 carries it. */
  const openedOnTopic = () =>
    eventually(() => {
      const message = caseEvents.messages.find((m) => m.key === caseId && m.value?.includes('"CaseOpened"'));
      if (!message?.value) throw new Error('CaseOpened not on the topic yet');
      return JSON.parse(message.value) as CaseEventMessage;
    });

  it('puts only encrypted personal fields on case-events.v1', async () => {
    const opened = await openedOnTopic();
    const wire = JSON.stringify(opened);
    for (const value of PERSONAL_VALUES) expect(wire).not.toContain(value);
    expect((opened.data as { subject: SubjectIdentity }).subject.aNumber).toMatch(/^enc:v1:/);
  });

  it('raises the missed check-in alert with ids only', async () => {
    const alerts = await eventually(() => {
      const forCase = missedCheckIns.messages.filter((message) => message.key === caseId);
      expect(forCase.length).toBeGreaterThan(0);
      return forCase;
    }, 20_000);
    for (const alert of alerts) {
      expect(findPersonalData('alert', alert.value ?? '')).toEqual([]);
      for (const value of PERSONAL_VALUES) expect(alert.value).not.toContain(value);
    }
  });

  it('shows the subject to a supervisor of the office until the record is sealed, then nowhere', async () => {
    expect(await subjectShown()).toEqual(SUBJECT);

    const sealed = await postJson(`${baseUrl}/cases/${caseId}/personal-data/seal`, {}, auth.admin);
    expect(sealed).toEqual({ status: 200, body: { caseId, sealed: true } });

    expect(await subjectShown()).toEqual({
      givenName: SEALED,
      familyName: SEALED,
      aNumber: SEALED,
      dateOfBirth: SEALED,
      countryOfCitizenship: 'GT',
    });
    // The copy already published cannot be read either: its key is gone.
    const opened = await openedOnTopic();
    const vault = new PersonalDataVault(loadConfig({}).personalDataKey);
    const [fromTopic] = (await vault.reveal(db.manager, caseId, [
      toCaseEvent({ type: opened.eventType, schemaVersion: opened.schemaVersion, data: opened.data }),
    ])) as Extract<CaseEvent, { type: 'CaseOpened' }>[];
    expect(fromTopic.data.subject).toMatchObject({ givenName: SEALED, aNumber: SEALED });
    const apiOutput = apps.map((app) => app.output()).join('\n');
    for (const value of PERSONAL_VALUES) expect(apiOutput).not.toContain(value);
  });
});
