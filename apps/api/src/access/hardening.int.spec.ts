import { anonymousHttp, http, startApi, type ApiTestContext } from '@api/api.test-kit';

describe('the api’s defences', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '8' });
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

  it('answers a client over its rate limit with 429 and a problem, never a stack trace', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await http(api).get('/alerts')).status);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    const limited = await http(api).get('/alerts').expect(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'REQUEST.RATE_LIMITED' });
    expect(JSON.stringify(limited.body)).not.toMatch(/at \w+ \(|\.ts:\d+/);
  });
});
