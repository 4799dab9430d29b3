import { countEvents, startApi, validOpenCaseBody, http, type ApiTestContext } from '@api/api.test-kit';

describe('POST /cases/:caseId/detentions', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  async function openCase(): Promise<string> {
    const response = await http(api).post('/cases').send(validOpenCaseBody()).expect(201);
    return (response.body as { caseId: string }).caseId;
  }

  const booking = { facilityId: 'FAC-1', bookedInAt: '2026-11-21T10:00:00Z' };

  it('books a detention as version 2 with the risk classification due five days later', async () => {
    const caseId = await openCase();
    const response = await http(api).post(`/cases/${caseId}/detentions`).send(booking).expect(201);

    expect(response.headers.etag).toBe('"2"');
    const [row]: { data: Record<string, string> }[] = await api.db.query(
      `SELECT data FROM events WHERE stream_id = $1 AND event_type = 'DetentionBooked'`,
      [caseId],
    );
    expect(row.data.riskClassificationDueAt).toBe('2026-11-26T10:00:00.000Z');
  });

  it('answers 404 for a case that does not exist', async () => {
    const response = await http(api)
      .post('/cases/8d8f7b5e-0000-4000-8000-000000000000/detentions')
      .send(booking)
      .expect(404);
    expect(response.body).toMatchObject({ code: 'CASE.NOT_FOUND' });
  });

  it('answers 400 for a case id that is not a UUID', async () => {
    const response = await http(api).post('/cases/not-a-uuid/detentions').send(booking).expect(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.INVALID' });
  });

  it('refuses a second booking of a detained subject with 422 and stores nothing', async () => {
    const caseId = await openCase();
    await http(api).post(`/cases/${caseId}/detentions`).send(booking).expect(201);
    const before = await countEvents(api.db);
    const response = await http(api).post(`/cases/${caseId}/detentions`).send(booking).expect(422);
    expect(response.body).toMatchObject({ code: 'CASE.ALREADY_DETAINED' });
    expect(await countEvents(api.db)).toBe(before);
  });

  describe('with If-Match', () => {
    it('answers 412 when the case has moved past the given version', async () => {
      const caseId = await openCase();
      const response = await http(api)
        .post(`/cases/${caseId}/detentions`)
        .set('If-Match', '"7"')
        .send(booking)
        .expect(412);
      expect(response.body).toMatchObject({ code: 'CASE.VERSION_MISMATCH' });
    });

    it('lets exactly one of two concurrent requests with the same version through', async () => {
      const caseId = await openCase();
      const attempt = () =>
        http(api).post(`/cases/${caseId}/detentions`).set('If-Match', '"1"').send(booking);
      const statuses = (await Promise.all([attempt(), attempt()])).map((response) => response.status).sort();

      expect(statuses).toEqual([201, 412]);
      const [{ count }]: { count: string }[] = await api.db.query(
        `SELECT count(*) FROM events WHERE stream_id = $1 AND event_type = 'DetentionBooked'`,
        [caseId],
      );
      expect(Number(count)).toBe(1);
    });

    it('answers 400 for an If-Match that is not a version', async () => {
      const caseId = await openCase();
      await http(api)
        .post(`/cases/${caseId}/detentions`)
        .set('If-Match', 'yesterday')
        .send(booking)
        .expect(400);
    });
  });
});
