import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FixedClock, standaloneCaseRepository, type CaseRepository } from '@casetrail/case-commands';
import { toCaseEventMessage } from '@casetrail/contracts';
import { loadConfig, type AppConfig } from '@casetrail/config';
import { TOPICS } from '@casetrail/contracts';
import { dataSourceOptions } from '@casetrail/database';
import { missedCheckInAlertId, type Actor, type CaseCommand, type RiskLevel } from '@casetrail/domain';
import { cursorAfter, PostgresEventStore, START_OF_HISTORY } from '@casetrail/event-store';
import { Metrics } from '@casetrail/observability';
import { findCaseDeadlines, liveCaseProjections, type DeadlineKind } from '@casetrail/deadlines';
import { CaseEventApplier, findAlerts, findOfficerDocket } from '@casetrail/read-models';
import { createTestDatabase, eventually, type TestDatabase } from '@casetrail/testing';
import { DeadlineSchedulerMetrics } from './deadline-scheduler.metrics';
import { DeadlineSchedulerService } from './deadline-scheduler.service';
import { FireDueDeadlines } from './fire-due-deadlines';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const officer: Actor = { userId: 'officer-1', role: 'OFFICER' };
const subject = {
  givenName: 'Ana',
  familyName: 'Example',
  aNumber: 'A123456789',
  dateOfBirth: '1990-01-31',
  countryOfCitizenship: 'MX',
};

/** A scheduler as the app runs it, on a connection pool of its own. */
interface Scheduler {
  dataSource: DataSource;
  firing: FireDueDeadlines;
  loop: DeadlineSchedulerService;
}

/*
 * Time is a FixedClock shared by the officers' commands and the schedulers; it only moves forward,
 * so each test works from the clock's current time and checks its own cases only.
 */
