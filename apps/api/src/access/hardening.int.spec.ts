import { randomUUID } from 'node:crypto';
import { PostgresAuditTrail, type AuditRecord } from '@casetrail/audit';
import {
  anonymousHttp,
  countEvents,
  http,
  openDetainedCase,
  startApi,
  validBookingBody,
  validOpenCaseBody,
  type ApiTestContext,
} from '@api/api.test-kit';

/** The audit records of requests sent with `correlationId`. */
async function auditedAs(api: ApiTestContext, correlationId: string): Promise<AuditRecord[]> {
  await api.app.get(PostgresAuditTrail).flush();
  const rows: { record: string }[] = await api.db.query(
    `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = $1`,
    [correlationId],
  );
  return rows.map(({ record }) => JSON.parse(record) as AuditRecord);
}

/** `levels` arrays inside each other, about two bytes a level. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

const LIST_ROUTES = [
  '/caseloads/offices',
  '/caseloads/officers?officeId=WAS',
  '/officers/WAS-ND-001/docket',
  '/alerts',
  '/oversight/release-overrides',
  '/oversight/rca-compliance',
  '/oversight/detainers',
  '/oversight/audit',
  '/officers',
];

describe('the api’s defences', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('sends the browser security headers and no X-Powered-By', async () => {
    const response = await http(api).get('/alerts').expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers).not.toHaveProperty('x-powered-by');
  });

  it('allows no other origin: a preflight gets no CORS grant', async () => {
    const response = await anonymousHttp(api)
      .options('/cases')
      .set('Origin', 'https://elsewhere.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
  });

  it('refuses a body over 64 kB with 413 before reading it as a command', async () => {
    const response = await http(api)
      .post('/cases')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ padding: 'x'.repeat(70_000) }));
    expect({ status: response.status, code: (response.body as { code: string }).code }).toEqual({
      status: 413,
      code: 'REQUEST.TOO_LARGE',
    });
  });

  describe('routing', () => {
    let caseId: string;

    beforeAll(async () => {
      caseId = await openDetainedCase(api);
    });

    it.each([
      ['upper-case route', (id: string) => `/CASES/${id}/events`],
      ['capitalised route', (id: string) => `/Cases/${id}`],
      ['trailing slash', (id: string) => `/cases/${id}/events/`],
    ])('answers a path that is not the canonical one (%s) with 404, reaching no handler', async (_, path) => {
      const response = await http(api).get(path(caseId)).expect(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it.each(['/docs', '/docs-json', '/dashboard', '/health/live'])('still serves %s', async (path) => {
      expect((await anonymousHttp(api).get(path)).status).toBe(200);
    });

    it('audits a read under its case id however the id is encoded in the path', async () => {
      const correlationId = `encoded-${randomUUID()}`;
      const encodedFirst = `%${caseId.charCodeAt(0).toString(16)}${caseId.slice(1)}`;
      await http(api).get(`/cases/${encodedFirst}/events`).set('X-Correlation-Id', correlationId).expect(200);

      expect((await auditedAs(api, correlationId)).map((record) => record.caseId)).toEqual([caseId]);
      const trail = await http(api, 'oversight').get(`/oversight/audit?caseId=${caseId}`).expect(200);
      expect((trail.body as { items: AuditRecord[] }).items.map((record) => record.correlationId)).toContain(
        correlationId,
      );
    });
  });

  describe('input that once answered 500', () => {
    it.each(LIST_ROUTES)('refuses an offset past any page on %s with 400', async (route) => {
      const separator = route.includes('?') ? '&' : '?';
      const response = await http(api, 'oversight').get(`${route}${separator}offset=100000000000000000000`);
      expect({ status: response.status, code: (response.body as { code: string }).code }).toEqual({
        status: 400,
        code: 'REQUEST.INVALID',
      });
    });

    it.each(['gzip', 'deflate', 'br'])(
      'refuses a body labelled Content-Encoding: %s with 415, token or not',
      async (encoding) => {
        for (const client of [http(api), anonymousHttp(api)]) {
          const response = await client
            .post('/cases')
            .set('Content-Type', 'application/json')
            .set('Content-Encoding', encoding)
            .send(JSON.stringify(validOpenCaseBody()));
          expect({ status: response.status, code: (response.body as { code: string }).code }).toEqual({
            status: 415,
            code: 'REQUEST.UNSUPPORTED_ENCODING',
          });
        }
      },
    );

    it.each(['2099-W01-1', '20991231T235959Z', '2099-365', '2026-11-22'])(
      'refuses asOf=%s, a form the time validator does not read, with 400',
      async (asOf) => {
        const caseId = await openDetainedCase(api);
        const response = await http(api).get(`/cases/${caseId}?asOf=${asOf}`);
        expect({ status: response.status, code: (response.body as { code: string }).code }).toEqual({
          status: 400,
          code: 'REQUEST.INVALID',
        });
      },
    );

    it('reads a case as of a time with an offset', async () => {
      const caseId = await openDetainedCase(api);
      await http(api).get(`/cases/${caseId}?asOf=2999-01-01T00:00:00%2B01:00`).expect(200);
    });

    it('refuses a body 10,000 levels deep with an Idempotency-Key at parsing, storing nothing', async () => {
      const caseId = await openDetainedCase(api);
      const deep = (body: object) => JSON.stringify(body).replace(/^\{/, `{"deep": ${nested(10_000)},`);
      for (const [path, body] of [
        ['/cases', validOpenCaseBody()],
        [`/cases/${caseId}/detentions`, validBookingBody()],
      ] as const) {
        const before = await countEvents(api.db);
        const response = await http(api)
          .post(path)
          .set('Content-Type', 'application/json')
          .set('Idempotency-Key', randomUUID())
          .send(deep(body));
        expect({ status: response.status, code: (response.body as { code: string }).code }).toEqual({
          status: 400,
          code: 'REQUEST.INVALID',
        });
        expect(await countEvents(api.db)).toBe(before);
      }
    });

    it('still reads a deep string or brackets inside strings as data', async () => {
      const response = await http(api)
        .post('/cases')
        .set('Content-Type', 'application/json')
        .send(
          JSON.stringify({
            ...validOpenCaseBody(),
            subject: { ...validOpenCaseBody().subject, givenName: '[[{{"' },
          }),
        );
      expect(response.status).toBe(201);
    });
  });

  describe('a body that cannot be parsed', () => {
    it('still gets the security headers, its correlation id and an audit record', async () => {
      const correlationId = `unparsable-${randomUUID()}`;
      const response = await http(api)
        .post('/cases')
        .set('Content-Type', 'application/json')
        .set('X-Correlation-Id', correlationId)
        .send('{')
        .expect(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON', correlationId });
      expect(response.headers['x-correlation-id']).toBe(correlationId);
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'strict-transport-security': expect.stringContaining('max-age='),
      });
      expect(await auditedAs(api, correlationId)).toEqual([
        expect.objectContaining({ method: 'POST', path: '/cases', status: 400, outcome: 'REFUSED' }),
      ]);
    });
  });
});
