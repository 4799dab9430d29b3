import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { toCaseEventMessage, type CaseEventMessage } from '@casetrail/contracts';
import { dataSourceOptions } from '@casetrail/database';
import { liveCaseProjections } from '@casetrail/deadlines';
import type { CaseEvent } from '@casetrail/domain';
import { PostgresEventStore, START_OF_HISTORY } from '@casetrail/event-store';
import { CaseEventApplier } from '@casetrail/read-models';
import { caseEventMessages } from './case-event-messages';
import { createTestDatabase } from './test-database';

/** Applies messages to every read model and the deadlines in one transaction, as the projector does. */
export async function projectCaseEventMessages(db: DataSource, messages: CaseEventMessage[]): Promise<void> {
  const applier = new CaseEventApplier(liveCaseProjections(), new PostgresEventStore(db));
  await db.transaction((manager) => applier.apply(manager, messages));
}

/**
 * Applies one case's events (stream versions from `firstVersion`), so a read model or a query can be
 * tested without running the projector and Kafka.
 */
export async function projectCaseEvents(
  db: DataSource,
  events: CaseEvent[],
  firstVersion = 1,
): Promise<void> {
  await projectCaseEventMessages(db, caseEventMessages(events, firstVersion));
}

export interface CaseProjectionTestContext {
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

/** The read models and deadlines on a fresh database, fed batches by the test. */
export async function startCaseProjection(): Promise<CaseProjectionTestContext> {
  const database = await createTestDatabase();
  const db = await new DataSource(dataSourceOptions(database.url)).initialize();
  const projectMessages = async (messages: CaseEventMessage[]) => {
    await projectCaseEventMessages(db, messages);
    await projectCaseEventMessages(db, messages);
  };
  return {
    db,
    async project(events, firstVersion = 1) {
      await projectMessages(caseEventMessages(events, firstVersion));
    },
    projectMessages,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}

/** Stores one case's history in the event store, so that a rebuild finds what a test projected. */
export async function storeCaseHistory(
  db: DataSource,
  caseId: string,
  history: CaseEvent[],
  recordedAt: string,
): Promise<void> {
  await new PostgresEventStore(db).append(
    caseId,
    0,
    history.map((event) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: event.version,
      data: event.data,
      metadata: { actor: { userId: 'officer-1', role: 'OFFICER' }, correlationId: 'test', causationId: null },
      occurredAt: recordedAt,
      recordedAt,
    })),
    { streamType: 'case' },
  );
}

/**
 * Stores one case's events, each at the business time `occurredAt` gives it, and nothing else: what a
 * test then projects from the store (`projectStoredEvents`) a rebuild reads again.
 */
export async function storeCaseEvents(
  db: DataSource,
  caseId: string,
  events: { event: CaseEvent; occurredAt: string }[],
): Promise<void> {
  await new PostgresEventStore(db).append(
    caseId,
    0,
    events.map(({ event, occurredAt }) => ({
      eventId: randomUUID(),
      type: event.type,
      schemaVersion: event.version,
      data: event.data,
      metadata: { actor: { userId: 'officer-1', role: 'OFFICER' }, correlationId: 'test', causationId: null },
      occurredAt,
      recordedAt: occurredAt,
    })),
    { streamType: 'case' },
  );
}

/**
 * Projects every event of the (private) test database's store, twice, as a redelivering projector
 * would: the read models must end as if each came once.
 */
export async function projectStoredEvents(db: DataSource): Promise<void> {
  const stored = await new PostgresEventStore(db).readAllCommitted(START_OF_HISTORY);
  const messages = stored.map((event) => toCaseEventMessage(event, ''));
  await projectCaseEventMessages(db, messages);
  await projectCaseEventMessages(db, messages);
}
