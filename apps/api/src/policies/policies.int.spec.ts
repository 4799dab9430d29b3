import { DataSource } from 'typeorm';
import { PolicyBook, SEED_RATIONALE, SystemClock } from '@casetrail/case-commands';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { POLICY_STREAM_ID, type PolicyVersion } from '@casetrail/domain';
import { PostgresEventStore } from '@casetrail/event-store';
import { createTestDatabase } from '@casetrail/testing';
import {
  countEvents,
  http,
  openCase,
  startApi,
  validBookingBody,
  validPolicyBody,
  type ApiTestContext,
} from '@api/api.test-kit';

const HOUR = 60 * 60 * 1000;
/** The RCA window the api is configured with: what version 1 is seeded from. */
const CONFIGURED_RCA_WINDOW_MS = 3 * HOUR;

describe('policies', () => {
  let api: ApiTestContext;
  const policyEvents = async () =>
    (
      (await api.db.query(`SELECT count(*)::int AS count FROM events WHERE stream_id = $1`, [
        POLICY_STREAM_ID,
      ])) as {
        count: number;
      }[]
    )[0].count;
  const history = async () =>
    (await http(api, 'oversight').get('/policies/history').expect(200)).body as { items: PolicyVersion[] };

  beforeAll(async () => {
    api = await startApi({ RCA_WINDOW_MS: String(CONFIGURED_RCA_WINDOW_MS) });
  });

  afterAll(async () => {
    await api.close();
  });

  describe('on a fresh database', () => {
    it('has version 1 from the configuration, published by the system, in effect now', async () => {
      const response = await http(api, 'officer').get('/policies/current').expect(200);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({
        version: 1,
        rationale: SEED_RATIONALE,
        publishedBy: { userId: 'system:configuration' },
        policy: { riskClassificationWindowMs: CONFIGURED_RCA_WINDOW_MS },
      });
    });

    it('decides under version 1: a booking gets the configured RCA window and names the version', async () => {
      const caseId = await openCase(api);
      await http(api).post(`/cases/${caseId}/detentions`).send(validBookingBody()).expect(201);
      const [row]: {
        data: { bookedInAt: string; riskClassificationDueAt: string };
        metadata: { policyVersion: number };
      }[] = await api.db.query(
        `SELECT data, metadata FROM events WHERE stream_id = $1 AND event_type = 'DetentionBooked'`,
        [caseId],
      );
      expect(row.metadata.policyVersion).toBe(1);
      expect(Date.parse(row.data.riskClassificationDueAt) - Date.parse(row.data.bookedInAt)).toBe(
        CONFIGURED_RCA_WINDOW_MS,
      );
    });
  });

  describe('publishing', () => {
    it('publishes a whole new version with who, when and why; it is not in effect before its time', async () => {
      const body = validPolicyBody({ riskClassificationWindowMs: 2 * HOUR });
      const response = await http(api, 'policyAdmin').post('/policies').send(body).expect(201);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toMatchObject({
        version: 2,
        effectiveFrom: body.effectiveFrom,
        rationale: body.rationale,
        publishedBy: { userId: 'policy-admin-1', role: 'POLICY_ADMIN' },
        policy: body.policy,
      });
      expect((await history()).items.map((version) => version.version)).toEqual([1, 2]);
      expect((await http(api, 'supervisor').get('/policies/current').expect(200)).body).toMatchObject({
        version: 1,
      });
    });

    it('refuses an incomplete or insane document with 400, naming each field, and stores nothing', async () => {
      const before = await countEvents(api.db);
      const { policy, ...rest } = validPolicyBody({
        riskClassificationWindowMs: -5,
        overrideReasonCodes: [],
      });
      const { narrativeMinLength: _left, ...incomplete } = policy;
      const response = await http(api, 'policyAdmin')
        .post('/policies')
        .send({ ...rest, policy: incomplete })
        .expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'POLICY.INVALID' });
      expect((response.body as { errors: { field: string }[] }).errors.map((error) => error.field)).toEqual([
        'policy.riskClassificationWindowMs',
        'policy.narrativeMinLength',
        'policy.overrideReasonCodes',
      ]);
      expect(await countEvents(api.db)).toBe(before);
    });

    it('refuses an effectiveFrom in the past and a short rationale with 422', async () => {
      const past = validPolicyBody({}, new Date(Date.now() - HOUR).toISOString());
      const late = await http(api, 'policyAdmin').post('/policies').send(past).expect(422);
      expect(late.body).toMatchObject({ code: 'POLICY.EFFECTIVE_IN_PAST' });
      const terse = await http(api, 'policyAdmin')
        .post('/policies')
        .send({ ...validPolicyBody(), rationale: 'because' })
        .expect(422);
      expect(terse.body).toMatchObject({ code: 'POLICY.RATIONALE_TOO_SHORT' });
    });

    it('refuses a body without a policy with 400', async () => {
      const { policy: _policy, ...body } = validPolicyBody();
      const response = await http(api, 'policyAdmin').post('/policies').send(body).expect(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.INVALID' });
    });

    it('lets one of two publishes over the same version win; the other answers 412 and stores nothing', async () => {
      const seen = (await http(api, 'policyAdmin').get('/policies/history').expect(200)).headers
        .etag as string;
      const before = await policyEvents();
      const publish = (windowMs: number) =>
        http(api, 'policyAdmin')
          .post('/policies')
          .set('If-Match', seen)
          .send(validPolicyBody({ riskClassificationWindowMs: windowMs }));
      const answers = await Promise.all([publish(HOUR), publish(4 * HOUR)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 412]);
      expect(answers.find((answer) => answer.status === 412)?.body).toMatchObject({
        code: 'POLICY.VERSION_MISMATCH',
      });
      expect(await policyEvents()).toBe(before + 1);
    });

    it('answers a retry with the same Idempotency-Key with the first answer and publishes once', async () => {
      const body = validPolicyBody({ narrativeMinLength: 120 });
      const first = await http(api, 'policyAdmin')
        .post('/policies')
        .set('Idempotency-Key', 'publish-120')
        .send(body)
        .expect(201);
      const before = await policyEvents();
      const again = await http(api, 'policyAdmin')
        .post('/policies')
        .set('Idempotency-Key', 'publish-120')
        .send(body)
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await policyEvents()).toBe(before);
    });

    it('lets no other role publish', async () => {
      for (const role of ['officer', 'supervisor', 'oversight', 'admin'] as const) {
        const response = await http(api, role).post('/policies').send(validPolicyBody()).expect(403);
        expect(response.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
      }
    });

    it('leaves an audit record of the publish, written with its event', async () => {
      const published = await http(api, 'policyAdmin')
        .post('/policies')
        .set('X-Correlation-Id', 'policy-audit-1')
        .send(validPolicyBody())
        .expect(201);
      expect(published.status).toBe(201);
      const rows: { record: string }[] = await api.db.query(
        `SELECT record FROM audit_unchained WHERE (record::jsonb) ->> 'correlationId' = 'policy-audit-1'
         UNION ALL SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = 'policy-audit-1'`,
      );
      expect(rows.map(({ record }) => JSON.parse(record) as Record<string, unknown>)).toContainEqual(
        expect.objectContaining({ command: 'PublishPolicy', outcome: 'ALLOWED', userId: 'policy-admin-1' }),
      );
    });
  });
});

describe('seeding the policy from the configuration', () => {
  it('publishes version 1 exactly once when several processes start together', async () => {
    const database = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: database.url });
    const sources = await Promise.all(
      [1, 2, 3, 4].map(() => new DataSource(dataSourceOptions(database.url)).initialize()),
    );
    try {
      const books = sources.map(
        (source) => new PolicyBook(source, new PostgresEventStore(source), new SystemClock(), config),
      );
      await Promise.all(books.map((book) => book.seedFromConfig()));
      for (const book of books) expect(book.history().map((version) => version.version)).toEqual([1]);
      await books[0].seedFromConfig();
      expect((await books[0].refresh()).map((version) => version.rationale)).toEqual([SEED_RATIONALE]);
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
      await database.drop();
    }
  });
});
