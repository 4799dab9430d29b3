import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { HEADERS, TOPICS } from '@casetrail/contracts';
import { missedCheckInAlertId, rcaOverdueAlertId, type CaseEvent } from '@casetrail/domain';
import {
  BOOKED_IN_AT,
  caseOpened,
  checkInRecorded,
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
  subject,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { PostgresEventStore } from '@casetrail/event-store';
import {
  caseEventMessages,
  startCaseProjection,
  storeCaseHistory,
  type CaseProjectionTestContext,
} from '@casetrail/testing';
import { caseProjections, findAlerts, rebuildReadModels } from '@casetrail/read-models';
import { DETECTED, DUE, miss } from './missed-check-ins.test-data';

const released = (caseId: string, flightRisk: 'LOW' | 'HIGH' = 'LOW'): CaseEvent[] => [
  caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-ND-1' }),
  detentionBooked({ caseId }),
  riskClassificationCompleted({ caseId, flightRisk }),
  subjectReleased({ caseId }),
];

const root = join(__dirname, '..', '..', '..', '..');
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const schemaOf = (topic: string) =>
  JSON.parse(
    readFileSync(join(root, 'libs/contracts/schemas/alerts', `${topic}.schema.json`), 'utf8'),
  ) as object;
const validators = Object.fromEntries(
  Object.values(TOPICS)
    .filter((topic) => topic.startsWith('alerts.'))
    .map((topic) => [topic, ajv.compile(schemaOf(topic))]),
);

interface OutboxRow {
  topic: string;
  message_key: string;
  payload: Record<string, unknown>;
}

/**
 * The alert topics' messages as the projector writes them to the outbox: one per alert status
 * change, in the batch's transaction, none on redelivery (every batch here is delivered twice)
 * and none from a rebuild.
 */
describe('alert messages', () => {
  let projector: CaseProjectionTestContext;

  const messagesFor = async (caseId: string) => {
    const rows: OutboxRow[] = await projector.db.query(
      `SELECT topic, message_key, payload FROM outbox WHERE topic LIKE 'alerts.%' AND message_key = $1 ORDER BY id`,
      [caseId],
    );
    for (const row of rows) {
      const validate = validators[row.topic];
      expect(validate(row.payload)).toBe(true);
    }
    return rows;
  };

  beforeAll(async () => {
    projector = await startCaseProjection();
  });

  afterAll(async () => {
    await projector.close();
  });

  describe('when check-ins are missed', () => {
    it('carries the correlation id of the event that caused each alert message in its header', async () => {
      const caseId = randomUUID();
      const history = [...released(caseId), miss(caseId, 1), miss(caseId, 2)];
      const messages = caseEventMessages(history).map((message, index) => ({
        ...message,
        correlationId: `corr-${index}`,
      }));
      await projector.projectMessages(messages);
      const rows: { payload: { status: string }; headers: Record<string, string> }[] =
        await projector.db.query(
          `SELECT payload, headers FROM outbox WHERE topic = $1 AND message_key = $2 ORDER BY id`,
          [TOPICS.missedCheckInAlerts, caseId],
        );
      expect(rows.map((row) => [row.payload.status, row.headers[HEADERS.correlationId]])).toEqual([
        ['RAISED', 'corr-4'],
        ['RAISED', 'corr-5'],
      ]);
    });

    it('raises a miss once on v2 and once on the deprecated v1, keyed by case, with ids only', async () => {
      const caseId = randomUUID();
      await projector.project([...released(caseId), miss(caseId, 1)]);
      const messages = await messagesFor(caseId);
      const payload = {
        alertId: missedCheckInAlertId(caseId, DUE[0]),
        status: 'RAISED',
        caseId,
        officeId: 'WAS',
        officerId: 'WAS-ND-1',
        dueAt: DUE[0],
        detectedAt: DETECTED[0],
        consecutiveMisses: 1,
        severity: 'LOW',
        actingOfficerId: 'WAS-ND-1',
        policyVersion: null,
      };
      expect(messages).toEqual([
        {
          topic: TOPICS.missedCheckInAlertsV2,
          message_key: caseId,
          payload: { ...payload, escalationLevel: 'OFFICER', resolution: null },
        },
        { topic: TOPICS.missedCheckInAlerts, message_key: caseId, payload },
      ]);
      const text = JSON.stringify(messages);
      for (const personal of [subject.givenName, subject.familyName, subject.aNumber, subject.dateOfBirth])
        expect(text).not.toContain(personal);
    });

    it('grades severity by consecutive misses, one level higher for a high flight risk', async () => {
      const ordinary = randomUUID();
      const flightRisk = randomUUID();
      await projector.project([
        ...released(ordinary),
        miss(ordinary, 1),
        miss(ordinary, 2),
        miss(ordinary, 3),
      ]);
      await projector.project([...released(flightRisk, 'HIGH'), miss(flightRisk, 1), miss(flightRisk, 2)]);
      const severities = async (caseId: string) =>
        (await messagesFor(caseId))
          .filter((row) => row.topic === TOPICS.missedCheckInAlertsV2)
          .map((row) => row.payload.severity);
      expect(await severities(ordinary)).toEqual(['LOW', 'MEDIUM', 'HIGH']);
      expect(await severities(flightRisk)).toEqual(['MEDIUM', 'HIGH']);
    });

    it('says when the alert is acknowledged, raised again by the next miss and resolved at the next check-in', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, DUE[0]);
      await projector.project([
        ...released(caseId),
        miss(caseId, 1),
        missedCheckInAcknowledged({ caseId, alertId, acknowledgedAt: '2026-12-01T10:00:00.000Z' }),
        miss(caseId, 2),
        checkInRecorded({ caseId, checkedInAt: '2026-12-09T08:00:00.000Z' }),
      ]);
      const changes = (await messagesFor(caseId))
        .filter((row) => row.topic === TOPICS.missedCheckInAlertsV2)
        .map((row) => [row.payload.alertId, row.payload.status, row.payload.consecutiveMisses]);
      expect(changes).toEqual([
        [alertId, 'RAISED', 1],
        [alertId, 'ACKNOWLEDGED', 1],
        [alertId, 'RAISED', 2],
        [alertId, 'RESOLVED', 2],
      ]);
      const onV2 = (await messagesFor(caseId)).filter((row) => row.topic === TOPICS.missedCheckInAlertsV2);
      expect(onV2.map((row) => row.payload.resolution)).toEqual([null, null, null, 'CHECKED_IN']);
      const onV1 = (await messagesFor(caseId)).filter((row) => row.topic === TOPICS.missedCheckInAlerts);
      // v1 gets every change too, without the fields v2 added.
      expect(onV1.map((row) => row.payload)).toEqual(
        onV2.map(({ payload: { escalationLevel: _level, resolution: _resolution, ...v1 } }) => v1),
      );
    });
  });

  describe('when an RCA is overdue', () => {
    it('raises it with the booking time, and resolves it when the RCA is done', async () => {
      const caseId = randomUUID();
      const alertId = rcaOverdueAlertId(caseId, RCA_DUE_AT);
      await projector.project([
        caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-DET-1' }),
        detentionBooked({ caseId }),
        riskClassificationOverdue({ caseId, alertId }),
        riskClassificationCompleted({ caseId, completedAt: '2026-11-27T10:00:00.000Z' }),
      ]);
      const messages = await messagesFor(caseId);
      expect(messages.map((row) => row.payload)).toEqual([
        {
          alertId,
          status: 'RAISED',
          caseId,
          officeId: 'WAS',
          officerId: 'WAS-DET-1',
          bookedInAt: BOOKED_IN_AT,
          dueAt: RCA_DUE_AT,
          detectedAt: RCA_DUE_AT,
          actingOfficerId: 'WAS-DET-1',
          policyVersion: null,
        },
        expect.objectContaining({ alertId, status: 'RESOLVED', bookedInAt: BOOKED_IN_AT }),
      ]);
      expect(messages.map((row) => row.topic)).toEqual([TOPICS.rcaOverdueAlerts, TOPICS.rcaOverdueAlerts]);
    });
  });

  describe('when a subject is released against the RCA', () => {
    const releasedAgainstRca = (caseId: string): CaseEvent[] => [
      caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-DET-1' }),
      detentionBooked({ caseId }),
      riskClassificationCompleted({ caseId, recommendation: 'DETAIN' }),
      releaseOverrideRequested({ caseId, requestedBy: 'WAS-DET-1' }),
      releaseOverrideDecided({ caseId, decidedBy: 'WAS-SUP-1' }),
      subjectReleased({
        caseId,
        releasedAt: '2026-11-23T09:00:00.000Z',
        releaseType: 'PAROLE',
        rcaRecommendation: 'DETAIN',
        overrideRequestId: OVERRIDE_REQUEST_ID,
        override: {
          reasonCodes: ['PRIMARY_CAREGIVER', 'HUMANITARIAN'],
          narrative: overrideNarrative,
          requestedBy: 'WAS-DET-1',
          requestedAt: OVERRIDE_REQUESTED_AT,
          approvedBy: 'WAS-SUP-1',
          approvedAt: OVERRIDE_DECIDED_AT,
        },
      }),
    ];

    it('tells the oversight office who asked, who approved and why in codes, without the narrative', async () => {
      const caseId = randomUUID();
      await projector.project(releasedAgainstRca(caseId));
      const messages = await messagesFor(caseId);
      expect(messages).toEqual([
        {
          topic: TOPICS.releaseOverrideAlerts,
          message_key: caseId,
          payload: {
            alertId: `rel:${caseId}:${OVERRIDE_REQUEST_ID}`,
            caseId,
            officeId: 'WAS',
            officerId: 'WAS-DET-1',
            overrideRequestId: OVERRIDE_REQUEST_ID,
            releaseType: 'PAROLE',
            releasedAt: '2026-11-23T09:00:00.000Z',
            rcaRecommendation: 'DETAIN',
            reasonCodes: ['PRIMARY_CAREGIVER', 'HUMANITARIAN'],
            requestedBy: 'WAS-DET-1',
            requestedAt: OVERRIDE_REQUESTED_AT,
            approvedBy: 'WAS-SUP-1',
            approvedAt: OVERRIDE_DECIDED_AT,
          },
        },
      ]);
      expect(JSON.stringify(messages)).not.toContain(overrideNarrative.slice(0, 30));
    });

    it('sends nothing for a release the RCA recommended', async () => {
      const caseId = randomUUID();
      await projector.project(released(caseId));
      expect(await messagesFor(caseId)).toEqual([]);
    });
  });

  describe('when the read models are rebuilt', () => {
    it('sends nothing again, and keeps an escalation made before escalations were case events', async () => {
      const caseId = randomUUID();
      const alertId = missedCheckInAlertId(caseId, DUE[0]);
      const history = [...released(caseId), miss(caseId, 1)];
      await storeCaseHistory(projector.db, caseId, history, '2026-12-01T09:00:00.000Z');
      await projector.project(history);
      // As the scheduler recorded an escalation then: its deadline fired, the alert escalated.
      await projector.db.query(
        `INSERT INTO public.deadlines (deadline_id, kind, case_id, due_at, fire_at, alert_id, status, outcome, settled_at)
         VALUES ($1, 'ALERT_ACK', $2, '2026-12-02T09:00:00Z', '2026-12-02T09:00:00Z', $3, 'FIRED', 'ESCALATED',
           '2026-12-02T09:00:00Z')`,
        [`ALERT_ACK:${alertId}:1`, caseId, alertId],
      );
      await projector.db.query(
        `UPDATE alerts SET status = 'ESCALATED', updated_at = '2026-12-02T09:00:00Z' WHERE alert_id = $1`,
        [alertId],
      );
      const [{ count: before }]: { count: string }[] = await projector.db.query(
        'SELECT count(*) AS count FROM outbox',
      );

      await rebuildReadModels(projector.db, new PostgresEventStore(projector.db), caseProjections());

      const [{ count: after }]: { count: string }[] = await projector.db.query(
        'SELECT count(*) AS count FROM outbox',
      );
      expect(after).toBe(before);
      const alerts = await findAlerts(projector.db, { limit: 1000, offset: 0 });
      expect(alerts.find((alert) => alert.alertId === alertId)).toMatchObject({
        status: 'ESCALATED',
        escalationLevel: 'SUPERVISOR',
        updatedAt: '2026-12-02T09:00:00.000Z',
      });
    });
  });
});
