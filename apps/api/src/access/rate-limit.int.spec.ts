import { anonymousHttp, http, startApi, type ApiTestContext } from '@api/api.test-kit';

const LIMIT = 8;

/** Routes of every kind, so a client cannot spread its requests to stay under the limit. */
const SPREAD = ['/alerts', '/caseloads/offices', '/officers', '/no-such-route'];

describe('the rate limit: RATE_LIMIT_PER_MINUTE per caller, across routes', () => {
  let api: ApiTestContext;

  beforeEach(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });

  afterEach(async () => {
    await api.close();
  });

  it('answers the request past the limit with 429 and Retry-After, whichever routes it went to', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) statuses.push((await http(api).get(SPREAD[i % SPREAD.length])).status);
    expect(statuses.filter((status) => status === 429)).toEqual([]);

    const limited = await http(api).get('/oversight/rca-compliance').expect(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'REQUEST.RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(limited.body)).not.toMatch(/at \w+ \(|\.ts:\d+/);
  });

  it('counts a caller apart from others at the same address', async () => {
    for (let i = 0; i < LIMIT; i += 1) await http(api).get(SPREAD[i % SPREAD.length]);
    expect((await http(api).get('/alerts')).status).toBe(429);
    expect((await http(api, 'supervisor').get('/alerts')).status).toBe(200);
  });

  it('counts requests without a valid token, bodies it cannot parse included, by address', async () => {
    for (let i = 0; i < LIMIT; i += 1) {
      await anonymousHttp(api).post('/cases').set('Content-Type', 'application/json').send('{').expect(400);
    }
    expect((await anonymousHttp(api).get('/alerts')).status).toBe(429);
    const forged = await anonymousHttp(api).get('/alerts').set('Authorization', 'Bearer forged.token.here');
    expect(forged.status).toBe(429);
  });
});
