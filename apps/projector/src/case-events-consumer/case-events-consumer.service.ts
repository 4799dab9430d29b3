import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, topicSpecsFor } from '@casetrail/config';
import { TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import { MessageBroker, type BatchConsumer, type IncomingBatch } from '@casetrail/messaging';
import { announceReadModelChange, CaseEventApplier, READ_MODEL_SWAP_LOCK } from '@casetrail/read-models';

/**
 * Consumes `case-events.v1` and applies each batch to the read models in one transaction together
 * with the partition's checkpoint. Kafka offsets are committed after that transaction; if the
 * process dies in between, the batch comes again and the applier recognises every event as seen.
 */
@Injectable()
export class CaseEventsConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CaseEventsConsumerService.name);
  private consumer?: BatchConsumer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly broker: MessageBroker,
    private readonly applier: CaseEventApplier,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.ensureTopics(topicSpecsFor(this.config));
    this.consumer = this.broker.createBatchConsumer({
      groupId: this.config.PROJECTOR_GROUP_ID,
      topics: [TOPICS.caseEvents],
      fromBeginning: true,
    });
    await this.consumer.run((batch) => this.handle(batch));
    this.logger.log(`projecting ${TOPICS.caseEvents} as group ${this.config.PROJECTOR_GROUP_ID}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async handle(batch: IncomingBatch): Promise<void> {
    const records = batch.messages.map((message) => parseCaseEvent(message.value));
    const nextOffset = (BigInt(batch.messages[batch.messages.length - 1].offset) + 1n).toString();
    await this.dataSource.transaction(async (manager) => {
      // A rebuild swapping in new tables waits for this batch, and this batch for the swap.
      await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [READ_MODEL_SWAP_LOCK]);
      const outcome = await this.applier.apply(manager, records);
      await announceReadModelChange(manager, { officeIds: [...outcome.officeIds] });
      await manager.query(
        `INSERT INTO projection_checkpoints (consumer_group, topic, partition, next_offset, updated_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = $4, updated_at = now()`,
        [this.config.PROJECTOR_GROUP_ID, batch.topic, batch.partition, nextOffset],
      );
    });
  }
}

function parseCaseEvent(value: string | null): CaseEventMessage {
  if (value === null) throw new Error('case event message without a value');
  return JSON.parse(value) as CaseEventMessage;
}
