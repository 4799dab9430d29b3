import { TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import { KafkaMessageBroker } from '@casetrail/messaging';
import { DAY_MS } from '@casetrail/domain';
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

/**
 * The four processes as production runs them, on the real Postgres and the real broker: a command
 * goes api → event store + outbox → relay → case-events.v1 → projector → read model → api.
 */
describe('walking skeleton', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let topicPrefix: string;
  let api: AppProcess;
  let relay: AppProcess | undefined;
  let projector: AppProcess;
  let scheduler: AppProcess;
  let reader: TopicReader;
  let baseUrl: string;
  let auth: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    auth = await officeCallers('WAS');
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem());
    // The relay creates the topics; it must come up before anything reads them.
    relay = await startAppProcess('relay', env);
    [api, projector, scheduler] = await Promise.all([
      startAppProcess('api', env),
      startAppProcess('projector', env),
      startAppProcess('scheduler', env),
    ]);
    reader = await new TopicReader(topicPrefix, TOPICS.caseEvents).start();
    await post('/offices', { officeId: 'WAS', name: 'Washington Field Office' });
    for (const officerId of ['WAS-DET-001', 'WAS-DET-002']) {
      await post('/officers', { officerId, officeId: 'WAS', displayName: officerId, unit: 'DETAINED' });
    }
  }, 90_000);

  afterAll(async () => {
    await reader?.stop();
    await Promise.all([api, relay, projector, scheduler].map((app) => app?.stop()));
    await database?.drop();
  }, 30_000);

  // The roster is the administrator's; cases are the officer's.
  const post = (path: string, body: unknown) =>
    postJson<{ caseId: string; version: number }>(
      `${baseUrl}${path}`,
      body,
      path.startsWith('/cases') ? auth.officer : auth.admin,
    );

  const openCase = (officerId: string) =>
    post('/cases', {
      officeId: 'WAS',
      officerId,
      subject: {
        givenName: 'Ana',
        familyName: 'Example',
        aNumber: 'A123456789',
        dateOfBirth: '1990-01-31',
        countryOfCitizenship: 'MX',
      },
      openedAt: new Date(Date.now() - 2 * DAY_MS).toISOString(),
    });

  const detainedCount = async (officerId: string) => {
    const response = await fetch(`${baseUrl}/caseloads/officers?officeId=WAS`, { headers: auth.supervisor });
    const { items } = (await response.json()) as { items: { officerId: string; detained: number }[] };
    return items.find((item) => item.officerId === officerId)?.detained ?? 0;
  };

  it('shows a booked detention in the officer caseload and both events on the topic, keyed by case', async () => {
    const opened = await openCase('WAS-DET-001');
    expect(opened.status).toBe(201);
    const booked = await post(`/cases/${opened.body.caseId}/detentions`, {
      facilityId: 'FAC-1',
      // Booked a day ago: its risk classification is days from due, so the scheduler adds no third event.
      bookedInAt: new Date(Date.now() - DAY_MS).toISOString(),
    });
    expect(booked.status).toBe(201);

    await eventually(async () => expect(await detainedCount('WAS-DET-001')).toBe(1), 2_000, 50);

    const messages = await eventually(() => {
      const forCase = reader.messages.filter((message) => message.key === opened.body.caseId);
      expect(forCase).toHaveLength(2);
      return forCase;
    });
    const payloads = messages.map((message) => JSON.parse(message.value ?? '') as CaseEventMessage);
    expect(payloads.map((payload) => [payload.eventType, payload.streamVersion])).toEqual([
      ['CaseOpened', 1],
      ['DetentionBooked', 2],
    ]);
    expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
    expect(payloads[1]).toMatchObject({ caseId: opened.body.caseId, officeId: 'WAS', schemaVersion: 1 });
    // The first test of the file: its topic reader may still be joining its group when it starts.
  }, 30_000);

  it('publishes what was stored while the relay was down once the relay is back', async () => {
    await relay?.kill();
    relay = undefined;
    const opened = await openCase('WAS-DET-002');
    expect(opened.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reader.messages.filter((message) => message.key === opened.body.caseId)).toHaveLength(0);

    relay = await startAppProcess('relay', env);

    await eventually(() =>
      expect(reader.messages.filter((message) => message.key === opened.body.caseId)).toHaveLength(1),
    );
    await eventually(async () => {
      const response = await fetch(`${baseUrl}/caseloads/officers?officeId=WAS`, {
        headers: auth.supervisor,
      });
      const { items } = (await response.json()) as { items: { officerId: string; pending: number }[] };
      expect(items.find((item) => item.officerId === 'WAS-DET-002')?.pending).toBe(1);
    });
  });

  it('creates its topics with the configured partition count', async () => {
    const broker = new KafkaMessageBroker({ clientId: 'e2e', brokers: ['127.0.0.1:9092'], topicPrefix });
    expect(await broker.partitionCount(TOPICS.caseEvents)).toBe(6);
  });

  it('streams the office caseload over SSE within a second of the command', async () => {
    const abort = new AbortController();
    const stream = await fetch(`${baseUrl}/stream/caseloads`, {
      signal: abort.signal,
      headers: auth.supervisor,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const sawCaseload = (async () => {
      const decoder = new TextDecoder();
      while (!/"officerId":"WAS-DET-003","pending":1/.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
      return Date.now();
    })();

    const sentAt = Date.now();
    await post('/officers', {
      officerId: 'WAS-DET-003',
      officeId: 'WAS',
      displayName: 'Officer 3',
      unit: 'DETAINED',
    });
    const opened = await openCase('WAS-DET-003');
    expect(opened.status).toBe(201);
    const arrivedAt = await sawCaseload;
    abort.abort();

    expect(received).toMatch(
      /event: caseloads\n(id: \d+\n)?data: \{"officeId":"WAS".*"officerId":"WAS-DET-003","pending":1/,
    );
    expect(arrivedAt - sentAt).toBeLessThan(1_000);
  });

  it('answers ready when Postgres and Kafka answer', async () => {
    const response = await fetch(`${baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});
