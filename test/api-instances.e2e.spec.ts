import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import {
  appScript,
  bearerHeaders,
  eventually,
  freePort,
  officeCallers,
  postJson,
  prepareSystem,
  startAppProcess,
  startNodeProcess,
  type AppProcess,
  type OfficeCaller,
  type TestDatabase,
} from '@casetrail/testing';

const RATE_LIMIT = 40;

const SUBJECT = {
  givenName: 'Ana',
  familyName: 'Example',
  aNumber: 'A123456789',
  dateOfBirth: '1990-01-31',
  countryOfCitizenship: 'MX',
};

/**
 * Two api instances on one database and broker, as API_INSTANCES runs them: what one instance
 * knows (live updates, a request's idempotency key, a caller's rate limit) holds on the other.
 * Two processes on their own ports here, so that each request goes to the instance the test means.
 */
describe('several api instances', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let apps: AppProcess[] = [];
  let urls: [string, string];
  let auth: Record<OfficeCaller, Record<string, string>>;
  let db: Client;

  beforeAll(async () => {
    auth = await officeCallers('WAS');
    ({ database, env } = await prepareSystem({ RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }));
    apps.push(await startAppProcess('relay', env));
    const ports = [await freePort(), await freePort()];
    apps.push(
      ...(await Promise.all([
        startAppProcess('projector', env),
        ...ports.map((port) => startAppProcess('api', { ...env, PORT: String(port) })),
      ])),
    );
    urls = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`];
    db = new Client({ connectionString: database.url });
    await db.connect();
    await postJson(`${urls[0]}/offices`, { officeId: 'WAS', name: 'Washington Field Office' }, auth.admin);
    for (const officerId of ['WAS-ND-001', 'WAS-ND-002', 'WAS-ND-003'])
      await postJson(
        `${urls[1]}/officers`,
        { officerId, officeId: 'WAS', displayName: officerId, unit: 'NON_DETAINED' },
        auth.admin,
      );
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all(apps.map((app) => app.stop()));
    apps = [];
    await database?.drop();
  }, 30_000);

  const openCase = (url: string, officerId: string, headers: Record<string, string> = {}) =>
    postJson<{ caseId: string }>(
      `${url}/cases`,
      { officeId: 'WAS', officerId, subject: SUBJECT, openedAt: '2026-11-20T09:00:00Z' },
      { ...auth.officer, ...headers },
    );

  /** Opens a live stream; `received` reads it until `seen` matches what arrived, and answers it all. */
  const watch = async (url: string, seen: RegExp, abort: AbortController) => {
    const response = await fetch(`${url}/stream/caseloads`, {
      headers: auth.supervisor,
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();

    const received = (async () => {
      let text = '';
      while (!seen.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      return text;
    })();
    return { received };
  };

  it('pushes the projector’s change to live clients of every instance', async () => {
    const abort = new AbortController();
    const update = /"officerId":"WAS-ND-002","pending":1/;
    const streams = await Promise.all(urls.map((url) => watch(url, update, abort)));
    expect((await openCase(urls[0], 'WAS-ND-002')).status).toBe(201);
    const received = await Promise.race([
      Promise.all(streams.map((stream) => stream.received)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no live update')), 15_000)),
    ]).finally(() => abort.abort());
    for (const text of received) expect(text).toMatch(update);
  }, 30_000);

  it('answers one Idempotency-Key sent to both instances at once with one effect and one answer', async () => {
    const key = `instances-${Date.now()}`;
    const [first, second] = await Promise.all(
      urls.map((url) => openCase(url, 'WAS-ND-003', { 'Idempotency-Key': key })),
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.caseId).toBe(first.body.caseId);
    const { rows } = await db.query<{ count: string }>(
      `SELECT count(*) FROM events WHERE event_type = 'CaseOpened' AND data->>'officerId' = 'WAS-ND-003'`,
    );
    expect(Number(rows[0].count)).toBe(1);
  }, 30_000);

  it('refuses a caller on one instance for what it sent to the other', async () => {
    const caller = await bearerHeaders({ sub: 'WAS-SUP-009', role: 'SUPERVISOR', offices: ['WAS'] });
    const get = (url: string) => fetch(`${url}/caseloads/officers?officeId=WAS`, { headers: caller });
    for (let i = 0; i < RATE_LIMIT; i += 1) expect((await get(urls[1])).status).toBe(200);
    expect((await get(urls[1])).status).toBe(429);

    // Counted apart, the first instance would answer this caller RATE_LIMIT more times; shared, it
    // hears of the other's count within two sync intervals and refuses.
    let admitted = 0;
    await eventually(
      async () => {
        const response = await get(urls[0]);
        if (response.status === 200) admitted += 1;
        expect(response.status).toBe(429);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      },
      15_000,
      300,
    );
    expect(admitted).toBeLessThan(RATE_LIMIT / 2);
  }, 30_000);

  it('runs API_INSTANCES processes on one port, says which in its logs, and stops them all', async () => {
    const port = await freePort();
    const cluster = await startNodeProcess(
      'api',
      appScript('api'),
      /all 2 api instances listening/,
      { env: { ...env, PORT: String(port), API_INSTANCES: '2' } },
      { timeoutMs: 60_000 },
    );
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
    expect(ready.status).toBe(200);
    const lines = cluster.output().split('\n');
    const listening = lines.filter(
      (line) => line.includes('listening on port') && line.includes('"instance"'),
    );
    expect(new Set(listening.map((line) => (JSON.parse(line) as { instance: unknown }).instance))).toEqual(
      new Set(['primary', 1, 2]),
    );
    const { pids } = JSON.parse(lines.find((line) => line.includes('all 2 api instances'))!) as {
      pids: number[];
    };
    expect(pids).toHaveLength(2);

    await cluster.stop();
    expect(await cluster.exited).toEqual({ code: 0, signal: null });
    for (const pid of pids) expect(isRunning(pid)).toBe(false);
  }, 90_000);
});

function isRunning(pid: number): boolean {
  try {
    // A zombie still answers signal 0; its state in /proc says it is gone.
    return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) && process.kill(pid, 0);
  } catch {
    return false;
  }
}
