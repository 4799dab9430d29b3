import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, topicSpecsFor } from '@casetrail/config';
import { PollPause, PostgresListener } from '@casetrail/database';
import { OUTBOX_CHANNEL, PostgresOutbox, type ClaimedOutboxMessage } from '@casetrail/event-store';
import { MessageBroker, type MessagePublisher } from '@casetrail/messaging';
import { Readiness } from '@casetrail/observability';
import { OutboxRelayMetrics } from './outbox-relay.metrics';

const BATCH_SIZE = 500;
/** Polling is only the safety net; NOTIFY wakes the relay as soon as a row is committed. */
const POLL_INTERVAL_MS = 1000;
const MAX_BACKOFF_MS = 5000;

/** Publishes every outbox row to Kafka, in order, at least once, and then deletes it. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private publisher?: MessagePublisher;
  private listener?: PostgresListener;
  private running = false;
  private readonly pause = new PollPause();
  private loopDone?: Promise<void>;

  constructor(
    private readonly outbox: PostgresOutbox,
    private readonly broker: MessageBroker,
    private readonly config: AppConfig,
    private readonly metrics: OutboxRelayMetrics,
    readiness: Readiness,
  ) {
    readiness.register('publisher', () => {
      if (!this.running || !this.publisher) throw new Error('publisher not connected');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.broker.ensureTopics(topicSpecsFor(this.config));
    this.publisher = await this.broker.createPublisher();
    this.listener = new PostgresListener(this.config.DATABASE_URL, OUTBOX_CHANNEL, () => this.pause.wake());
    await this.listener.start();
    this.running = true;
    this.loopDone = this.loop();
    this.logger.log('relaying the outbox to Kafka');
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.pause.wake();
    await this.loopDone;
    await this.listener?.stop();
    await this.publisher?.disconnect();
    this.publisher = undefined;
  }

  private async loop(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        const outcome = await this.outbox.drainOnce(BATCH_SIZE, (messages) => this.publish(messages));
        backoff = 0;
        if (outcome.drained === BATCH_SIZE) continue;
      } catch (error) {
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(100, backoff * 2));
        this.logger.warn(`outbox publish failed, retrying in ${backoff} ms: ${(error as Error).message}`);
      }
      await this.pause.sleep(backoff || POLL_INTERVAL_MS);
    }
  }

  private async publish(messages: ClaimedOutboxMessage[]): Promise<void> {
    if (!this.publisher) throw new Error('publisher not connected');
    await this.publisher.publish(
      messages.map((message) => ({
        topic: message.topic,
        key: message.key,
        value: message.payload,
        headers: message.headers,
      })),
    );
    this.metrics.published.inc(messages.length);
  }
}
