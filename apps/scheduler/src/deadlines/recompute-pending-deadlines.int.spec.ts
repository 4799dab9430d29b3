import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FixedClock, PolicyBook } from '@casetrail/case-commands';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { DEFAULT_CASE_POLICY, missedCheckInAlertId } from '@casetrail/domain';
import {
  caseOpened,
  checkInMissed,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  FIRST_CHECK_IN_MISSED_AT,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { liveCaseProjections } from '@casetrail/deadlines';
import { PostgresEventStore } from '@casetrail/event-store';
import { CaseEventApplier } from '@casetrail/read-models';
import { caseEventMessages, createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { RecomputePendingDeadlines } from './recompute-pending-deadlines';

const HOUR = 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A new policy version reaches the deadlines still pending at its effective time, and no others. */
describe('recomputing pending deadlines when a policy version takes effect', () => {
  let database: TestDatabase;
  let db: DataSource;
  let clock: FixedClock;
  let policies: PolicyBook;
  let recompute: RecomputePendingDeadlines;
  const detectedAt = Date.parse(FIRST_CHECK_IN_MISSED_AT);

  const deadline = async (deadlineId: string) => {
    const [row] = (await db.query(
      `SELECT due_at, fire_at, status, policy_version FROM public.deadlines WHERE deadline_id = $1`,
      [deadlineId],
    )) as { due_at: Date; fire_at: Date; status: string; policy_version: number | null }[];
    return {
      dueAt: row.due_at.toISOString(),
      fireAt: row.fire_at.toISOString(),
      status: row.status,
      policyVersion: row.policy_version,
    };
  };
  /**
   * A released subject's missed check-in, projected under version 1's 4-hour window; with
   * `fired`, the scheduler has already escalated it (its deadline is FIRED). The deadline's id.
   */
  const missedCheckIn = async (status: 'PENDING' | 'FIRED') => {
    const caseId = randomUUID();
    const applier = new CaseEventApplier(
      liveCaseProjections({
        policyAt: () => ({
          ...DEFAULT_CASE_POLICY,
          version: 1,
          alertEscalationWindowsMs: [4 * HOUR, 48 * HOUR],
        }),
      }),
      new PostgresEventStore(db),
    );
    const events = [
      caseOpened({ caseId }),
      detentionBooked({ caseId }),
      riskClassificationCompleted({ caseId }),
      subjectReleased({ caseId }),
      checkInMissed({ caseId, alertId: missedCheckInAlertId(caseId, FIRST_CHECK_IN_DUE_AT) }),
    ];
    const messages = caseEventMessages(events, 1).map((message) => ({ ...message, policyVersion: 1 }));
    await db.transaction((manager) => applier.apply(manager, messages));
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = (await db.query(
      `UPDATE public.deadlines SET status = $2 WHERE case_id = $1 AND kind = 'ALERT_ACK' RETURNING deadline_id`,
      [caseId, status],
    )) as [{ deadline_id: string }[], number];
    return rows[0].deadline_id;
  };

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    database = await createTestDatabase();
    db = await new DataSource(dataSourceOptions(database.url)).initialize();
    clock = new FixedClock(new Date('2026-11-23T12:00:00.000Z'));
    const config = loadConfig({ DATABASE_URL: database.url, ALERT_ACK_WINDOW_MS: String(4 * HOUR) });
    policies = new PolicyBook(db, new PostgresEventStore(db), clock, config);
    // Version 1 from the configuration: a 4-hour acknowledgement window.
    await policies.seedFromConfig();
    recompute = new RecomputePendingDeadlines(db, policies, clock);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  it('moves a pending acknowledgement deadline to the new window at the effective time, and never a fired one', async () => {
    const pending = await missedCheckIn('PENDING');
    const fired = await missedCheckIn('FIRED');
    const firedBefore = await deadline(fired);
    const { version: _version, ...defaults } = DEFAULT_CASE_POLICY;
    const effectiveFrom = iso(clock.now().getTime() + HOUR);
    await policies.publish(
      {
        type: 'PublishPolicy',
        data: {
          effectiveFrom,
          rationale:
            'Supervisors asked for missed check-ins to reach them sooner: officers now have one hour to acknowledge.',
          policy: { ...defaults, alertEscalationWindowsMs: [HOUR, 48 * HOUR] },
        },
      },
      { actor: { userId: 'policy-admin-1', role: 'POLICY_ADMIN' }, correlationId: 'test' },
    );

    expect(await recompute.runOnce()).toBe(0);
    clock.advance(HOUR - 1);
    expect(await recompute.runOnce()).toBe(0);
    expect(await deadline(pending)).toMatchObject({ dueAt: iso(detectedAt + 4 * HOUR), policyVersion: 1 });

    clock.advance(1);
    expect(await recompute.runOnce()).toBe(1);
    expect(await deadline(pending)).toEqual({
      dueAt: iso(detectedAt + HOUR),
      fireAt: iso(detectedAt + HOUR),
      status: 'PENDING',
      policyVersion: 2,
    });
    expect(await deadline(fired)).toEqual(firedBefore);
    expect(await recompute.runOnce()).toBe(0);
  });
});
