import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { CaseEventMessage } from '@casetrail/contracts';
import type { BenchContext } from './harness';
import { caseEventHeaders } from './workload';

/** A kafkajs client for the benchmarks' own producing and baselines (quiet unless it fails). */
export function benchKafka(context: BenchContext, clientId: string): Kafka {
  return new Kafka({ clientId, brokers: context.kafkaBrokers, logLevel: logLevel.ERROR });
}

export async function createTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] });
  } finally {
    await admin.disconnect();
  }
}

/** Deletes the run's topics (best effort: a broker without delete.topic.enable keeps them). */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // Leftover topics cost disk only; the prefix keeps them apart from everything else.
  } finally {
    await admin.disconnect();
  }
}

/** An idempotent producer, partitioned as Casetrail's relay partitions (Java-compatible). */
export async function benchProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

/** Publishes case events keyed by case, in chunks, acknowledged by all in-sync replicas. */
export async function publishCaseEvents(
  producer: Producer,
  topic: string,
  messages: CaseEventMessage[],
  chunk = 1000,
): Promise<void> {
  for (let start = 0; start < messages.length; start += chunk) {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.slice(start, start + chunk).map((message) => ({
        key: message.caseId,
        value: JSON.stringify(message),
        headers: caseEventHeaders(message),
      })),
    });
  }
}
