import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import {
  countEvents,
  http,
  openCase,
  startApi,
  validCheckInBody,
  validReassignmentBody,
  type ApiTestContext,
} from '@api/api.test-kit';

describe('a write to a case the caller may not see', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  /** What the caller learns: the status and the problem body, its case id masked. */
  const answerOf = (caseId: string, response: Response) => ({
    status: response.status,
    body: JSON.parse(JSON.stringify(response.body).replaceAll(caseId, ':caseId')) as unknown,
  });

  const HEADER_VARIANTS: Record<string, Record<string, string>> = {
    'no headers': {},
    'If-Match of a version it might be at': { 'If-Match': '"1"' },
    'If-Match of a version it is not at': { 'If-Match': '"7"' },
    'an Idempotency-Key': { 'Idempotency-Key': 'existence-probe' },
  };

  it.each(Object.entries(HEADER_VARIANTS))(
    'answers a case of another office exactly as a missing case, with %s',
    async (_variant, headers) => {
      const otherOfficeCase = await openCase(api);
      const missingCase = randomUUID();
      const before = await countEvents(api.db);
      const reassign = (caseId: string) =>
        http(api, 'supervisorOfSea')
          .post(`/cases/${caseId}/reassignments`)
          .set({ ...headers, 'X-Correlation-Id': 'existence-probe' })
          .send(validReassignmentBody());

      const otherOffice = answerOf(otherOfficeCase, await reassign(otherOfficeCase));
      const missing = answerOf(missingCase, await reassign(missingCase));

      expect(missing).toEqual(otherOffice);
      expect(missing).toMatchObject({ status: 404, body: { code: 'CASE.NOT_FOUND' } });
      expect(await countEvents(api.db)).toBe(before);
    },
  );

  it('answers a missing case with 404, not 412, whatever If-Match says', async () => {
    const response = await http(api)
      .post(`/cases/${randomUUID()}/check-ins`)
      .set('If-Match', '"3"')
      .send(validCheckInBody());
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'CASE.NOT_FOUND' });
  });
});
