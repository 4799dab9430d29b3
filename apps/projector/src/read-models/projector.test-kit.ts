import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { CaseEventMessage } from '@casetrail/contracts';
import type { CaseEvent } from '@casetrail/domain';
import {
  caseEventBatch,
  caseEventMessages,
  compileApp,
  createTestDatabase,
  uniqueTopicPrefix,
  type TestDatabase,
} from '@casetrail/testing';
import { CaseEventsConsumerService } from '../case-events-consumer/case-events-consumer.service';
import { ProjectorModule } from '../projector.module';

export interface ProjectorTestContext {
  db: DataSource;
  /**
   * Delivers one case's events (stream versions from `firstVersion`) as a single batch, then the
   * same batch again, as Kafka may after a crash: every read model must end as if it came once.
   */
  project(events: CaseEvent[], firstVersion?: number): Promise<void>;
  /** As `project`, for messages built by the test (e.g. with their own correlation ids). */
  projectMessages(messages: CaseEventMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** The projector's batch handling on a fresh database; Kafka delivery is simulated by calling it. */
export async function startProjector(): Promise<ProjectorTestContext> {
  const database: TestDatabase = await createTestDatabase();
  const moduleRef: TestingModule = await compileApp(ProjectorModule, {
    DATABASE_URL: database.url,
    KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
  });
  // Not initialised: the Kafka consumer stays off, and the test hands batches over itself.
  const consumer = moduleRef.get(CaseEventsConsumerService);
  const db = moduleRef.get(DataSource);
  await db.initialize().catch(() => undefined);
  let offset = 0;
  const projectMessages = async (messages: CaseEventMessage[]) => {
    const batch = caseEventBatch(messages, offset);
    offset += messages.length;
    await consumer.handle(batch);
    await consumer.handle(batch);
  };
  return {
    db,
    async project(events, firstVersion = 1) {
      await projectMessages(caseEventMessages(events, firstVersion));
    },
    projectMessages,
    async close() {
      await moduleRef.close();
      await database.drop();
    },
  };
}
