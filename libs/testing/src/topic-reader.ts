import { randomBytes } from 'node:crypto';
import { KafkaMessageBroker, type BatchConsumer, type IncomingMessage } from '@casetrail/messaging';

/**
 * Reads a topic (or several, with one consumer) from its beginning with a group of its own,
 * collecting every message it sees.
 */
export class TopicReader {
  readonly messages: IncomingMessage[] = [];
  private consumer?: BatchConsumer;

  constructor(
    private readonly topicPrefix: string,
    private readonly topics: string | readonly string[],
  ) {}

  async start(): Promise<this> {
    const broker = new KafkaMessageBroker({
      clientId: 'casetrail-test-reader',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: this.topicPrefix,
    });
    this.consumer = broker.createBatchConsumer({
      groupId: `test-reader-${randomBytes(4).toString('hex')}`,
      topics: typeof this.topics === 'string' ? [this.topics] : [...this.topics],
      fromBeginning: true,
    });
    await this.consumer.run(async (batch) => {
      this.messages.push(...batch.messages);
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
