import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import { PostgresEventStore } from '@casetrail/event-store';
import { findOfficerCaseloads } from '@casetrail/read-models';
import {
  caseEventBatch,
  compileApp,
  createTestDatabase,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@casetrail/testing';
import { ProjectorModule } from '../projector.module';
import { CaseEventsConsumerService } from './case-events-consumer.service';

function message(
  caseId: string,
  streamVersion: number,
  eventType: string,
  data: Record<string, unknown>,
): CaseEventMessage {
  return {
    eventId: randomUUID(),
    eventType,
    schemaVersion: 1,
    caseId,
    streamVersion,
    officeId: 'ATL',
    occurredAt: '2026-11-20T09:00:00.000Z',
    recordedAt: '2026-11-20T09:00:01.000Z',
    actor: { userId: 'officer-1', role: 'OFFICER' },
    correlationId: 'corr',
    causationId: null,
    data,
  };
}

const batch = caseEventBatch;

function opened(caseId: string, officerId: string) {
  return message(caseId, 1, 'CaseOpened', {
    caseId,
    officeId: 'ATL',
    officerId,
    subject: {
      givenName: 'A',
      familyName: 'B',
      aNumber: 'A12345678',
      dateOfBirth: '1990-01-01',
      countryOfCitizenship: 'MX',
    },
    openedAt: '2026-11-20T09:00:00.000Z',
  });
}

function booked(caseId: string) {
  return message(caseId, 2, 'DetentionBooked', {
    caseId,
    facilityId: 'F',
    bookedInAt: '2026-11-21T09:00:00.000Z',
    riskClassificationDueAt: '2026-11-26T09:00:00.000Z',
  });
}

/** The projector's batch handling against the real Postgres; Kafka delivery is simulated by calling it. */
describe('CaseEventsConsumerService', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let consumer: CaseEventsConsumerService;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    moduleRef = await compileApp(ProjectorModule, {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
    });
    // Not initialised: the Kafka consumer stays off, and the test hands batches over itself.
    consumer = moduleRef.get(CaseEventsConsumerService);
    db = moduleRef.get(DataSource);
    await db.initialize().catch(() => undefined);
  });

  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  const caseload = async (officerId: string) =>
    (await findOfficerCaseloads(db, { officeId: 'ATL', limit: 100, offset: 0 })).find(
      (row) => row.officerId === officerId,
    );

  it('moves a case from the pending to the detained docket of its officer', async () => {
    const caseId = randomUUID();
    await consumer.handle(batch([opened(caseId, 'ATL-1'), booked(caseId)]));
    expect(await caseload('ATL-1')).toMatchObject({ pending: 0, detained: 1, total: 1 });
  });

  it('changes nothing when a whole batch is delivered again', async () => {
    const caseId = randomUUID();
    const delivered = batch([opened(caseId, 'ATL-2'), booked(caseId)]);
    await consumer.handle(delivered);
    const once = await caseload('ATL-2');
    await consumer.handle(delivered);
    await consumer.handle(
      batch([delivered.messages.map((m) => JSON.parse(m.value ?? '') as CaseEventMessage)[1]]),
    );
    expect(await caseload('ATL-2')).toEqual(once);
  });

  it('records the partition checkpoint with the read-model change', async () => {
    const caseId = randomUUID();
    await consumer.handle(batch([opened(caseId, 'ATL-3')], 41));
    const [row]: { next_offset: string }[] = await db.query(
      `SELECT next_offset FROM projection_checkpoints WHERE topic = $1 AND partition = 0`,
      [TOPICS.caseEvents],
    );
    expect(row.next_offset).toBe('42');
  });

  it('applies nothing of a batch whose transaction fails', async () => {
    const caseId = randomUUID();
    const poisoned = batch([opened(caseId, 'ATL-4')]);
    poisoned.messages.push({ ...poisoned.messages[0], offset: '1', value: '{not json' });
    await expect(consumer.handle(poisoned)).rejects.toThrow();
    expect(await caseload('ATL-4')).toBeUndefined();
  });

  it('reads the events it missed from the event store when a later one arrives first', async () => {
    const caseId = randomUUID();
    const history = [opened(caseId, 'ATL-5'), booked(caseId)];
    await moduleRef.get(PostgresEventStore).append(
      caseId,
      0,
      history.map((event) => ({
        eventId: event.eventId,
        type: event.eventType,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: { actor: event.actor, correlationId: event.correlationId, causationId: null },
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
      })),
      { streamType: 'case' },
    );
    await consumer.handle(batch([history[1]]));
    expect(await caseload('ATL-5')).toMatchObject({ pending: 0, detained: 1 });
  });
});
