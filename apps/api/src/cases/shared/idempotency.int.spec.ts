import {
  countEvents,
  http,
  startApi,
  validOpenCaseBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

describe('Idempotency-Key', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const openCase = (key: string, body: object = validOpenCaseBody(), as: TestCallerName = 'officer') =>
    http(api, as).post('/cases').set('Idempotency-Key', key).send(body);

  it('answers a retried request with the first result and stores one event', async () => {
    const before = await countEvents(api.db);
    const first = await openCase('retry-1').expect(201);
    const retried = await openCase('retry-1').expect(201);

    expect(retried.body).toEqual(first.body);
    expect(retried.headers.etag).toBe(first.headers.etag);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(await countEvents(api.db)).toBe(before + 1);
  });

  it('stores one event when the same request races itself', async () => {
    const before = await countEvents(api.db);
    const responses = await Promise.all([openCase('race-1'), openCase('race-1'), openCase('race-1')]);

    expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((response) => (response.body as { caseId: string }).caseId)).size).toBe(1);
    expect(await countEvents(api.db)).toBe(before + 1);
  });

  it('refuses the same key with a different body with 422, storing nothing', async () => {
    await openCase('reused-1').expect(201);
    const before = await countEvents(api.db);
    const response = await openCase('reused-1', { ...validOpenCaseBody(), officerId: 'WAS-DET-002' }).expect(
      422,
    );

    expect(response.body).toMatchObject({ code: 'REQUEST.IDEMPOTENCY_KEY_REUSED' });
    expect(await countEvents(api.db)).toBe(before);
  });

  it('keeps one caller’s keys apart from another’s', async () => {
    const first = await openCase('shared-key', validOpenCaseBody(), 'officerA').expect(201);
    const second = await openCase('shared-key', validOpenCaseBody(), 'officerB').expect(201);
    expect((second.body as { caseId: string }).caseId).not.toBe((first.body as { caseId: string }).caseId);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const body = validOpenCaseBody();
    const first = await openCase('reordered', body).expect(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retried = await openCase('reordered', reordered).expect(201);
    expect(retried.body).toEqual(first.body);
  });
});
