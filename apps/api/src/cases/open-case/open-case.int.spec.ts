import { countEvents, startApi, validOpenCaseBody, http, type ApiTestContext } from '@api/api.test-kit';

describe('POST /cases', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('opens a case, stores CaseOpened with its metadata and answers with the new version', async () => {
    const response = await http(api)
      .post('/cases')
      .set('X-Correlation-Id', 'corr-123')
      .send(validOpenCaseBody())
      .expect(201);

    const { caseId } = response.body as { caseId: string };
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/cases/${caseId}`);
    const rows: {
      event_type: string;
      stream_version: number;
      metadata: Record<string, unknown>;
      occurred_at: Date;
    }[] = await api.db.query(
      'SELECT event_type, stream_version, metadata, occurred_at FROM events WHERE stream_id = $1',
      [caseId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      event_type: 'CaseOpened',
      stream_version: 1,
      metadata: {
        actor: { userId: 'officer-7', role: 'OFFICER' },
        correlationId: 'corr-123',
        causationId: null,
      },
    });
    expect(rows[0].occurred_at.toISOString()).toBe('2026-11-20T09:00:00.000Z');

    const outbox: { topic: string; message_key: string; payload: Record<string, unknown> }[] =
      await api.db.query('SELECT topic, message_key, payload FROM outbox WHERE message_key = $1', [caseId]);
    expect(outbox).toEqual([
      expect.objectContaining({
        topic: 'case-events.v1',
        message_key: caseId,
        payload: expect.objectContaining({
          eventType: 'CaseOpened',
          caseId,
          streamVersion: 1,
          officeId: 'WAS',
        }),
      }),
    ]);
  });

  describe('with bad input', () => {
    const body = validOpenCaseBody();
    const cases: [string, unknown, string][] = [
      ['a missing field', { ...body, officerId: undefined }, 'officerId'],
      ['an unknown field', { ...body, nickname: 'x' }, 'nickname'],
      ['a wrong type', { ...body, openedAt: 42 }, 'openedAt'],
      ['a nested wrong value', { ...body, subject: { ...body.subject, aNumber: '123' } }, 'subject.aNumber'],
      ['an unknown nested field', { ...body, subject: { ...body.subject, ssn: '1' } }, 'subject.ssn'],
      ['a missing subject', { ...body, subject: undefined }, 'subject'],
      ['a subject that is a list', { ...body, subject: [] }, 'subject'],
      ['a field named like an Object method', { ...body, constructor: { x: 1 } }, 'constructor'],
      ['a time that is not a time', { ...body, openedAt: 'yesterday' }, 'openedAt'],
      ['a time JavaScript cannot read', { ...body, openedAt: '2026-W47-5' }, 'openedAt'],
      ['a time without an offset', { ...body, openedAt: '2026-11-20T09:00:00' }, 'openedAt'],
      [
        'a date of birth as an ISO week',
        { ...body, subject: { ...body.subject, dateOfBirth: '1990-W05-3' } },
        'subject.dateOfBirth',
      ],
    ];

    it.each(cases)(
      'answers 400 with a problem naming the field for %s, storing nothing',
      async (_name, bad, field) => {
        const before = await countEvents(api.db);
        const response = await http(api)
          .post('/cases')
          .send(bad as object)
          .expect(400);

        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 400, code: 'REQUEST.INVALID' });
        expect(
          (response.body as { errors: { field: string }[] }).errors.map((error) => error.field),
        ).toContain(field);
        expect(await countEvents(api.db)).toBe(before);
      },
    );

    it('answers 400 for malformed JSON, storing nothing', async () => {
      const before = await countEvents(api.db);
      const response = await http(api)
        .post('/cases')
        .set('Content-Type', 'application/json')
        .send('{"officeId": "WAS",')
        .expect(400);

      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_JSON' });
      expect(response.body).not.toHaveProperty('stack');
      expect(await countEvents(api.db)).toBe(before);
    });

    it('answers 400 for a body nested too deeply to read, storing nothing', async () => {
      const before = await countEvents(api.db);
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const response = await http(api)
        .post('/cases')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(validOpenCaseBody()).replace(/^\{/, `{"deep": ${deep},`))
        .expect(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.INVALID' });
      expect(await countEvents(api.db)).toBe(before);
    });

    it('refuses an opening time in the future with 422', async () => {
      const response = await http(api)
        .post('/cases')
        .send({ ...validOpenCaseBody(), openedAt: '2999-01-01T00:00:00Z' })
        .expect(422);
      expect(response.body).toMatchObject({ code: 'CASE.TIME_IN_FUTURE' });
    });
  });
});
