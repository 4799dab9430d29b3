import { randomUUID } from 'node:crypto';
import { PostgresAuditTrail } from '@casetrail/audit';
import { checkInMissed, subjectReleased } from '@casetrail/domain/case/case.test-data';
import {
  missedCheckInConfirmed,
  missedCheckInExcused,
  missedCheckInVoided,
} from '@casetrail/domain/case/case.missed-check-ins.test-data';
import {
  caseOpened,
  detentionBooked,
  riskClassificationCompleted,
} from '@casetrail/domain/case/case.test-data';
import { projectCaseEvents } from '@casetrail/testing';
import {
  AT,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  openSupervisedCase,
  recordMissedCheckIn,
  startApi,
  validExcusalBody,
  validExcusalReopeningBody,
  validMissConfirmationBody,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';

const DUE = '2026-11-21T09:00:00.000Z';

describe('after a missed check-in: late entry, excusal, reopening, confirmation', () => {
  let api: ApiTestContext;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  const missPath = (caseId: string, dueAt = DUE) => `/cases/${caseId}/missed-check-ins/${dueAt}`;
  const excuse = (caseId: string, body: object = validExcusalBody(), as: TestCallerName = 'officer') =>
    http(api, as)
      .post(`${missPath(caseId)}/excusal`)
      .send(body);
  const reopen = (caseId: string, as: TestCallerName = 'supervisor') =>
    http(api, as)
      .post(`${missPath(caseId)}/excusal/reopening`)
      .send(validExcusalReopeningBody());
  const confirm = (caseId: string, as: TestCallerName = 'officer', dueAt = DUE) =>
    http(api, as)
      .post(`${missPath(caseId, dueAt)}/confirmation`)
      .send(validMissConfirmationBody());

  async function missedCase(): Promise<string> {
    const caseId = await openSupervisedCase(api);
    await recordMissedCheckIn(api, caseId);
    return caseId;
  }

  describe('when a check-in that met the deadline is entered after the miss', () => {
    it('voids the miss in the case history, with who entered it and when', async () => {
      const caseId = await missedCase();
      await http(api)
        .post(`/cases/${caseId}/check-ins`)
        .send({ checkedInAt: '2026-11-21T08:45:00Z', method: 'IN_PERSON' })
        .expect(201);
      const history = await http(api).get(`/cases/${caseId}/events`).expect(200);
      const types = (history.body as { items: { type: string }[] }).items.map((item) => item.type);
      expect(types.slice(-3)).toEqual(['CheckInMissed', 'MissedCheckInVoided', 'CheckInRecorded']);
      const rows: { data: object }[] = await api.db.query(
        `SELECT data FROM events WHERE stream_id = $1 AND event_type = 'MissedCheckInVoided'`,
        [caseId],
      );
      expect(rows[0].data).toMatchObject({
        caseId,
        dueAt: DUE,
        reason: 'RECORDED_LATE',
        checkedInAt: '2026-11-21T08:45:00.000Z',
        voidedBy: 'officer-7',
      });
    });

    it('leaves the miss standing for a check-in after the grace period', async () => {
      const caseId = await missedCase();
      await http(api)
        .post(`/cases/${caseId}/check-ins`)
        .send({ checkedInAt: '2026-11-22T09:30:00Z', method: 'IN_PERSON' })
        .expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({ type: 'CheckInRecorded', streamVersion: 6 });
      await confirm(caseId).expect(201);
    });
  });

  describe('excusal', () => {
    it('records an officer’s excusal with reason and note, audited', async () => {
      const caseId = await missedCase();
      const response = await excuse(caseId).set('X-Correlation-Id', 'excuse-1').expect(201);
      expect(response.headers.etag).toBe('"6"');
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'MissedCheckInExcused',
        data: {
          caseId,
          dueAt: DUE,
          reasonCode: 'MEDICAL',
          excusedBy: 'officer-7',
          excusedAt: AT.later.replace('Z', '.000Z'),
        },
        metadata: { correlationId: 'excuse-1' },
      });
      // Chained once no older transaction of the server is running: wait for it rather than flake.
      await api.app.get(PostgresAuditTrail).flushChained(20_000);
      const audit: { record: string }[] = await api.db.query(
        `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = 'excuse-1'`,
      );
      expect(audit.map((row) => JSON.parse(row.record) as object)).toMatchObject([
        { command: 'ExcuseMissedCheckIn', caseId, outcome: 'ALLOWED', status: 201 },
      ]);
    });

    it('finds the miss by its deadline however it is spelled in the path', async () => {
      const caseId = await missedCase();
      await http(api)
        .post(`/cases/${caseId}/missed-check-ins/2026-11-21T09:00:00Z/excusal`)
        .send(validExcusalBody())
        .expect(201);
    });

    it('answers a retry with the same Idempotency-Key with the first result, and honours If-Match', async () => {
      const caseId = await missedCase();
      const first = await excuse(caseId).set('Idempotency-Key', 'excuse-retry').expect(201);
      const retried = await excuse(caseId).set('Idempotency-Key', 'excuse-retry').expect(201);
      expect(retried.body).toEqual(first.body);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      const other = await missedCase();
      await expectRefused(api, excuse(other).set('If-Match', '"3"'), 412, 'CASE.VERSION_MISMATCH');
    });

    it('refuses a note shorter than a narrative (422), an unknown reason or deadline form (400)', async () => {
      const caseId = await missedCase();
      await expectRefused(
        api,
        excuse(caseId, { ...validExcusalBody(), note: 'Was ill.' }),
        422,
        'CASE.EXCUSAL_NOTE_TOO_SHORT',
      );
      await expectInvalid(
        api,
        excuse(caseId, { ...validExcusalBody(), reasonCode: 'VACATION' }),
        'reasonCode',
      );
      await expectInvalid(
        api,
        http(api).post(`/cases/${caseId}/missed-check-ins/last-tuesday/excusal`).send(validExcusalBody()),
        'dueAt',
      );
    });

    it('answers 404 for a deadline that was not missed and 409 for a miss already settled', async () => {
      const caseId = await missedCase();
      await expectRefused(
        api,
        confirm(caseId, 'officer', '2026-11-28T09:00:00.000Z'),
        404,
        'CASE.MISS_NOT_FOUND',
      );
      await excuse(caseId).expect(201);
      await expectRefused(api, excuse(caseId), 409, 'CASE.MISS_NOT_OPEN');
      await expectRefused(api, confirm(caseId), 409, 'CASE.MISS_NOT_OPEN');
    });

    it('is closed to oversight and to an officer of another office', async () => {
      const caseId = await missedCase();
      await expectRefused(api, excuse(caseId, validExcusalBody(), 'oversight'), 403, 'AUTH.FORBIDDEN');
      await expectRefused(api, excuse(caseId, validExcusalBody(), 'supervisorOfSea'), 404, 'CASE.NOT_FOUND');
    });
  });

  describe('reopening an excusal', () => {
    it('lets a supervisor reopen it: the miss counts again', async () => {
      const caseId = await missedCase();
      await excuse(caseId).expect(201);
      await reopen(caseId).expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'MissedCheckInExcusalReopened',
        data: { caseId, dueAt: DUE, reopenedBy: 'supervisor-9' },
      });
      await confirm(caseId, 'supervisor').expect(201);
    });

    it('refuses an officer (403) and a miss that is not excused (409)', async () => {
      const caseId = await missedCase();
      await expectRefused(api, reopen(caseId, 'officer'), 403, 'AUTH.FORBIDDEN');
      await expectRefused(api, reopen(caseId), 409, 'CASE.MISS_NOT_EXCUSED');
    });
  });

  describe('confirmation', () => {
    it('records an officer’s confirmation of the miss as a violation', async () => {
      const caseId = await missedCase();
      await confirm(caseId).expect(201);
      expect(await lastEvent(api.db, caseId)).toMatchObject({
        type: 'MissedCheckInConfirmed',
        data: { caseId, dueAt: DUE, confirmedBy: 'officer-7' },
      });
    });
  });

  describe('GET /oversight/missed-check-ins', () => {
    const office = `M${randomUUID().slice(0, 4).toUpperCase()}`;
    const otherOffice = `N${randomUUID().slice(0, 4).toUpperCase()}`;

    const missedIn = async (officeId: string, ...after: ((caseId: string) => object)[]) => {
      const caseId = randomUUID();
      await projectCaseEvents(api.db, [
        caseOpened({ caseId, officeId, officerId: `${officeId}-ND-1` }),
        detentionBooked({ caseId }),
        riskClassificationCompleted({ caseId }),
        subjectReleased({ caseId }),
        checkInMissed({ caseId }),
        ...(after.map((event) => event(caseId)) as never[]),
      ]);
    };

    beforeAll(async () => {
      await missedIn(office);
      await missedIn(office, (caseId) => missedCheckInVoided({ caseId }));
      await missedIn(office, (caseId) => missedCheckInExcused({ caseId }));
      await missedIn(office, (caseId) => missedCheckInExcused({ caseId }));
      await missedIn(office, (caseId) => missedCheckInConfirmed({ caseId }));
      await missedIn(otherOffice);
    });

    it('counts each office’s misses by how they ended', async () => {
      const response = await http(api, 'oversight')
        .get(`/oversight/missed-check-ins?officeId=${office}`)
        .expect(200);
      expect(response.body).toEqual({
        offices: [{ officeId: office, recorded: 5, missed: 1, recordedLate: 1, excused: 2, confirmed: 1 }],
      });
    });

    it('shows a supervisor only their offices, and refuses an office they do not work in', async () => {
      const response = await http(api, 'supervisorOfWas').get('/oversight/missed-check-ins').expect(200);
      const offices = (response.body as { offices: { officeId: string }[] }).offices.map(
        (row) => row.officeId,
      );
      expect(offices.every((officeId) => officeId === 'WAS')).toBe(true);
      await expectRefused(
        api,
        http(api, 'supervisorOfWas').get(`/oversight/missed-check-ins?officeId=${office}`),
        404,
        'OFFICE.NOT_FOUND',
      );
    });

    it('is closed to officers and refuses a window that ends before it starts', async () => {
      await expectRefused(
        api,
        http(api, 'officer').get('/oversight/missed-check-ins'),
        403,
        'AUTH.FORBIDDEN',
      );
      await expectInvalid(
        api,
        http(api, 'oversight').get(
          '/oversight/missed-check-ins?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
        ),
        'to',
      );
    });
  });
});
