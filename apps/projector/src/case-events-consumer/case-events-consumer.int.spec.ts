import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { deadLetterTopic, HEADERS, TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import { PostgresEventStore } from '@casetrail/event-store';
import type { IncomingBatch } from '@casetrail/messaging';
import { CaseEventApplier, findOfficerCaseloads } from '@casetrail/read-models';
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

  const appendToEventStore = (caseId: string, history: CaseEventMessage[]) =>
    moduleRef.get(PostgresEventStore).append(
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

  const deadLetters = async (offset: string) =>
    await db.query<
      { message_key: string; payload: Record<string, unknown>; headers: Record<string, string> }[]
    >(`SELECT message_key, payload, headers FROM outbox WHERE topic = $1 AND payload->>'offset' = $2`, [
      deadLetterTopic(TOPICS.caseEvents),
      offset,
    ]);

  const checkpoint = async (partition: number) => {
    const [row]: { next_offset: string }[] = await db.query(
      `SELECT next_offset FROM projection_checkpoints WHERE topic = $1 AND partition = $2`,
      [TOPICS.caseEvents, partition],
    );
    return row?.next_offset;
  };

  /** A batch of `partition`, as Kafka hands them over. */
  const onPartition = (delivered: IncomingBatch, partition: number): IncomingBatch => ({
    ...delivered,
    partition,
    messages: delivered.messages.map((m) => ({ ...m, partition })),
  });

  /** A batch whose second of three messages is not a case event. */
  const poisonedBatch = (caseA: string, caseB: string, officerId: string, firstOffset: number) => {
    const poisoned = batch([opened(caseA, officerId), opened(caseB, `${officerId}b`)], firstOffset);
    const [first, second] = poisoned.messages;
    const bad = { ...first, offset: String(firstOffset + 1), value: '{not json A12345678' };
    poisoned.messages = [first, bad, { ...second, offset: String(firstOffset + 2) }];
    return poisoned;
  };

  it('applies the batches of partitions handed over together in one transaction, each with its checkpoint', async () => {
    const [caseA, caseB, caseC] = [randomUUID(), randomUUID(), randomUUID()];
    const transactions = jest.spyOn(db, 'transaction');
    try {
      await Promise.all([
        consumer.handle(onPartition(batch([opened(caseA, 'ATL-11')], 110), 11)),
        consumer.handle(onPartition(batch([opened(caseB, 'ATL-11'), booked(caseB)], 120), 12)),
        consumer.handle(onPartition(batch([opened(caseC, 'ATL-11')], 130), 13)),
      ]);
      // The first at once, alone; the two handed over while it ran, together.
      expect(transactions).toHaveBeenCalledTimes(2);
    } finally {
      transactions.mockRestore();
    }
    expect(await caseload('ATL-11')).toMatchObject({ pending: 2, detained: 1, total: 3 });
    expect([await checkpoint(11), await checkpoint(12), await checkpoint(13)]).toEqual(['111', '122', '131']);
  });

  it('applies a batch of a backlog in a transaction of its own, so as to keep what it holds in memory bounded', async () => {
    const backlog = Array.from({ length: 501 }, () => opened(randomUUID(), 'ATL-17'));
    const transactions = jest.spyOn(db, 'transaction');
    try {
      await Promise.all([
        consumer.handle(onPartition(batch([opened(randomUUID(), 'ATL-17')], 170), 17)),
        consumer.handle(onPartition(batch(backlog, 180), 18)),
        consumer.handle(onPartition(batch([opened(randomUUID(), 'ATL-17')], 190), 19)),
      ]);
      expect(transactions).toHaveBeenCalledTimes(3);
    } finally {
      transactions.mockRestore();
    }
    expect(await caseload('ATL-17')).toMatchObject({ pending: 503, total: 503 });
    expect([await checkpoint(17), await checkpoint(18), await checkpoint(19)]).toEqual(['171', '681', '191']);
  });

  it('applies batches handed over together one by one when one of them holds a message it cannot apply', async () => {
    const [caseA, caseB, caseC, caseD] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await Promise.all([
        consumer.handle(onPartition(batch([opened(caseA, 'ATL-14')], 140), 14)),
        consumer.handle(onPartition(poisonedBatch(caseB, caseC, 'ATL-15', 150), 15)),
        consumer.handle(onPartition(batch([opened(caseD, 'ATL-16')], 160), 16)),
      ]);
    } finally {
      warn.mockRestore();
    }
    expect(await deadLetters('151')).toHaveLength(1);
    expect(await caseload('ATL-15')).toMatchObject({ pending: 1, total: 1 });
    expect(await caseload('ATL-15b')).toMatchObject({ pending: 1, total: 1 });
    expect(await caseload('ATL-16')).toMatchObject({ pending: 1, total: 1 });
    expect([await checkpoint(15), await checkpoint(16)]).toEqual(['153', '161']);
  });

  it('dead-letters a message it cannot apply and applies the rest of its batch', async () => {
    const [caseA, caseB] = [randomUUID(), randomUUID()];
    const poisoned = batch([opened(caseA, 'ATL-4'), opened(caseB, 'ATL-4b')], 500);
    poisoned.partition = 7;
    for (const m of poisoned.messages) m.partition = 7;
    const bad = {
      ...poisoned.messages[0],
      offset: '501',
      key: caseA,
      value: '{not json A12345678',
      headers: { [HEADERS.correlationId]: 'corr-poisoned' },
    };
    poisoned.messages = [poisoned.messages[0], bad, { ...poisoned.messages[1], offset: '502' }];
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await consumer.handle(poisoned);
      expect(await caseload('ATL-4')).toMatchObject({ pending: 1, total: 1 });
      expect(await caseload('ATL-4b')).toMatchObject({ pending: 1, total: 1 });
      const dead = await deadLetters('501');
      expect(dead).toHaveLength(1);
      expect(dead[0].message_key).toBe(caseA);
      expect(dead[0].payload).toEqual({
        topic: TOPICS.caseEvents,
        partition: 7,
        offset: '501',
        key: caseA,
        value: '{not json A12345678',
        consumerGroup: 'casetrail-projector',
        error: expect.stringMatching(/^UnreadableCaseEvent: /) as unknown,
        failedAt: expect.any(String) as unknown,
      });
      expect(String(dead[0].payload.error)).not.toContain('A12345678');
      expect(dead[0].headers['dlq-reason']).toBe(dead[0].payload.error);
      expect(await deadLetters('500')).toHaveLength(0);
      expect(await deadLetters('502')).toHaveLength(0);
      expect(await checkpoint(7)).toBe('503');
      expect(warn).toHaveBeenCalledTimes(1);
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged).toContain('partition 7 offset 501');
      expect(warn.mock.calls[0][0]).toEqual({ correlationId: 'corr-poisoned' });
      expect(logged).not.toContain('A12345678');
      expect(logged).not.toContain('not json');
    } finally {
      warn.mockRestore();
    }
  });

  it('dead-letters nothing when the database fails, so Kafka delivers the batch again', async () => {
    const caseId = randomUUID();
    const applier = moduleRef.get(CaseEventApplier);
    for (const code of ['ECONNREFUSED', '57P01', '08006']) {
      const failure = Object.assign(new Error('database unavailable'), { code });
      const apply = jest.spyOn(applier, 'apply').mockRejectedValue(failure);
      try {
        await expect(consumer.handle(batch([opened(caseId, 'ATL-7')], 700))).rejects.toBe(failure);
      } finally {
        apply.mockRestore();
      }
    }
    expect(await deadLetters('700')).toHaveLength(0);
    expect(await caseload('ATL-7')).toBeUndefined();
  });

  it('repairs a dead-lettered event of a case from the event store when its next event arrives', async () => {
    const caseId = randomUUID();
    const detainerRequested = message(caseId, 3, 'DetainerRequested', {
      caseId,
      detainerId: randomUUID(),
      jurisdictionId: 'J-1',
      requestedBy: 'officer-1',
      requestedAt: '2026-11-22T09:00:00.000Z',
    });
    const history = [opened(caseId, 'ATL-6'), booked(caseId), detainerRequested];
    await appendToEventStore(caseId, history);
    // The copy of DetentionBooked on Kafka is corrupt (truncated), so it is dead-lettered.
    const corrupt = batch(history.slice(0, 2), 600);
    corrupt.messages[1].value = JSON.stringify(history[1]).slice(0, 40);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await consumer.handle(corrupt);
    } finally {
      warn.mockRestore();
    }
    expect(await deadLetters('601')).toHaveLength(1);
    expect(await caseload('ATL-6')).toMatchObject({ pending: 1, detained: 0 });

    await consumer.handle(batch([detainerRequested], 602));
    expect(await caseload('ATL-6')).toMatchObject({ pending: 0, detained: 1 });
    expect(await checkpoint(0)).toBe('603');
  });

  it('reads the events it missed from the event store when a later one arrives first', async () => {
    const caseId = randomUUID();
    const history = [opened(caseId, 'ATL-5'), booked(caseId)];
    await appendToEventStore(caseId, history);
    await consumer.handle(batch([history[1]]));
    expect(await caseload('ATL-5')).toMatchObject({ pending: 0, detained: 1 });
  });
});
