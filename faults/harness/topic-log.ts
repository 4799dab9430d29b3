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

/** Where one case's events on the topic break per-case order. */
export interface CaseOrderViolation {
  caseId: string;
  partition: number;
  offset: string;
  detail: string;
}

/**
 * Per-case order, message by message, as at-least-once delivery allows it: all of a case's
 * messages are on one partition, and the first occurrences of its stream versions are 1, 2, 3, …
 * (strictly increasing and contiguous). A message whose version was already seen is a redelivered
 * copy, allowed; one that skips ahead of the next unseen version is a violation (an event would be
 * read before one it follows). `messages` are in the order read (offset order per partition).
 */
export function caseOrderViolations(messages: IncomingMessage[]): {
  cases: number;
  checked: number;
  violations: CaseOrderViolation[];
} {
  const next = new Map<string, { version: number; partition: number }>();
  const violations: CaseOrderViolation[] = [];
  let checked = 0;
  for (const message of messages) {
    let parsed: { caseId?: unknown; streamVersion?: unknown };
    try {
      parsed = JSON.parse(message.value ?? '') as typeof parsed;
    } catch {
      continue;
    }
    if (typeof parsed.caseId !== 'string' || typeof parsed.streamVersion !== 'number') continue;
    checked += 1;
    const at = { caseId: parsed.caseId, partition: message.partition, offset: message.offset };
    const seen = next.get(parsed.caseId) ?? { version: 1, partition: message.partition };
    if (seen.partition !== message.partition)
      violations.push({
        ...at,
        detail: `on partition ${message.partition}, earlier ones on ${seen.partition}`,
      });
    if (parsed.streamVersion > seen.version)
      violations.push({ ...at, detail: `version ${parsed.streamVersion} before version ${seen.version}` });
    else if (parsed.streamVersion === seen.version) seen.version += 1;
    next.set(parsed.caseId, seen);
  }
  return { cases: next.size, checked, violations };
}
