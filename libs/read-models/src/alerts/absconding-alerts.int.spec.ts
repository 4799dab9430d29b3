import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { TOPICS } from '@casetrail/contracts';
import type { CaseEvent } from '@casetrail/domain';
import {
  abscondingDetermined,
  abscondingNarrative,
  abscondingSuspected,
  DETERMINED_AT,
  THIRD_CHECK_IN_DUE_AT,
  THIRD_CHECK_IN_MISSED_AT,
} from '@casetrail/domain/case/case.absconding.test-data';
import {
  caseOpened,
  checkInMissed,
  checkInRecorded,
  detentionBooked,
  RELEASED_AT,
  riskClassificationCompleted,
  subject,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { PostgresEventStore } from '@casetrail/event-store';
import { startCaseProjection, storeCaseHistory, type CaseProjectionTestContext } from '@casetrail/testing';
import { caseProjections, findAlerts, rebuildReadModels } from '@casetrail/read-models';

const root = join(__dirname, '..', '..', '..', '..');
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validatorOf = (topic: string) =>
  ajv.compile(
    JSON.parse(
      readFileSync(join(root, 'libs/contracts/schemas/alerts', `${topic}.schema.json`), 'utf8'),
    ) as object,
  );
const validators: Record<string, ReturnType<typeof validatorOf>> = {
  [TOPICS.suspectedAbscondingAlerts]: validatorOf(TOPICS.suspectedAbscondingAlerts),
  [TOPICS.absconderReferrals]: validatorOf(TOPICS.absconderReferrals),
};

/** Released, then three misses in a row, the third crossing the threshold (the case's own ids). */
const suspected = (caseId: string): CaseEvent[] => [
  caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-ND-1' }),
  detentionBooked({ caseId }),
  riskClassificationCompleted({ caseId }),
  subjectReleased({ caseId }),
  checkInMissed({ caseId }),
  checkInMissed({
    caseId,
    dueAt: '2026-12-07T09:00:00.000Z',
    detectedAt: '2026-12-08T09:00:00.000Z',
    consecutiveMisses: 2,
    nextDueAt: THIRD_CHECK_IN_DUE_AT,
  }),
  checkInMissed({
    caseId,
    dueAt: THIRD_CHECK_IN_DUE_AT,
    detectedAt: THIRD_CHECK_IN_MISSED_AT,
    consecutiveMisses: 3,
    nextDueAt: '2026-12-21T09:00:00.000Z',
  }),
  abscondingSuspected({ caseId, alertId: `abs:${caseId}:${THIRD_CHECK_IN_DUE_AT}` }),
];
const determined = (caseId: string, decision: 'ABSCONDED' | 'NOT_ABSCONDED') =>
  abscondingDetermined(decision, {
    caseId,
    alertId: `abs:${caseId}:${THIRD_CHECK_IN_DUE_AT}`,
    ...(decision === 'ABSCONDED' ? { referralId: `ref:abs:${caseId}:${THIRD_CHECK_IN_DUE_AT}` } : {}),
  });

interface OutboxRow {
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * The suspected-absconding alert and the absconder referral as the projector writes them: the
 * alert row for the office's supervisors, and one outbox message per change, ids only.
 */
describe('absconding alerts', () => {
  let projector: CaseProjectionTestContext;

  const messagesFor = async (caseId: string, topics: string[]) => {
    const rows: OutboxRow[] = await projector.db.query(
      `SELECT topic, payload FROM outbox WHERE topic = ANY($1::text[]) AND message_key = $2 ORDER BY id`,
      [topics, caseId],
    );
    for (const row of rows) expect(validators[row.topic](row.payload)).toBe(true);
    return rows;
  };
  const alertsOf = async (caseId: string) =>
    (
      await findAlerts(projector.db, { officeId: 'WAS', kind: 'SUSPECTED_ABSCONDING', limit: 500, offset: 0 })
    ).filter((alert) => alert.caseId === caseId);
  const absconding = [TOPICS.suspectedAbscondingAlerts, TOPICS.absconderReferrals];

  beforeAll(async () => {
    projector = await startCaseProjection();
  });

  afterAll(async () => {
    await projector.close();
  });

  it('raises the suspicion for the office’s supervisors, ids only', async () => {
    const caseId = randomUUID();
    await projector.project(suspected(caseId));
    const alertId = `abs:${caseId}:${THIRD_CHECK_IN_DUE_AT}`;
    expect(await alertsOf(caseId)).toEqual([
      expect.objectContaining({
        alertId,
        kind: 'SUSPECTED_ABSCONDING',
        status: 'RAISED',
        officerId: 'WAS-ND-1',
        consecutiveMisses: 3,
        actingOfficerId: null,
      }),
    ]);
    expect(await messagesFor(caseId, absconding)).toEqual([
      {
        topic: TOPICS.suspectedAbscondingAlerts,
        payload: {
          alertId,
          status: 'RAISED',
          caseId,
          officeId: 'WAS',
          officerId: 'WAS-ND-1',
          basis: 'CONSECUTIVE_MISSES',
          consecutiveMisses: 3,
          lastContactAt: RELEASED_AT,
          dueAt: THIRD_CHECK_IN_DUE_AT,
          detectedAt: THIRD_CHECK_IN_MISSED_AT,
          // Projected from events without a policy version, as before policies were published.
          policyVersion: null,
        },
      },
    ]);
  });

  it('resolves it on ABSCONDED and sends one referral, without the narrative or the subject', async () => {
    const caseId = randomUUID();
    await projector.project([...suspected(caseId), determined(caseId, 'ABSCONDED')]);
    const alertId = `abs:${caseId}:${THIRD_CHECK_IN_DUE_AT}`;
    expect((await alertsOf(caseId)).map((alert) => alert.status)).toEqual(['RESOLVED']);
    const messages = await messagesFor(caseId, absconding);
    expect(messages.map((row) => [row.topic, row.payload.status])).toEqual([
      [TOPICS.suspectedAbscondingAlerts, 'RAISED'],
      [TOPICS.suspectedAbscondingAlerts, 'RESOLVED'],
      [TOPICS.absconderReferrals, undefined],
    ]);
    expect(messages[2].payload).toEqual({
      referralId: `ref:${alertId}`,
      alertId,
      caseId,
      officeId: 'WAS',
      officerId: 'WAS-ND-1',
      basis: 'CONSECUTIVE_MISSES',
      lastContactAt: RELEASED_AT,
      determinedBy: 'supervisor-1',
      determinedAt: DETERMINED_AT,
      policyVersion: null,
    });
    const wire = JSON.stringify(messages);
    for (const personal of [abscondingNarrative, subject.familyName, subject.aNumber])
      expect(wire).not.toContain(personal);
    // The missed-check-in alert ends with supervision.
    const missed = await findAlerts(projector.db, {
      officeId: 'WAS',
      kind: 'MISSED_CHECK_IN',
      limit: 500,
      offset: 0,
    });
    expect(missed.filter((alert) => alert.caseId === caseId).map((alert) => alert.status)).toEqual([
      'RESOLVED',
    ]);
  });

  it('resolves it on NOT_ABSCONDED, with no referral', async () => {
    const caseId = randomUUID();
    await projector.project([...suspected(caseId), determined(caseId, 'NOT_ABSCONDED')]);
    expect((await alertsOf(caseId)).map((alert) => alert.status)).toEqual(['RESOLVED']);
    expect((await messagesFor(caseId, absconding)).map((row) => [row.topic, row.payload.status])).toEqual([
      [TOPICS.suspectedAbscondingAlerts, 'RAISED'],
      [TOPICS.suspectedAbscondingAlerts, 'RESOLVED'],
    ]);
  });

  it('resolves it when the subject checks in again', async () => {
    const caseId = randomUUID();
    await projector.project([
      ...suspected(caseId),
      checkInRecorded({
        caseId,
        checkedInAt: '2026-12-15T10:00:00.000Z',
        nextDueAt: '2026-12-22T10:00:00.000Z',
      }),
    ]);
    expect((await alertsOf(caseId)).map((alert) => alert.status)).toEqual(['RESOLVED']);
    expect((await messagesFor(caseId, absconding)).map((row) => row.payload.status)).toEqual([
      'RAISED',
      'RESOLVED',
    ]);
  });

  it('builds the same rows in a rebuild, and sends nothing again', async () => {
    const caseId = randomUUID();
    const history = [...suspected(caseId), determined(caseId, 'ABSCONDED')];
    await storeCaseHistory(projector.db, caseId, history, '2026-12-15T12:00:00.000Z');
    await projector.project(history);
    const live = await alertsOf(caseId);
    const sent = (await messagesFor(caseId, absconding)).length;
    await rebuildReadModels(projector.db, new PostgresEventStore(projector.db), caseProjections());
    expect(await alertsOf(caseId)).toEqual(live);
    expect(await messagesFor(caseId, absconding)).toHaveLength(sent);
  });
});
