import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { SystemClock, standaloneCaseRepository } from '@casetrail/case-commands';
import { toCaseEventMessage } from '@casetrail/contracts';
import { loadConfig, topicSpecsFor } from '@casetrail/config';
import { TOPICS } from '@casetrail/contracts';
import { PostgresEventStore, START_OF_HISTORY } from '@casetrail/event-store';
import { KafkaMessageBroker } from '@casetrail/messaging';
import { findOfficerCaseloads } from '@casetrail/read-models';
import {
  compileApp,
  createTestDatabase,
  eventually,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@casetrail/testing';
import { ProjectorModule } from '../projector.module';
import { CaseEventsConsumerService } from './case-events-consumer.service';

const CASES = 60;
const officer = { userId: 'officer-1', role: 'OFFICER' as const };
const subject = {
  givenName: 'K',
  familyName: 'F',
  aNumber: 'A12345678',
  dateOfBirth: '1990-01-01',
  countryOfCitizenship: 'MX',
};

/**
 * The projector on the real broker: cases are recorded in the event store, their events published
 * to a fresh topic, and projectors consume them as production does.
 */
describe('projector on Kafka', () => {
  async function recordAndPublish(
    database: TestDatabase,
    topicPrefix: string,
  ): Promise<Record<string, { pending: number; detained: number }>> {
    const dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    const config = loadConfig({ DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: topicPrefix });
    const cases = standaloneCaseRepository(dataSource, config, new SystemClock());
    const expected: Record<string, { pending: number; detained: number }> = {};
    for (let index = 0; index < CASES; index += 1) {
      const caseId = randomUUID();
      const officerId = `K-${index % 5}`;
      const request = { actor: officer, correlationId: 'kafka-test' };
      await cases.execute(
        caseId,
        {
          type: 'OpenCase',
          data: { caseId, officeId: 'KAF', officerId, subject, openedAt: '2026-11-01T00:00:00Z' },
        },
        request,
      );
      const counts = (expected[officerId] ??= { pending: 0, detained: 0 });
      if (index % 2 === 0) {
        await cases.execute(
          caseId,
          { type: 'BookDetention', data: { facilityId: 'F', bookedInAt: '2026-11-02T00:00:00Z' } },
          request,
        );
        counts.detained += 1;
      } else {
        counts.pending += 1;
      }
    }
    const broker = new KafkaMessageBroker({ clientId: 'test', brokers: config.kafkaBrokers, topicPrefix });
    await broker.ensureTopics(topicSpecsFor(config));
    const publisher = await broker.createPublisher();
    // Every event this test appended has committed; readAll would also wait out long transactions
    // elsewhere on a shared server.
    const events = await new PostgresEventStore(dataSource).readAllCommitted(START_OF_HISTORY);
    await publisher.publish(
      events.map((event) => ({
        topic: TOPICS.caseEvents,
        key: event.streamId,
        value: JSON.stringify(toCaseEventMessage(event, 'KAF')),
      })),
    );
    await publisher.disconnect();
    await dataSource.destroy();
    return expected;
  }

  async function caseloads(db: DataSource) {
    const rows = await findOfficerCaseloads(db, { officeId: 'KAF', limit: 100, offset: 0 });
    return Object.fromEntries(
      rows.map((row) => [row.officerId, { pending: row.pending, detained: row.detained }]),
    );
  }

  describe('with two projector instances in one consumer group', () => {
    let database: TestDatabase;
    const apps: INestApplicationContext[] = [];

    afterAll(async () => {
      for (const app of apps) await app.close();
      await database.drop();
    });

    it('builds the same views as one projector would', async () => {
      database = await createTestDatabase();
      const topicPrefix = uniqueTopicPrefix();
      const settings = {
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        PROJECTOR_GROUP_ID: `${topicPrefix}group`,
      };
      for (let instance = 0; instance < 2; instance += 1) {
        const app = (await compileApp(ProjectorModule, settings)).createNestApplication({ logger: false });
        await app.init();
        apps.push(app);
      }
      const expected = await recordAndPublish(database, topicPrefix);

      const db = apps[0].get(DataSource);
      await eventually(async () => expect(await caseloads(db)).toEqual(expected), 20_000, 200);
      const [{ partitions }]: { partitions: string }[] = await db.query(
        'SELECT count(DISTINCT partition) AS partitions FROM projection_checkpoints WHERE consumer_group = $1',
        [settings.PROJECTOR_GROUP_ID],
      );
      expect(Number(partitions)).toBeGreaterThan(1);
    }, 60_000);
  });

  describe('when a projector dies after its database commit and before its offset commit', () => {
    let database: TestDatabase;
    let moduleRef: TestingModule;

    afterAll(async () => {
      await moduleRef.close();
      await database.drop();
    });

    it('sees the batch again and changes nothing the second time', async () => {
      database = await createTestDatabase();
      const topicPrefix = uniqueTopicPrefix();
      moduleRef = await compileApp(ProjectorModule, {
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: topicPrefix,
      });
      const service = moduleRef.get(CaseEventsConsumerService);
      const db = moduleRef.get(DataSource);
      await db.initialize().catch(() => undefined);
      const expected = await recordAndPublish(database, topicPrefix);

      const broker = new KafkaMessageBroker({ clientId: 'test', brokers: ['127.0.0.1:9092'], topicPrefix });
      const consumer = broker.createBatchConsumer({
        groupId: `${topicPrefix}crashy`,
        topics: [TOPICS.caseEvents],
        fromBeginning: true,
      });
      const crashedOnce = new Set<string>();
      let crashes = 0;
      let committedMessages = 0;
      await consumer.run(async (batch) => {
        const first = `${batch.partition}:${batch.messages[0].offset}`;
        await service.handle(batch);
        if (!crashedOnce.has(first)) {
          crashedOnce.add(first);
          crashes += 1;
          // Committed to Postgres, dies before Kafka hears of it.
          throw new Error('simulated crash between the database commit and the offset commit');
        }
        committedMessages += batch.messages.length;
      });
      try {
        // Every message ends up in a batch whose offsets were committed, after its crashed attempt.
        const events = CASES + CASES / 2;
        await eventually(() => expect(committedMessages).toBeGreaterThanOrEqual(events), 30_000, 200);
        expect(crashes).toBeGreaterThan(0);
        expect(await caseloads(db)).toEqual(expected);
      } finally {
        await consumer.stop();
      }
    }, 60_000);
  });
});
