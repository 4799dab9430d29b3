import { PostgresAuditTrail } from '@casetrail/audit';
import { SNAPSHOT_EVERY } from '@casetrail/case-commands';
import { eventually, recordDatabaseRoundTrips } from '@casetrail/testing';
import {
  http,
  openSupervisedCase,
  startApi,
  validCheckInBody,
  validOpenCaseBody,
  type ApiTestContext,
} from '@api/api.test-kit';

/**
 * What one command costs in database round trips through the whole api (token, validation, office
 * scope, roster, idempotency, audit record, outbox): every statement it sends, BEGIN and COMMIT
 * included, up to its wake-up call to the relay (coalesced across commands in flight, so under load
 * less than one a command). Chaining the commands' audit records is one batch for every request of
 * its interval, after the answer, and is not counted here; nor is the shared rate limit's sync.
 */
const MAX_ROUND_TRIPS = 3;

describe('database round trips of a command', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  async function statementsOf(send: () => Promise<unknown>): Promise<string[]> {
    // The previous request's audit chaining runs now, not in the middle of this one.
    await api.app.get(PostgresAuditTrail).flush();
    const recording = recordDatabaseRoundTrips();
    try {
      await send();
      return await eventually(() => {
        const signal = recording.statements.findIndex((statement) => statement.includes('pg_notify'));
        if (signal < 0) throw new Error(`the relay was never signalled:\n${recording.statements.join('\n')}`);
        // The shared rate limit syncs on a timer (RATE_LIMIT_SYNC_MS), and the audit chaining runs
        // after answers, for every request of their interval at once: not round trips of this
        // command, though on a busy machine they may land before its wake-up call.
        return withoutAuditChaining(recording.statements.slice(0, signal + 1)).filter(
          (statement) => !statement.includes('rate_limit_hits'),
        );
      });
    } finally {
      recording.stop();
    }
  }

  const checkIn = (caseId: string, headers: Record<string, string> = {}) =>
    http(api).post(`/cases/${caseId}/check-ins`).set(headers).send(validCheckInBody()).expect(201);

  it.each([
    ['without headers', () => ({})],
    [
      'with If-Match and an Idempotency-Key',
      (etag: string) => ({ 'If-Match': etag, 'Idempotency-Key': etag }),
    ],
  ])(`records a check-in in at most ${MAX_ROUND_TRIPS}, %s`, async (_variant, headersAfter) => {
    const caseId = await openSupervisedCase(api);
    // The first check-in warms the pool: opening connections is not a command's cost.
    const { headers } = await checkIn(caseId);

    const statements = await statementsOf(() =>
      checkIn(caseId, headersAfter(`"${String(headers.etag).replaceAll('"', '')}"`)),
    );

    expect(statements.some((statement) => statement.includes('INSERT INTO events'))).toBe(true);
    // Above the limit, the failure lists every statement.
    expect(statements.length > MAX_ROUND_TRIPS ? statements : []).toEqual([]);
  });

  it(`takes a case's snapshot with the check-in that crosses ${SNAPSHOT_EVERY} events, in at most ${MAX_ROUND_TRIPS}`, async () => {
    const caseId = await openSupervisedCase(api);
    let version = Number(String((await checkIn(caseId)).headers.etag).replaceAll('"', ''));
    while (version < SNAPSHOT_EVERY - 1)
      version = Number(String((await checkIn(caseId)).headers.etag).replaceAll('"', ''));

    const statements = await statementsOf(() => checkIn(caseId));
    const snapshots: { stream_version: number }[] = await api.db.query(
      'SELECT stream_version FROM case_snapshots WHERE case_id = $1',
      [caseId],
    );
    const { headers } = await checkIn(caseId);

    expect(statements.length > MAX_ROUND_TRIPS ? statements : []).toEqual([]);
    expect(snapshots).toEqual([{ stream_version: SNAPSHOT_EVERY }]);
    // The next command reads the snapshot and the event after it.
    expect(headers.etag).toBe(`"${SNAPSHOT_EVERY + 1}"`);
    // A hundred check-ins one after another: more than jest's 5 s on a busy machine.
  }, 60_000);

  it.each([
    ['without headers', {}],
    ['with an Idempotency-Key', { 'Idempotency-Key': 'open-case-round-trips' }],
  ])(`opens a case in at most ${MAX_ROUND_TRIPS}, %s`, async (_variant, headers: Record<string, string>) => {
    await http(api).post('/cases').send(validOpenCaseBody()).expect(201);

    const statements = await statementsOf(() =>
      http(api).post('/cases').set(headers).send(validOpenCaseBody()).expect(201),
    );

    expect(statements.some((statement) => statement.includes('INSERT INTO events'))).toBe(true);
    // Above the limit, the failure lists every statement.
    expect(statements.length > MAX_ROUND_TRIPS ? statements : []).toEqual([]);
  });
});

/** The statements without the audit chaining's transaction (its BEGIN to its COMMIT). */
function withoutAuditChaining(statements: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < statements.length; index += 1) {
    const end = statements.indexOf('COMMIT', index);
    const chaining =
      statements[index] === 'START TRANSACTION' &&
      end > index &&
      statements.slice(index + 1, end).some((statement) => statement.includes('audit_chain_head'));
    if (chaining) index = end;
    else kept.push(statements[index]);
  }
  return kept;
}
