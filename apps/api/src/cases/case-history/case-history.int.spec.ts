import { startApi, validOpenCaseBody, http, type ApiTestContext } from '@api/api.test-kit';

describe('GET /cases/:caseId and /cases/:caseId/events', () => {
  let api: ApiTestContext;
  let caseId: string;
  let openedRecordedAt: string;

  beforeAll(async () => {
    api = await startApi();
    const opened = await http(api)
      .post('/cases')
      .set('X-Correlation-Id', 'history-1')
      .send(validOpenCaseBody())
      .expect(201);
    caseId = (opened.body as { caseId: string }).caseId;
    const [row]: { recorded_at: Date }[] = await api.db.query(
      'SELECT recorded_at FROM events WHERE stream_id = $1',
      [caseId],
    );
    openedRecordedAt = row.recorded_at.toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await http(api)
      .post(`/cases/${caseId}/detentions`)
      .send({ facilityId: 'FAC-1', bookedInAt: '2026-11-21T10:00:00Z' })
      .expect(201);
  });

  afterAll(async () => {
    await api.close();
  });

  it('lists the case’s events in order with their metadata', async () => {
    const response = await http(api).get(`/cases/${caseId}/events`).expect(200);
    const { items } = response.body as { items: Record<string, unknown>[] };
    expect(items.map((item) => [item.type, item.streamVersion])).toEqual([
      ['CaseOpened', 1],
      ['DetentionBooked', 2],
    ]);
    expect(items[0]).toMatchObject({
      schemaVersion: 1,
      occurredAt: '2026-11-20T09:00:00.000Z',
      actor: { userId: 'officer-7', role: 'OFFICER' },
      correlationId: 'history-1',
      causationId: null,
    });
  });

  it('answers the current state with its version', async () => {
    const response = await http(api).get(`/cases/${caseId}`).expect(200);
    expect(response.body).toMatchObject({ caseId, version: 2, asOf: null, state: { docket: 'DETAINED' } });
  });

  it('answers the state as it was known at a past time', async () => {
    const response = await http(api)
      .get(`/cases/${caseId}?asOf=${encodeURIComponent(openedRecordedAt)}`)
      .expect(200);
    expect(response.body).toMatchObject({ version: 1, state: { docket: 'PENDING' } });
  });

  it('answers 404 before the case existed and for an unknown case', async () => {
    await http(api).get(`/cases/${caseId}?asOf=2000-01-01T00:00:00Z`).expect(404);
    const response = await http(api).get('/cases/8d8f7b5e-0000-4000-8000-000000000000/events').expect(404);
    expect(response.body).toMatchObject({ code: 'CASE.NOT_FOUND' });
  });

  it('answers 400 for an asOf that is not a time', async () => {
    const response = await http(api).get(`/cases/${caseId}?asOf=yesterday`).expect(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'asOf' }] });
  });
});
