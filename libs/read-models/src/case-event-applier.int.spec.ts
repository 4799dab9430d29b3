import { randomUUID } from 'node:crypto';
import type { CaseEventMessage } from '@casetrail/contracts';
import { missedCheckInAlertId, rcaOverdueAlertId, type CaseEvent } from '@casetrail/domain';
import {
  caseClosed,
  caseOpened,
  caseReassigned,
  checkInRecorded,
  detainerRequested,
  detainerResponded,
  detentionBooked,
  missedCheckInAcknowledged,
  OVERRIDE_DECIDED_AT,
  OVERRIDE_REQUEST_ID,
  OVERRIDE_REQUESTED_AT,
  overrideNarrative,
  RCA_DUE_AT,
  releaseOverrideDecided,
  releaseOverrideRequested,
  riskClassificationCompleted,
  riskClassificationOverdue,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { LIVE_READ_MODEL_SCHEMA } from '@casetrail/read-models';
import { caseEventMessages, startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';
import { DUE, miss, missNamingItsOwnAlert } from './alerts/missed-check-ins.test-data';

const supervised = (caseId: string, officerId = 'WAS-ND-1'): CaseEvent[] => [
  caseOpened({ caseId, officeId: 'WAS', officerId }),
  detentionBooked({ caseId }),
  riskClassificationCompleted({ caseId, flightRisk: 'HIGH' }),
  subjectReleased({ caseId }),
];

/** Histories that touch every read model and every kind of alert message. */
function histories(): CaseEvent[][] {
  const [missing, moved, overdue, overridden, closed] = [1, 2, 3, 4, 5].map(() => randomUUID());
  return [
    [
      ...supervised(missing),
      miss(missing, 1),
      missedCheckInAcknowledged({
        caseId: missing,
        alertId: missedCheckInAlertId(missing, DUE[0]),
        acknowledgedAt: '2026-12-01T10:00:00.000Z',
      }),
      miss(missing, 2),
      checkInRecorded({ caseId: missing, checkedInAt: '2026-12-09T08:00:00.000Z' }),
      missNamingItsOwnAlert(missing, 3),
    ],
    [
      ...supervised(moved, 'WAS-ND-2'),
      miss(moved, 1),
      caseReassigned({ caseId: moved, toOfficeId: 'ATL', toOfficerId: 'ATL-ND-1' }),
      missNamingItsOwnAlert(moved, 2),
    ],
    [
      caseOpened({ caseId: overdue, officeId: 'WAS', officerId: 'WAS-DET-1' }),
      detentionBooked({ caseId: overdue }),
      detainerRequested({ caseId: overdue }),
      riskClassificationOverdue({ caseId: overdue, alertId: rcaOverdueAlertId(overdue, RCA_DUE_AT) }),
      detainerResponded({ caseId: overdue }),
      riskClassificationCompleted({ caseId: overdue, completedAt: '2026-11-27T10:00:00.000Z' }),
    ],
    [
      caseOpened({ caseId: overridden, officeId: 'WAS', officerId: 'WAS-DET-1' }),
      detentionBooked({ caseId: overridden }),
      riskClassificationCompleted({ caseId: overridden, recommendation: 'DETAIN' }),
      releaseOverrideRequested({ caseId: overridden, requestedBy: 'WAS-DET-1' }),
      releaseOverrideDecided({ caseId: overridden, decidedBy: 'WAS-SUP-1' }),
      subjectReleased({
        caseId: overridden,
        releaseType: 'PAROLE',
        rcaRecommendation: 'DETAIN',
        overrideRequestId: OVERRIDE_REQUEST_ID,
        override: {
          reasonCodes: ['PRIMARY_CAREGIVER'],
          narrative: overrideNarrative,
          requestedBy: 'WAS-DET-1',
          requestedAt: OVERRIDE_REQUESTED_AT,
          approvedBy: 'WAS-SUP-1',
          approvedAt: OVERRIDE_DECIDED_AT,
        },
      }),
      miss(overridden, 1),
    ],
    [...supervised(closed), miss(closed, 1), caseClosed({ caseId: closed })],
  ];
}

/** Every read model's rows (and the deadlines), each table sorted, as comparable text. */
async function readModels(projector: CaseProjectionTestContext): Promise<Record<string, string[]>> {
  const tables: { table_name: string }[] = await projector.db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [LIVE_READ_MODEL_SCHEMA],
  );
  const dump: Record<string, string[]> = {};
  for (const { table_name: table } of tables) {
    const rows: { row: string }[] = await projector.db.query(
      `SELECT to_jsonb(t)::text AS row FROM ${LIVE_READ_MODEL_SCHEMA}.${table} t ORDER BY 1`,
    );
    dump[table] = rows.map(({ row }) => row);
  }
  // When a deadline row was written or cancelled is the clock's, not the history's.
  const deadlines: { row: string }[] = await projector.db.query(
    `SELECT (to_jsonb(d) - 'created_at' - 'settled_at')::text AS row FROM public.deadlines d ORDER BY 1`,
  );
  dump.deadlines = deadlines.map(({ row }) => row);
  return dump;
}

/** The alert messages in the outbox, in order for each case (the order Kafka keeps). */
async function alertMessages(projector: CaseProjectionTestContext): Promise<Record<string, unknown[]>> {
  const rows: { message_key: string; topic: string; payload: unknown; headers: unknown }[] =
    await projector.db.query(
      `SELECT message_key, topic, payload, headers FROM outbox WHERE topic LIKE 'alerts.%' ORDER BY id`,
    );
  const byCase: Record<string, unknown[]> = {};
  for (const { message_key: key, ...message } of rows) (byCase[key] ??= []).push(message);
  return byCase;
}

/**
 * The projector applies a batch set-wise; the result must be what applying its events one at a
 * time gives: the same rows in every read model, the same alert messages in the same order.
 */
describe('a batch of case events', () => {
  let oneAtATime: CaseProjectionTestContext;
  let allAtOnce: CaseProjectionTestContext;

  beforeAll(async () => {
    [oneAtATime, allAtOnce] = await Promise.all([startCaseProjection(), startCaseProjection()]);
  });

  afterAll(async () => {
    await Promise.all([oneAtATime.close(), allAtOnce.close()]);
  });

  it('leaves the read models and alert messages exactly as its events applied one at a time do', async () => {
    const perCase = histories().map((history) => caseEventMessages(history));
    // Interleaved across cases, as a partition carries them.
    const interleaved: CaseEventMessage[] = [];
    for (let index = 0; perCase.some((messages) => index < messages.length); index += 1)
      for (const messages of perCase) if (index < messages.length) interleaved.push(messages[index]);

    for (const message of interleaved) await oneAtATime.projectMessages([message]);
    await allAtOnce.projectMessages(interleaved);

    const expected = await readModels(oneAtATime);
    expect(expected.alerts.length).toBeGreaterThanOrEqual(6);
    expect(expected.release_overrides).toHaveLength(1);
    expect(await readModels(allAtOnce)).toEqual(expected);
    const messages = await alertMessages(oneAtATime);
    // 10 missed-check-in alert changes, each on v2 and v1; the RCA's 2; the release override's 1.
    expect(Object.values(messages).flat()).toHaveLength(23);
    expect(await alertMessages(allAtOnce)).toEqual(messages);
  });
});
