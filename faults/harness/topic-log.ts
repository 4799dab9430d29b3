import { randomBytes } from 'node:crypto';
import { KafkaMessageBroker, type BatchConsumer, type IncomingMessage } from '@casetrail/messaging';

/** Everything on some topics from their beginning, read with a consumer group of its own. */
export class TopicLog {
  readonly messages: IncomingMessage[] = [];
  private consumer?: BatchConsumer;

  constructor(
    private readonly brokers: string,
    private readonly topicPrefix: string,
    private readonly topics: string[],
  ) {}

  async start(): Promise<this> {
    const broker = new KafkaMessageBroker({
      clientId: 'casetrail-faults-reader',
      brokers: this.brokers.split(','),
      topicPrefix: this.topicPrefix,
    });
    this.consumer = broker.createBatchConsumer({
      groupId: `${this.topicPrefix}faults-reader-${randomBytes(4).toString('hex')}`,
      topics: this.topics,
      fromBeginning: true,
    });
    await this.consumer.run(async (batch) => {
      this.messages.push(...batch.messages);
    });
    return this;
  }

  on(topic: string): IncomingMessage[] {
    return this.messages.filter((message) => message.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}

/** The eventId of a case-events message; undefined for one that is not a case event. */
export function eventIdOf(message: IncomingMessage): string | undefined {
  try {
    const parsed = JSON.parse(message.value ?? '') as { eventId?: unknown };
    return typeof parsed.eventId === 'string' ? parsed.eventId : undefined;
  } catch {
    return undefined;
  }
}