describe('firing due deadlines', () => {
  let database: TestDatabase;
  let config: AppConfig;
  let clock: FixedClock;
  let db: DataSource;
  let cases: CaseRepository;
  let eventStore: PostgresEventStore;
  let applier: CaseEventApplier;
  let cursor = START_OF_HISTORY;
  const schedulers: Scheduler[] = [];

  const settings = (more: Record<string, string> = {}) =>
    loadConfig({
      DATABASE_URL: database.url,
      RCA_WINDOW_MS: String(3 * HOUR),
      ALERT_ACK_WINDOW_MS: String(4 * HOUR),
      ...more,
    });

  const startScheduler = async (
    more: Record<string, string> = {},
    casesFor: (repository: CaseRepository) => CaseRepository = (repository) => repository,
  ): Promise<Scheduler> => {
    const dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    const own = settings(more);
    const repository = casesFor(standaloneCaseRepository(dataSource, own, clock));
    const firing = new FireDueDeadlines(dataSource, repository, clock, own);
    const metrics = new DeadlineSchedulerMetrics(
      new Metrics({ app: 'scheduler', dependencies: [] }),
      dataSource,
      clock,
    );
    const scheduler = { dataSource, firing, loop: new DeadlineSchedulerService(firing, own, metrics) };
    schedulers.push(scheduler);
    return scheduler;
  };

  /**
   * What the projector would do with everything stored since the last call. Every command has
   * returned, so all of it is committed: `readAll`'s horizon is server-wide and would hide it behind
   * a transaction some other database on the same server happens to hold open.
   */
  const project = async () => {
    for (;;) {
      const events = await eventStore.readAllCommitted(cursor);
      if (events.length === 0) return;
      await db.transaction((manager) =>
        applier.apply(
          manager,
          events.map((event) => toCaseEventMessage(event, '')),
        ),
      );
      cursor = cursorAfter(events[events.length - 1]);
    }
  };

  const now = () => clock.now().getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const run = (caseId: string, command: CaseCommand) =>
    cases.execute(caseId, command, { actor: officer, correlationId: 'test' });

  /** A subject released a day ago, first check-in due `dueInMs` from now, with no grace. */
  const releasedCase = async (dueInMs = HOUR, flightRisk: RiskLevel = 'LOW') => {
    const caseId = randomUUID();
    const start = now();
    await run(caseId, {
      type: 'OpenCase',
      data: { caseId, officeId: 'WAS', officerId: 'WAS-ND-1', subject, openedAt: iso(start - 3 * DAY) },
    });
    await run(caseId, {
      type: 'BookDetention',
      data: { facilityId: 'FAC-1', bookedInAt: iso(start - 2 * DAY) },
    });
    await run(caseId, {
      type: 'CompleteRiskClassification',
      data: {
        publicSafetyRisk: 'LOW',
        flightRisk,
        specialVulnerabilities: [],
        recommendation: 'RELEASE',
        completedAt: iso(start - 2 * DAY + HOUR),
      },
    });
    const dueAt = iso(start + dueInMs);
    await run(caseId, {
      type: 'ReleaseSubject',
      data: {
        releaseType: 'BOND',
        releasedAt: iso(start - DAY),
        checkInPlan: { firstDueAt: dueAt, intervalDays: 7, graceHours: 0 },
      },
    });
    return { caseId, dueAt };
  };

  const countOf = async (type: string, caseId: string): Promise<number> => {
    const [row]: { count: string }[] = await db.query(
      'SELECT count(*) AS count FROM events WHERE event_type = $1 AND stream_id = $2',
      [type, caseId],
    );
    return Number(row.count);
  };

  const deadlinesOf = async (caseId: string, kind: DeadlineKind = 'CHECK_IN') =>
    (await findCaseDeadlines(db, caseId)).filter((row) => row.kind === kind);

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createTestDatabase();
    config = settings();
    clock = new FixedClock(new Date('2026-11-23T12:00:00.000Z'));
    db = await new DataSource(dataSourceOptions(database.url)).initialize();
    cases = standaloneCaseRepository(db, config, clock);
    eventStore = new PostgresEventStore(db);
    applier = new CaseEventApplier(liveCaseProjections({ policy: config.casePolicy }), eventStore);
  });

  afterAll(async () => {
    for (const scheduler of schedulers) {
      await scheduler.loop.stop();
      await scheduler.dataSource.destroy().catch(() => undefined);
    }
    await db?.destroy();
    await database?.drop();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  describe('when check-ins are missed', () => {
    it('records exactly one miss per deadline with two schedulers polling the same database', async () => {
      const released = [];
      for (let index = 0; index < 30; index += 1) released.push(await releasedCase(HOUR + index * 1000));
      await project();
      const polling = { SCHEDULER_BATCH_SIZE: '4', SCHEDULER_POLL_MS: '10' };
      const [a, b] = [await startScheduler(polling), await startScheduler(polling)];
      a.loop.start();
      b.loop.start();

      clock.advance(2 * HOUR);
      await eventually(async () => {
        const due: unknown[] = await db.query(
          `SELECT 1 FROM public.deadlines WHERE status = 'PENDING' AND fire_at <= $1`,
          [clock.now().toISOString()],
        );
        expect(due).toHaveLength(0);
      });
      await Promise.all([a.loop.stop(), b.loop.stop()]);

      for (const { caseId, dueAt } of released) {
        expect(await countOf('CheckInMissed', caseId)).toBe(1);
        expect(await deadlinesOf(caseId)).toEqual([
          expect.objectContaining({ kind: 'CHECK_IN', dueAt, status: 'FIRED', outcome: 'CheckInMissed' }),
        ]);
      }
    });

    it('records the miss in the case history as the scheduler, caused by the deadline', async () => {
      const { caseId, dueAt } = await releasedCase();
      await project();
      const { firing } = await startScheduler();
      await firing.runOnce();
      expect(await countOf('CheckInMissed', caseId)).toBe(0);

      clock.advance(2 * HOUR);
      await firing.runOnce();
      const missed = (await eventStore.readStream(caseId)).filter((event) => event.type === 'CheckInMissed');
      expect(missed).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({
            alertId: missedCheckInAlertId(caseId, dueAt),
            dueAt,
            detectedAt: clock.now().toISOString(),
            consecutiveMisses: 1,
          }),
          metadata: {
            actor: { userId: 'system:scheduler', role: 'ADMIN' },
            correlationId: `CHECK_IN:${caseId}:${dueAt}`,
            causationId: `CHECK_IN:${caseId}:${dueAt}`,
            // No policy published on this database: the configuration's values, as version 0.
            policyVersion: 0,
          },
        }),
      ]);
    });

    it('never fires a deadline again once it fired', async () => {
      const { caseId } = await releasedCase();
      await project();
      const { firing } = await startScheduler();
      clock.advance(2 * HOUR);
      await firing.runOnce();
      await project();
      const [fired, next] = await deadlinesOf(caseId);
      expect(fired.status).toBe('FIRED');
      expect(next).toMatchObject({ kind: 'CHECK_IN', status: 'PENDING' });

      // The projector deriving the same deadline again (a replayed state) leaves it fired.
      await db.transaction((manager) =>
        manager.query(
          `INSERT INTO public.deadlines (deadline_id, kind, case_id, due_at, fire_at)
           VALUES ($1, 'CHECK_IN', $2, $3, $4)
           ON CONFLICT (deadline_id) DO UPDATE SET status = 'PENDING' WHERE deadlines.status <> 'FIRED'`,
          [fired.deadlineId, caseId, fired.dueAt, fired.fireAt],
        ),
      );
      await firing.runOnce();
      expect((await deadlinesOf(caseId))[0].status).toBe('FIRED');

      // Even a row forced back to pending records nothing twice: the case knows the miss.
      await db.query(`UPDATE public.deadlines SET status = 'PENDING' WHERE deadline_id = $1`, [
        fired.deadlineId,
      ]);
      await firing.runOnce();
      expect((await deadlinesOf(caseId))[0]).toMatchObject({
        status: 'CANCELLED',
        outcome: 'CASE.DEADLINE_ALREADY_RECORDED',
      });
      expect(await countOf('CheckInMissed', caseId)).toBe(1);
    });

    it('records a batch of misses together, and cancels the one the case has recorded already', async () => {
      const batch = [await releasedCase(), await releasedCase(), await releasedCase()];
      await project();
      const { firing } = await startScheduler();
      clock.advance(2 * HOUR);
      // Another scheduler recorded the first one's miss and died before marking its row.
      await cases.execute(
        batch[0].caseId,
        { type: 'RecordMissedCheckIn', data: { dueAt: batch[0].dueAt } },
        { actor: officer, correlationId: 'earlier' },
      );

      await firing.runOnce();
      expect((await deadlinesOf(batch[0].caseId))[0]).toMatchObject({
        status: 'CANCELLED',
        outcome: 'CASE.DEADLINE_ALREADY_RECORDED',
      });
      for (const { caseId } of batch) expect(await countOf('CheckInMissed', caseId)).toBe(1);
      for (const { caseId } of batch.slice(1)) {
        expect((await deadlinesOf(caseId))[0]).toMatchObject({ status: 'FIRED', outcome: 'CheckInMissed' });
        const messages: { office_id: string }[] = await db.query(
          `SELECT payload::jsonb->>'officeId' AS office_id FROM outbox
           WHERE message_key = $1 AND payload::jsonb->>'eventType' = 'CheckInMissed'`,
          [caseId],
        );
        expect(messages).toEqual([{ office_id: 'WAS' }]);
      }
    });

    it('leaves the deadlines of a scheduler that dies mid-batch to another, and none fires twice', async () => {
      const released = [await releasedCase(), await releasedCase(), await releasedCase()];
      await project();
      let appended = 0;
      // After its first append (one deadline, or the batch's together), the doomed scheduler's
      // connection dies before the batch commits.
      const doomed = await startScheduler({}, (repository) => {
        const execute = repository.execute.bind(repository);
        repository.execute = async (...args: Parameters<CaseRepository['execute']>) => {
          const result = await execute(...args);
          appended += 1;
          await args[2].manager?.query('SELECT pg_terminate_backend(pg_backend_pid())');
          return result;
        };
        const executeEach = repository.executeEach.bind(repository);
        repository.executeEach = async (...args: Parameters<CaseRepository['executeEach']>) => {
          const result = await executeEach(...args);
          appended += 1;
          await args[1].manager.query('SELECT pg_terminate_backend(pg_backend_pid())');
          return result;
        };
        return repository;
      });
      const survivor = await startScheduler();

      clock.advance(2 * HOUR);
      await expect(doomed.firing.runOnce()).rejects.toThrow();
      expect(appended).toBe(1);
      for (const { caseId } of released) expect(await countOf('CheckInMissed', caseId)).toBe(0);

      await survivor.firing.runOnce();
      for (const { caseId } of released) {
        expect(await countOf('CheckInMissed', caseId)).toBe(1);
        expect((await deadlinesOf(caseId))[0].status).toBe('FIRED');
      }
    });
  });

  describe('when a check-in moves the deadline', () => {
    it('cancels the old deadline and holds the new one', async () => {
      const { caseId, dueAt } = await releasedCase(HOUR);
      await project();
      const checkedInAt = clock.now().toISOString();
      await run(caseId, { type: 'RecordCheckIn', data: { checkedInAt, method: 'IN_PERSON' } });
      await project();
      expect(await deadlinesOf(caseId)).toEqual([
        expect.objectContaining({ dueAt, status: 'CANCELLED', outcome: 'SUPERSEDED' }),
        expect.objectContaining({ dueAt: iso(Date.parse(checkedInAt) + 7 * DAY), status: 'PENDING' }),
      ]);

      const { firing } = await startScheduler();
      clock.advance(2 * HOUR);
      await firing.runOnce();
      expect(await countOf('CheckInMissed', caseId)).toBe(0);
    });

    it('cancels a deadline the projector has not caught up with, because the case refuses it', async () => {
      const { caseId } = await releasedCase(HOUR);
      await project();
      const checkedInAt = clock.now().toISOString();
      await run(caseId, { type: 'RecordCheckIn', data: { checkedInAt, method: 'PHONE' } });
      const { firing } = await startScheduler();
      clock.advance(2 * HOUR);
      await firing.runOnce();
      expect((await deadlinesOf(caseId))[0]).toMatchObject({
        status: 'CANCELLED',
        outcome: 'CASE.DEADLINE_NOT_CURRENT',
      });
      expect(await countOf('CheckInMissed', caseId)).toBe(0);
      await project();
    });
  });

  describe('when a detainee’s RCA is not done in time', () => {
    it('records the RCA as overdue once', async () => {
      const caseId = randomUUID();
      const bookedInAt = clock.now().toISOString();
      await run(caseId, {
        type: 'OpenCase',
        data: { caseId, officeId: 'WAS', officerId: 'WAS-DET-1', subject, openedAt: bookedInAt },
      });
      await run(caseId, { type: 'BookDetention', data: { facilityId: 'FAC-1', bookedInAt } });
      await project();
      const dueAt = iso(Date.parse(bookedInAt) + config.RCA_WINDOW_MS);
      expect(await deadlinesOf(caseId, 'RCA')).toEqual([
        expect.objectContaining({ dueAt, fireAt: dueAt, status: 'PENDING' }),
      ]);

      const [a, b] = [await startScheduler(), await startScheduler()];
      clock.advance(config.RCA_WINDOW_MS);
      await Promise.all([a.firing.runOnce(), b.firing.runOnce(), a.firing.runOnce()]);
      expect(await countOf('RiskClassificationOverdue', caseId)).toBe(1);
      expect(await deadlinesOf(caseId, 'RCA')).toEqual([
        expect.objectContaining({ status: 'FIRED', outcome: 'RiskClassificationOverdue' }),
      ]);
    });
  });

  describe('when nobody acknowledges a missed-check-in alert', () => {
    const missedAndProjected = async (flightRisk: RiskLevel = 'LOW') => {
      const { caseId, dueAt } = await releasedCase(HOUR, flightRisk);
      await project();
      const { firing } = await startScheduler();
      clock.advance(2 * HOUR);
      await firing.runOnce();
      await project();
      return { caseId, firing, alertId: missedCheckInAlertId(caseId, dueAt) };
    };

    const alertMessages = async (alertId: string) => {
      const rows: { topic: string; message_key: string; payload: { alertId: string; status: string } }[] =
        await db.query(`SELECT topic, message_key, payload FROM outbox WHERE topic = $1 ORDER BY id`, [
          TOPICS.missedCheckInAlertsV2,
        ]);
      return rows
        .filter((row) => row.payload.alertId === alertId)
        .map((row) => [row.topic, row.message_key, row.payload.status]);
    };

    it('escalates the alert level by level as case events, and says so on the topic', async () => {
      const { caseId, firing, alertId } = await missedAndProjected('HIGH');
      expect(await deadlinesOf(caseId, 'ALERT_ACK')).toEqual([
        expect.objectContaining({
          deadlineId: `ALERT_ACK:${alertId}:1:SUPERVISOR`,
          alertId,
          status: 'PENDING',
        }),
      ]);

      clock.advance(config.ALERT_ACK_WINDOW_MS);
      await firing.runOnce();
      const supervisorAt = clock.now().toISOString();
      expect(await countOf('MissedCheckInAlertEscalated', caseId)).toBe(1);
      const [escalated]: { data: object; metadata: { actor: Actor; causationId: string } }[] = await db.query(
        `SELECT data, metadata FROM events WHERE stream_id = $1 AND event_type = 'MissedCheckInAlertEscalated'`,
        [caseId],
      );
      expect(escalated.data).toEqual({
        caseId,
        alertId,
        level: 'SUPERVISOR',
        consecutiveMisses: 1,
        escalatedAt: supervisorAt,
      });
      expect(escalated.metadata).toMatchObject({
        actor: { userId: 'system:scheduler', role: 'ADMIN' },
        causationId: `ALERT_ACK:${alertId}:1:SUPERVISOR`,
      });
      // The alerts read model has one writer, the projector: nothing changed before it ran.
      const alertNow = async () =>
        (await findAlerts(db, { kind: 'MISSED_CHECK_IN', limit: 1000, offset: 0 })).find(
          (row) => row.alertId === alertId,
        );
      expect(await alertNow()).toMatchObject({ status: 'RAISED', escalationLevel: 'OFFICER' });
      await project();
      expect(await alertNow()).toMatchObject({
        status: 'ESCALATED',
        escalationLevel: 'SUPERVISOR',
        severity: 'MEDIUM',
        updatedAt: supervisorAt,
      });
      const docket = await findOfficerDocket(db, {
        officerId: 'WAS-ND-1',
        docket: 'NON_DETAINED',
        limit: 1000,
        offset: 0,
      });
      expect(docket.find((entry) => entry.caseId === caseId)?.openAlert).toEqual({
        alertId,
        kind: 'MISSED_CHECK_IN',
        status: 'ESCALATED',
      });
      expect(await deadlinesOf(caseId, 'ALERT_ACK')).toEqual([
        expect.objectContaining({ deadlineId: `ALERT_ACK:${alertId}:1:SUPERVISOR`, status: 'FIRED' }),
        expect.objectContaining({
          deadlineId: `ALERT_ACK:${alertId}:1:DEPUTY_FIELD_OFFICE_DIRECTOR`,
          dueAt: new Date(Date.parse(supervisorAt) + config.ALERT_ACK_WINDOW_MS).toISOString(),
          status: 'PENDING',
        }),
      ]);

      clock.advance(config.ALERT_ACK_WINDOW_MS);
      await firing.runOnce();
      await project();
      expect(await alertNow()).toMatchObject({
        status: 'ESCALATED',
        escalationLevel: 'DEPUTY_FIELD_OFFICE_DIRECTOR',
      });
      expect(await alertMessages(alertId)).toEqual([
        [TOPICS.missedCheckInAlertsV2, caseId, 'RAISED'],
        [TOPICS.missedCheckInAlertsV2, caseId, 'ESCALATED'],
        [TOPICS.missedCheckInAlertsV2, caseId, 'ESCALATED'],
      ]);

      // The last level: nothing further is held or fired.
      clock.advance(config.ALERT_ACK_WINDOW_MS);
      await firing.runOnce();
      await project();
      expect(await countOf('MissedCheckInAlertEscalated', caseId)).toBe(2);
      expect((await deadlinesOf(caseId, 'ALERT_ACK')).filter((row) => row.status === 'PENDING')).toEqual([]);
    });

    it('escalates a case with a priority flag after half the window', async () => {
      const { caseId, dueAt } = await releasedCase(HOUR);
      await run(caseId, {
        type: 'FlagCase',
        data: { kind: 'PUBLIC_SAFETY', reason: 'Named in a bulletin.', flaggedAt: clock.now().toISOString() },
      });
      await project();
      const { firing } = await startScheduler();
      clock.advance(2 * HOUR);
      await firing.runOnce();
      await project();
      const alertId = missedCheckInAlertId(caseId, dueAt);

      clock.advance(config.ALERT_ACK_WINDOW_MS / 2);
      await firing.runOnce();
      expect(await countOf('MissedCheckInAlertEscalated', caseId)).toBe(1);
      expect(await deadlinesOf(caseId, 'ALERT_ACK')).toEqual([
        expect.objectContaining({ deadlineId: `ALERT_ACK:${alertId}:1:SUPERVISOR`, status: 'FIRED' }),
      ]);
    });

    it('does not escalate an alert acknowledged in time, even before the projector saw it', async () => {
      const { caseId, firing, alertId } = await missedAndProjected();
      await run(caseId, {
        type: 'AcknowledgeMissedCheckIn',
        data: { alertId, acknowledgedAt: clock.now().toISOString() },
      });
      clock.advance(config.ALERT_ACK_WINDOW_MS);
      await firing.runOnce();
      expect((await deadlinesOf(caseId, 'ALERT_ACK'))[0]).toMatchObject({
        status: 'CANCELLED',
        outcome: 'CASE.ALERT_ALREADY_ACKNOWLEDGED',
      });
      expect(await countOf('MissedCheckInAlertEscalated', caseId)).toBe(0);
      await project();
      expect((await alertMessages(alertId)).map(([, , status]) => status)).toEqual([
        'RAISED',
        'ACKNOWLEDGED',
      ]);
    });

    it('cancels an acknowledgement deadline named before escalation had levels', async () => {
      const { caseId, firing, alertId } = await missedAndProjected();
      await db.query(`UPDATE public.deadlines SET deadline_id = $2 WHERE deadline_id = $1`, [
        `ALERT_ACK:${alertId}:1:SUPERVISOR`,
        `ALERT_ACK:${alertId}:1`,
      ]);
      clock.advance(config.ALERT_ACK_WINDOW_MS);
      await firing.runOnce();
      expect((await deadlinesOf(caseId, 'ALERT_ACK'))[0]).toMatchObject({
        deadlineId: `ALERT_ACK:${alertId}:1`,
        status: 'CANCELLED',
        outcome: 'SUPERSEDED',
      });
      expect(await countOf('MissedCheckInAlertEscalated', caseId)).toBe(0);
    });
  });
});
