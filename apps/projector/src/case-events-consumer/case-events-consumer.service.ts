import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, topicSpecsFor } from '@casetrail/config';
import { SharedStatements } from '@casetrail/database';
import { deadLetterTopic, HEADERS, TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import { writeOutbox } from '@casetrail/event-store';
import {
  MessageBroker,
  type BatchConsumer,
  type IncomingBatch,
  type IncomingMessage,
} from '@casetrail/messaging';
import { CASE_EVENT_TYPES } from '@casetrail/domain';
import { inMessagesSpan, Readiness, traceHeaders } from '@casetrail/observability';
import { announceReadModelChange, CaseEventApplier, READ_MODEL_SWAP_LOCK } from '@casetrail/read-models';
import { CaseEventsConsumerMetrics } from './case-events-consumer.metrics';

/**
 * Consumes `case-events.v1` and applies each batch to the read models in one transaction together
 * with the partition's checkpoint. Kafka offsets are committed after that transaction; if the
 * process dies in between, the batch comes again and the applier recognises every event as seen.
 *
 * Kafka hands over the batches of several partitions at once, and those that arrive while a
 * transaction runs go together in the next one, each with its partition's checkpoint: one
 * transaction at a time, so counters that cases of different partitions share are never written
 * by two at once, and an event no longer waits for one transaction per partition fetched before it.
 *
 * A batch that fails is applied again one message at a time, and a message that fails on its own
 * goes to `case-events.v1.dlq` (with the checkpoint, in one transaction), so one poison message
 * cannot stall its partition. Losing that copy loses nothing: the next event of the same case finds
 * the hole and reads the missing versions from the event store (see CaseEventApplier), so a corrupt
 * copy on Kafka is repaired by that case's next event. Transient infrastructure errors are never
 * dead-lettered; they are rethrown, and Kafka delivers the batch again.
 */
@Injectable()
export class CaseEventsConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseEventsConsumerService.name);
  private consumer?: BatchConsumer;
  private commitsBeforeCrash = 0;
  /** Batches handed over while a transaction runs, joined in the next (see applyTogether). */
  private readonly batches = new SharedStatements<IncomingBatch, void>({
    inFlight: 1,
    maxRequests: PARTITIONS_AT_ONCE,
    admission: () => {
      let messages = 0;
      return (batch) => {
        messages += batch.messages.length;
        return messages <= MESSAGES_TOGETHER;
      };
    },
    send: (batches) => this.applyTogether(batches),
  });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly broker: MessageBroker,
    private readonly applier: CaseEventApplier,
    private readonly config: AppConfig,
    private readonly metrics: CaseEventsConsumerMetrics,
    readiness: Readiness,
  ) {
    readiness.register('consumer', () => {
      if (!this.consumer?.running) throw new Error(`not consuming ${TOPICS.caseEvents}`);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.commitsBeforeCrash = this.config.FAULT_CRASH_AFTER_PROJECTION_COMMITS;
    if (this.commitsBeforeCrash > 0)
      this.logger.warn(`fault injection: crashing after ${this.commitsBeforeCrash} committed batches`);
    await this.broker.ensureTopics(topicSpecsFor(this.config));
    this.consumer = this.broker.createBatchConsumer({
      groupId: this.config.PROJECTOR_GROUP_ID,
      topics: [TOPICS.caseEvents],
      fromBeginning: true,
      partitionsAtOnce: PARTITIONS_AT_ONCE,
    });
    await this.consumer.run((batch) => this.handle(batch));
    this.logger.log(`projecting ${TOPICS.caseEvents} as group ${this.config.PROJECTOR_GROUP_ID}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async handle(batch: IncomingBatch): Promise<void> {
    if (batch.messages.length === 0) return;
    await this.batches.submit(batch);
    const last = batch.messages[batch.messages.length - 1];
    this.metrics.caughtUpTo(batch.partition, last.offset, batch.highWatermark);
  }

  /**
   * Batches of different partitions (Kafka never hands over a partition's next batch before its
   * last is done) in one transaction; should that fail for a message of its own, each batch as if
   * it had come alone. A transient failure fails them all: Kafka delivers each again.
   */
  private async applyTogether(batches: readonly IncomingBatch[]): Promise<void[]> {
    if (batches.length > 1) {
      try {
        await this.apply(batches.flatMap((batch) => batch.messages));
        return batches.map(() => undefined);
      } catch (error) {
        if (isTransient(error)) throw error;
      }
    }
    for (const batch of batches) await this.handleMessages(batch);
    return batches.map(() => undefined);
  }

  private async handleMessages(batch: IncomingBatch): Promise<void> {
    try {
      await this.apply(batch.messages);
      return;
    } catch (error) {
      if (isTransient(error)) throw error;
      this.logger.log(
        { correlationIds: correlationIdsOf(batch.messages) },
        `batch of ${batch.messages.length} on ${batch.topic} partition ${batch.partition} failed ` +
          `(${error instanceof Error ? error.name : typeof error}); applying its messages one by one`,
      );
    }
    for (const message of batch.messages) {
      try {
        await this.apply([message]);
      } catch (error) {
        if (isTransient(error)) throw error;
        await this.deadLetter(message, error);
      }
    }
  }

  /** Applies messages, each partition's in offset order, and moves their partitions' checkpoints past them. */
  private async apply(messages: IncomingMessage[]): Promise<void> {
    // The batch continues the trace of its first message's command and links the others'.
    await inMessagesSpan(
      `${TOPICS.caseEvents} process`,
      messages.map((message) => message.headers),
      () => this.applyInTransaction(messages),
      { attributes: { 'messaging.batch.message_count': messages.length } },
    );
  }

  private async applyInTransaction(messages: IncomingMessage[]): Promise<void> {
    const records = messages.map((message) => parseCaseEvent(message.value));
    const outcome = await this.dataSource.transaction(async (manager) => {
      // A rebuild swapping in new tables waits for this batch, and this batch for the swap.
      await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [READ_MODEL_SWAP_LOCK]);
      const applied = await this.applier.apply(manager, records);
      await announceReadModelChange(manager, {
        officeIds: [...applied.officeIds],
        alertIds: [...applied.alertIds],
        ...traceHeaders(),
      });
      for (const last of lastOfEachPartition(messages)) await this.saveCheckpoint(manager, last);
      return applied;
    });
    this.crashPointAfterCommit();
    this.metrics.applied.inc(outcome.applied + outcome.filledFromStore);
    this.metrics.duplicates.inc(outcome.duplicates);
    this.metrics.reached(records.map((record) => record.recordedAt));
  }

  /**
   * Fault injection for the fault suite (FAULT_CRASH_AFTER_PROJECTION_COMMITS, refused in
   * production): the process dies right after its Nth committed batch, before Kafka hears of it,
   * so the batch comes again and must be recognised as applied.
   */
  private crashPointAfterCommit(): void {
    if (this.commitsBeforeCrash === 0) return;
    this.commitsBeforeCrash -= 1;
    if (this.commitsBeforeCrash === 0) process.kill(process.pid, 'SIGKILL');
  }

  private async deadLetter(message: IncomingMessage, error: unknown): Promise<void> {
    const reason = errorText(error);
    await this.dataSource.transaction(async (manager) => {
      await writeOutbox(manager, [
        {
          topic: deadLetterTopic(message.topic),
          key: message.key ?? 'unknown',
          payload: {
            // The shape documented for `*.dlq` in libs/contracts/asyncapi.yaml.
            topic: message.topic,
            partition: message.partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            consumerGroup: this.config.PROJECTOR_GROUP_ID,
            error: reason,
            failedAt: new Date().toISOString(),
          },
          headers: { 'dlq-reason': reason },
        },
      ]);
      await this.saveCheckpoint(manager, message);
    });
    this.metrics.deadLettered.inc();
    // Never the value, nor the error's message: both can quote personal data (the DLQ keeps them).
    const name = error instanceof Error ? error.name : typeof error;
    const code = errorCode(error);
    const correlationId = message.headers[HEADERS.correlationId];
    this.logger.warn(
      { correlationId },
      `dead-lettered ${message.topic} partition ${message.partition} offset ${message.offset}: ` +
        `${name}${code ? ` (${code})` : ''}`,
    );
  }

  private async saveCheckpoint(manager: EntityManager, last: IncomingMessage): Promise<void> {
    await manager.query(
      `INSERT INTO projection_checkpoints (consumer_group, topic, partition, next_offset, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = $4, updated_at = now()`,
      [this.config.PROJECTOR_GROUP_ID, last.topic, last.partition, (BigInt(last.offset) + 1n).toString()],
    );
  }
}

/** Kafka hands the handler at most this many partitions' batches at once. */
const PARTITIONS_AT_ONCE = 12;
/**
 * Batches join one transaction while they hold this many messages in all; a larger one (a backlog)
 * goes alone, as every batch did before, so a transaction's case states in memory stay as bounded.
 * Joined, a deadline storm's batches took the projector's peak RSS from 270 past 300 MB.
 */
const MESSAGES_TOGETHER = 500;

/** The last message of each partition among `messages` (each partition's in offset order). */
function lastOfEachPartition(messages: readonly IncomingMessage[]): IncomingMessage[] {
  const last = new Map<string, IncomingMessage>();
  for (const message of messages) last.set(`${message.topic}\u0000${message.partition}`, message);
  return [...last.values()];
}

/** Thrown for a value that is not a case event; its message never quotes the value. */
class UnreadableCaseEvent extends Error {
  override readonly name = 'UnreadableCaseEvent';
}

function parseCaseEvent(value: string | null): CaseEventMessage {
  if (value === null) throw new UnreadableCaseEvent('case event message without a value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UnreadableCaseEvent('case event message is not JSON');
  }
  const event = parsed as Partial<CaseEventMessage> | null;
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.caseId !== 'string' ||
    typeof event.eventType !== 'string' ||
    !Number.isInteger(event.streamVersion) ||
    (event.streamVersion ?? 0) < 1
  ) {
    throw new UnreadableCaseEvent('case event message without caseId, eventType or streamVersion');
  }
  // An unknown type would be applied as a no-op and move the case's version past its real events.
  if (!(CASE_EVENT_TYPES as readonly string[]).includes(event.eventType)) {
    throw new UnreadableCaseEvent('case event message of an unknown eventType');
  }
  return event as CaseEventMessage;
}

const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET']);

/**
 * Errors that say nothing about the message: Postgres unreachable, restarting, out of resources, or
 * a deadlock / serialization conflict. Retrying later may well succeed, so nothing is dead-lettered.
 */
function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined) {
    if (TRANSIENT_NETWORK_CODES.has(code)) return true;
    // SQLSTATE: 08 connection exception, 53 insufficient resources, 57P01-03 shutdown / cannot
    // connect now, 57014 query cancelled (statement timeout), 40001 / 40P01 serialization / deadlock.
    if (/^(08|53)[0-9A-Z]{3}$|^57P0[1-3]$|^57014$|^40001$|^40P01$/.test(code)) return true;
  }
  // node-postgres reports a dropped connection or a pool timeout without a code.
  return (
    error instanceof Error &&
    /Connection terminated|timeout exceeded when trying to connect/.test(error.message)
  );
}

/** A Node or Postgres (SQLSTATE) error code, also from TypeORM's QueryFailedError.driverError. */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: unknown };
  if (typeof code === 'string') return code;
  return driverError === undefined ? undefined : errorCode(driverError);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The distinct correlation ids of the messages, from their `correlation-id` headers. */
function correlationIdsOf(messages: IncomingMessage[]): string[] {
  return [...new Set(messages.map((message) => message.headers[HEADERS.correlationId]).filter(Boolean))];
}
