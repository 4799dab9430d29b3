import { PostgresAuditTrail, verifyAuditChain, type StoredAuditRecord } from '@casetrail/audit';
import {
  anonymousHttp,
  http,
  openCase,
  startApi,
  validBookingBody,
  validCheckInBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('the audit trail', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const recordsOf = async (correlationId: string): Promise<StoredAuditRecord[]> => {
    await api.app.get(PostgresAuditTrail).flushChained(10_000);
    const rows: { record: string }[] = await api.db.query(
      `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = $1 ORDER BY seq`,
      [correlationId],
    );
    return rows.map((row) => JSON.parse(row.record) as StoredAuditRecord);
  };

  it('records a command with who, role, route, command, case, source and outcome', async () => {
    const caseId = await openCase(api);
    await http(api)
      .post(`/cases/${caseId}/check-ins`)
      .set('X-Correlation-Id', 'audit-write-1')
      .send(validCheckInBody());
    expect(await recordsOf('audit-write-1')).toEqual([
      {
        recordedAt: expect.any(String),
        userId: 'officer-7',
        role: 'OFFICER',
        method: 'POST',
        route: '/cases/:caseId/check-ins',
        path: `/cases/${caseId}/check-ins`,
        caseId,
        command: 'RecordCheckIn',
        sourceAddress: expect.stringMatching(/127\.0\.0\.1/),
        // The case is PENDING: the rule refuses the check-in, and the trail says so.
        outcome: 'REFUSED',
        status: 422,
        correlationId: 'audit-write-1',
      },
    ]);
  });

  it('names the command of a write refused before it ran: denied to the role, or its body invalid', async () => {
    const caseId = await openCase(api);
    await http(api, 'supervisor')
      .post(`/cases/${caseId}/check-ins`)
      .set('X-Correlation-Id', 'audit-role-refused')
      .send(validCheckInBody())
      .expect(403);
    await http(api)
      .post(`/cases/${caseId}/check-ins`)
      .set('X-Correlation-Id', 'audit-body-refused')
      .send({ ...validCheckInBody(), method: 'CARRIER_PIGEON' })
      .expect(400);
    expect(await recordsOf('audit-role-refused')).toMatchObject([
      { userId: 'supervisor-9', caseId, command: 'RecordCheckIn', outcome: 'DENIED', status: 403 },
    ]);
    expect(await recordsOf('audit-body-refused')).toMatchObject([
      { userId: 'officer-7', caseId, command: 'RecordCheckIn', outcome: 'REFUSED', status: 400 },
    ]);
  });

  describe('when the api dies before its queued records are written', () => {
    /** The in-memory queue is lost, as a SIGKILL loses it, for what `during` sends. */
    async function withQueueLost(during: () => Promise<unknown>): Promise<void> {
      const queued = jest
        .spyOn(api.app.get(PostgresAuditTrail), 'record')
        .mockImplementation(() => undefined);
      try {
        await during();
      } finally {
        queued.mockRestore();
      }
    }

    it('keeps the record of every acknowledged write: its command wrote it with the events', async () => {
      const caseId = await openCase(api);
      await withQueueLost(() =>
        http(api)
          .post(`/cases/${caseId}/detentions`)
          .set('X-Correlation-Id', 'audit-durable-1')
          .send(validBookingBody())
          .expect(201),
      );
      const stored: { record: string }[] = await api.db.query(
        `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = $1
         UNION ALL SELECT record FROM audit_unchained WHERE (record::jsonb) ->> 'correlationId' = $1`,
        ['audit-durable-1'],
      );
      expect(stored.map((row) => JSON.parse(row.record) as unknown)).toMatchObject([
        {
          userId: 'officer-7',
          route: '/cases/:caseId/detentions',
          caseId,
          command: 'BookDetention',
          outcome: 'ALLOWED',
          status: 201,
        },
      ]);
    });

    it('writes a replayed write’s record once, through the queue, as it appended nothing', async () => {
      const caseId = await openCase(api);
      const book = (correlationId: string) =>
        http(api)
          .post(`/cases/${caseId}/detentions`)
          .set({ 'Idempotency-Key': 'audit-replay', 'X-Correlation-Id': correlationId })
          .send(validBookingBody())
          .expect(201);
      await book('audit-replay-1');
      await book('audit-replay-2');
      expect(await recordsOf('audit-replay-1')).toMatchObject([{ command: 'BookDetention', status: 201 }]);
      expect(await recordsOf('audit-replay-2')).toMatchObject([{ command: 'BookDetention', status: 201 }]);
    });
  });

  it('records every read of a case', async () => {
    const caseId = await openCase(api);
    await http(api, 'supervisor').get(`/cases/${caseId}`).set('X-Correlation-Id', 'audit-read-1').expect(200);
    await http(api, 'oversight')
      .get(`/cases/${caseId}/events`)
      .set('X-Correlation-Id', 'audit-read-2')
      .expect(200);
    expect(await recordsOf('audit-read-1')).toMatchObject([
      { userId: 'supervisor-9', role: 'SUPERVISOR', caseId, outcome: 'ALLOWED', status: 200 },
    ]);
    expect(await recordsOf('audit-read-2')).toMatchObject([
      {
        userId: 'oversight-1',
        role: 'OVERSIGHT',
        caseId,
        route: '/cases/:caseId/events',
        outcome: 'ALLOWED',
      },
    ]);
  });

  it('records denied requests: no token, a role that may not, a case of another office', async () => {
    const caseId = await openCase(api);
    await anonymousHttp(api).get(`/cases/${caseId}`).set('X-Correlation-Id', 'audit-denied-1').expect(401);
    await http(api, 'admin').get(`/cases/${caseId}`).set('X-Correlation-Id', 'audit-denied-2').expect(403);
    await http(api, 'supervisorOfSea')
      .get(`/cases/${caseId}`)
      .set('X-Correlation-Id', 'audit-denied-3')
      .expect(404);
    expect(await recordsOf('audit-denied-1')).toMatchObject([
      { userId: null, outcome: 'DENIED', status: 401 },
    ]);
    expect(await recordsOf('audit-denied-2')).toMatchObject([
      { userId: 'admin-1', outcome: 'DENIED', status: 403 },
    ]);
    expect(await recordsOf('audit-denied-3')).toMatchObject([{ caseId, outcome: 'DENIED', status: 404 }]);
  });

  it('serves the trail to oversight only, newest first, filtered by case', async () => {
    const caseId = await openCase(api);
    await http(api).get(`/cases/${caseId}`).expect(200);
    const response = await http(api, 'oversight').get(`/oversight/audit?caseId=${caseId}`).expect(200);
    const items = (response.body as { items: StoredAuditRecord[] }).items;
    // Opening the case was a POST to /cases, before the case had an id: only the read names it.
    expect(items.map((item) => [item.method, item.route, item.userId])).toEqual([
      ['GET', '/cases/:caseId', 'officer-7'],
    ]);
    await http(api, 'supervisor').get('/oversight/audit').expect(403);
  });

  it.each([
    ['outcome=MAYBE', 'outcome'],
    ['caseId=not-a-case', 'caseId'],
    ['from=yesterday', 'from'],
    ['limit=501', 'limit'],
  ])('refuses the filter %s with a 400 problem naming %s', async (query, field) => {
    const response = await http(api, 'oversight').get(`/oversight/audit?${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'REQUEST.INVALID',
      errors: [expect.objectContaining({ field })],
    });
  });

  it('refuses to change or delete an audit record', async () => {
    await http(api).get('/alerts').expect(200);
    await api.app.get(PostgresAuditTrail).flush();
    await expect(api.db.query(`UPDATE audit_log SET record = '{}' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(api.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(api.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('finds the chain intact after all of the above', async () => {
    await api.app.get(PostgresAuditTrail).flush();
    expect(await verifyAuditChain(api.db)).toMatchObject({ intact: true });
  });
});
