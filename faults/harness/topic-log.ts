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

/**
 * Cases whose events first appear on the topic out of stream order (a redelivered copy of an
 * earlier event is a duplicate, not a break): case id → the versions in the order first seen.
 */
export function caseOrderBreaks(messages: IncomingMessage[]): Map<string, number[]> {
  const firstSeen = new Map<string, number[]>();
  for (const message of messages) {
    let parsed: { caseId?: unknown; streamVersion?: unknown };
    try {
      parsed = JSON.parse(message.value ?? '') as typeof parsed;
    } catch {
      continue;
    }
    if (typeof parsed.caseId !== 'string' || typeof parsed.streamVersion !== 'number') continue;
    const versions = firstSeen.get(parsed.caseId) ?? [];
    if (!versions.includes(parsed.streamVersion)) versions.push(parsed.streamVersion);
    firstSeen.set(parsed.caseId, versions);
  }
  return new Map(
    [...firstSeen].filter(([, versions]) =>
      versions.some((version, index) => index > 0 && version < versions[index - 1]),
    ),
  );
}
