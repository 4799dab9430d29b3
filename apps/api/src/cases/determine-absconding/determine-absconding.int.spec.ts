import { OVERRIDE_NARRATIVE_MIN_LENGTH } from '@casetrail/domain';
import { PostgresAuditTrail } from '@casetrail/audit';
import {
  AT,
  countEvents,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openSupervisedCase,
  recordMissedCheckIn,
  startApi,
  validAbscondingDeterminationBody,
  validBookingBody,
  validCheckInBody,
  validClosureBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

/** AT.firstCheckInDue + 7 days: the second weekly check-in. */
const SECOND_CHECK_IN_DUE = '2026-11-28T09:00:00.000Z';

describe('POST /cases/:caseId/absconding-determinations', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    // Two misses in a row raise the suspicion here (three by default).
    api = await startApi({ ABSCONDING_CONSECUTIVE_MISSES: '2' });
  });

  afterAll(async () => {
    await api.close();
  });

  const determine = (
    caseId: string,
    body: object = { ...validAbscondingDeterminationBody(), determinedAt: new Date().toISOString() },
    as: TestCallerName = 'supervisor',
  ) => http(api, as).post(`/cases/${caseId}/absconding-determinations`).send(body);

  /** A released subject who missed two check-ins in a row: the second raised the suspicion. */
  async function openSuspectedCase(): Promise<string> {
    const caseId = await openSupervisedCase(api);
    await recordMissedCheckIn(api, caseId);
    await recordMissedCheckIn(api, caseId, SECOND_CHECK_IN_DUE);
    return caseId;
  }

  describe('when a suspicion is open', () => {
    it('was raised with the miss that crossed the threshold', async () => {
      const caseId = await openSuspectedCase();
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'AbscondingSuspected',
        data: {
          caseId,
          alertId: `abs:${caseId}:${SECOND_CHECK_IN_DUE}`,
          basis: 'CONSECUTIVE_MISSES',
          consecutiveMisses: 2,
          lastContactAt: new Date(AT.released).toISOString(),
          missedDueAt: SECOND_CHECK_IN_DUE,
        },
      });
    });

    it('declares an absconder with a referral, and the case refuses check-ins', async () => {
      const caseId = await openSuspectedCase();
      await determine(caseId).expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'AbscondingDetermined',
        data: {
          caseId,
          alertId: `abs:${caseId}:${SECOND_CHECK_IN_DUE}`,
          decision: 'ABSCONDED',
          narrative: validAbscondingDeterminationBody().narrative,
          referralId: `ref:abs:${caseId}:${SECOND_CHECK_IN_DUE}`,
          determinedBy: 'supervisor-9',
        },
      });
      const checkIn = http(api).post(`/cases/${caseId}/check-ins`).send(validCheckInBody());
      await expectRefused(api, checkIn, 422, 'CASE.FUGITIVE');
    });

    it('books the arrest of an absconder as a detention, with its RCA deadline', async () => {
      const caseId = await openSuspectedCase();
      await determine(caseId).expect(201);
      const bookedInAt = new Date().toISOString();
      await http(api)
        .post(`/cases/${caseId}/detentions`)
        .send({ ...validBookingBody(), bookedInAt })
        .expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'DetentionBooked',
        data: {
          bookedInAt,
          riskClassificationDueAt: new Date(Date.parse(bookedInAt) + 5 * 86_400_000).toISOString(),
        },
      });
    });

    it('closes the case of an absconder', async () => {
      const caseId = await openSuspectedCase();
      await determine(caseId).expect(201);
      const closedAt = new Date().toISOString();
      await http(api)
        .post(`/cases/${caseId}/closure`)
        .send({ ...validClosureBody(), reason: 'DECEASED', closedAt })
        .expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'CaseClosed',
        data: { reason: 'DECEASED' },
      });
    });

    it('closes the suspicion on NOT_ABSCONDED; a second determination finds none', async () => {
      const caseId = await openSuspectedCase();
      const notAbsconded = {
        ...validAbscondingDeterminationBody('NOT_ABSCONDED'),
        determinedAt: new Date().toISOString(),
      };
      await determine(caseId, notAbsconded).expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'AbscondingDetermined',
        data: { decision: 'NOT_ABSCONDED' },
      });
      expect((await lastEvent(api.db, caseId)).data).not.toHaveProperty('referralId');
      await expectRefused(api, determine(caseId), 422, 'CASE.ABSCONDING_NOT_SUSPECTED');
    });

    it('refuses a narrative shorter than an override narrative with 422', async () => {
      const caseId = await openSuspectedCase();
      const body = {
        ...validAbscondingDeterminationBody(),
        narrative: 'x'.repeat(OVERRIDE_NARRATIVE_MIN_LENGTH - 1),
      };
      await expectRefused(api, determine(caseId, body), 422, 'CASE.ABSCONDING_NARRATIVE_TOO_SHORT');
    });

    it('is for supervisors only: an officer is refused with 403', async () => {
      const caseId = await openSuspectedCase();
      await expectRefused(api, determine(caseId, undefined, 'officer'), 403, 'AUTH.FORBIDDEN');
    });

    it('answers 404 to a supervisor of another office, as for a case that does not exist', async () => {
      const caseId = await openSuspectedCase();
      await expectRefused(api, determine(caseId, undefined, 'supervisorOfSea'), 404, 'CASE.NOT_FOUND');
    });

    it('refuses a decision off the list with 400', async () => {
      const caseId = await openSuspectedCase();
      await expectInvalid(
        api,
        determine(caseId, { ...validAbscondingDeterminationBody(), decision: 'MAYBE' }),
        'decision',
      );
    });

    it('refuses a missing narrative with 400', async () => {
      const caseId = await openSuspectedCase();
      const { narrative: _missing, ...body } = validAbscondingDeterminationBody();
      await expectInvalid(api, determine(caseId, body), 'narrative');
    });

    it('answers 412 for a stale If-Match, storing nothing', async () => {
      const caseId = await openSuspectedCase();
      await expectRefused(api, determine(caseId).set('If-Match', '"2"'), 412, 'CASE.VERSION_MISMATCH');
    });

    it('answers a retry with the same Idempotency-Key with the first result, storing one event', async () => {
      const caseId = await openSuspectedCase();
      const body = { ...validAbscondingDeterminationBody(), determinedAt: new Date().toISOString() };
      const first = await determine(caseId, body).set('Idempotency-Key', 'absconding-retry').expect(201);
      const events = await countEvents(api.db);
      const retried = await determine(caseId, body).set('Idempotency-Key', 'absconding-retry').expect(201);
      expect(retried.body).toEqual(first.body);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(await countEvents(api.db)).toBe(events);
    });

    it('records the command in the audit trail', async () => {
      const caseId = await openSuspectedCase();
      await determine(caseId).set('X-Correlation-Id', 'absconding-audit').expect(201);
      await api.app.get(PostgresAuditTrail).flushChained(10_000);
      const rows: { record: string }[] = await api.db.query(
        `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = 'absconding-audit'`,
      );
      expect(rows.map((row) => JSON.parse(row.record) as object)).toMatchObject([
        { command: 'DetermineAbsconding', caseId, outcome: 'ALLOWED', status: 201 },
      ]);
    });
  });

  describe('when no suspicion is open', () => {
    it('refuses a determination nobody asked for with 422', async () => {
      const caseId = await openSupervisedCase(api);
      await recordMissedCheckIn(api, caseId);
      await expectRefused(api, determine(caseId), 422, 'CASE.ABSCONDING_NOT_SUSPECTED');
    });
  });
});
