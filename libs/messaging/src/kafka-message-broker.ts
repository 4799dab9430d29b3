import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import {
  ConfigResourceTypes,
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type ISocketFactory,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { kafkaPartition } from './kafka-partition';
import type {
  BatchConsumer,
  BatchConsumerOptions,
  BatchHandler,
  MessageBroker,
  MessagePublisher,
  OutgoingMessage,
  TopicSpec,
} from './message-broker.port';

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  /** Prepended to every topic name on the wire, so several environments can share one cluster. */
  topicPrefix?: string;
  /** How connections to the brokers are opened (default: plain TCP); tests route them through a proxy. */
  socketFactory?: ISocketFactory;
}

const logger = new Logger('Kafka');

/** How many copies of each partition a topic keeps, and how many must have a write before it is acknowledged. */
export interface TopicReplication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/**
 * Three copies where the cluster has three brokers (or more), and a write acknowledged once two
 * hold it, so one broker may die or restart without losing or refusing anything; on a smaller
 * cluster, a copy on every broker.
 */
export function replicationFor(brokerCount: number): TopicReplication {
  const replicationFactor = Math.max(1, Math.min(3, brokerCount));
  return { replicationFactor, minInsyncReplicas: replicationFactor >= 3 ? 2 : 1 };
}

/** One partition of a topic as the cluster sees it now. */
export interface PartitionState {
  partition: number;
  /** Node id of the leader; -1 while it has none. */
  leader: number;
  replicas: number[];
  inSyncReplicas: number[];
  /** The offset the next message will be written at. */
  highWatermark: string;
}

/**
 * kafkajs attaches the handler's error whole (a TypeORM error carries its query and parameters,
 * which may be personal data) and its stack: a log line keeps only the error's name and message.
 * A broker's answer it could not use comes as the reason's text alone, which is kept.
 */
export function kafkaLogLine(log: LogEntry['log']): string {
  const {
    message,
    stack: _stack,
    error,
    ...rest
  } = log as LogEntry['log'] & { stack?: unknown; error?: unknown };
  const cause =
    error instanceof Error
      ? { errorName: error.name, errorMessage: error.message }
      : typeof error === 'string'
        ? { errorMessage: error }
        : {};
  return `${message} ${JSON.stringify({ ...rest, ...cause })}`;
}

function kafkaLog() {
  return ({ level, log }: LogEntry) => {
    const line = kafkaLogLine(log);
    if (level === logLevel.ERROR) logger.error(line);
    else logger.warn(line);
  };
}

const TOPIC_LEADERS_TIMEOUT_MS = 30_000;

/** Waits until every partition of the topics has a leader, as the brokers' metadata tells. */
async function untilLed(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + TOPIC_LEADERS_TIMEOUT_MS;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const partitions = metadata.topics.flatMap((topic) => topic.partitions);
      if (partitions.length > 0 && partitions.every((partition) => partition.leader >= 0)) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`no leader for every partition of ${topics.join(', ')}`);
    await delay(100);
  }
}

/**
 * Asks again while the cluster answers with a retriable error: just after a topic is created or a
 * leader moves, a broker may still answer NOT_LEADER for a partition the metadata already names it
 * the leader of.
 */
async function whileRetriable<T>(ask: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TOPIC_LEADERS_TIMEOUT_MS;
  for (;;) {
    try {
      return await ask();
    } catch (error) {
      if (!(error as { retriable?: boolean }).retriable || Date.now() > deadline) throw error;
      await delay(100);
    }
  }
}

export class KafkaMessageBroker implements MessageBroker {
  private readonly kafka: Kafka;
  private readonly prefix: string;

  constructor(settings: KafkaSettings) {
    this.prefix = settings.topicPrefix ?? '';
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLog,
      retry: { initialRetryTime: 200, retries: 8 },
      ...(settings.socketFactory ? { socketFactory: settings.socketFactory } : {}),
    });
  }

  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    // A cluster's broker that is down or restarting refuses what reaches it (creating a topic goes to
    // one broker), and kafkajs gives up after its own few retries: an app starting then would exit.
    // Asked again, the topics already created are no longer missing.
    await whileRetriable(() => this.createMissingTopics(specs));
  }

  private async createMissingTopics(specs: TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((spec) => !existing.has(this.prefix + spec.topic));
      if (missing.length > 0) {
        // The brokers registered now: a cluster's broker that is down or still starting is not
        // counted, and its topics would get fewer copies (the fault suite waits for all three).
        const { brokers } = await admin.describeCluster();
        const { replicationFactor, minInsyncReplicas } = replicationFor(brokers.length);
        // Not kafkajs's waitForLeaders (on by default): it asks one broker, which on a cluster may not know the new topic
        // yet and fails with UNKNOWN_TOPIC_OR_PARTITION; untilLed asks again until all do.
        await admin.createTopics({
          waitForLeaders: false,
          topics: missing.map((spec) => ({
            topic: this.prefix + spec.topic,
            numPartitions: spec.partitions,
            replicationFactor,
            configEntries: [{ name: 'min.insync.replicas', value: String(minInsyncReplicas) }],
          })),
        });
        await untilLed(
          admin,
          missing.map((spec) => this.prefix + spec.topic),
        );
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** How many brokers the cluster has registered and serving now. */
  async clusterSize(): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return (await admin.describeCluster()).brokers.length;
    } finally {
      await admin.disconnect();
    }
  }

  /** The topic's replication as the cluster holds it (for operators and the fault suite). */
  async topicReplication(topic: string): Promise<TopicReplication> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const name = this.prefix + topic;
      const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] }],
      });
      const minIsr = resources[0]?.configEntries.find((entry) => entry.configName === 'min.insync.replicas');
      return {
        replicationFactor: topics[0]?.partitions[0]?.replicas.length ?? 0,
        minInsyncReplicas: Number(minIsr?.configValue ?? 1),
      };
    } finally {
      await admin.disconnect();
    }
  }

  /** Each partition's leader, replicas and high watermark (for operators and the fault suite). */
  async partitionStates(topic: string): Promise<PartitionState[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const name = this.prefix + topic;
      const [{ topics }, offsets] = await whileRetriable(() =>
        Promise.all([admin.fetchTopicMetadata({ topics: [name] }), admin.fetchTopicOffsets(name)]),
      );
      const highWatermarks = new Map(offsets.map((offset) => [offset.partition, offset.high]));
      return (topics[0]?.partitions ?? [])
        .map((partition) => ({
          partition: partition.partitionId,
          leader: partition.leader,
          replicas: partition.replicas,
          inSyncReplicas: partition.isr,
          highWatermark: highWatermarks.get(partition.partitionId) ?? '0',
        }))
        .sort((a, b) => a.partition - b.partition);
    } finally {
      await admin.disconnect();
    }
  }

  async createPublisher(): Promise<MessagePublisher> {
    // Idempotent with one request in flight: retries neither duplicate nor reorder a key's
    // messages within a partition. The Java-compatible partitioner puts a key where Java clients would.
    const publisher = new KafkaPublisher(
      () =>
        this.kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
        }),
      this.prefix,
      (topic) => this.partitionCount(topic),
    );
    await publisher.connect();
    return publisher;
  }

  createBatchConsumer(options: BatchConsumerOptions): BatchConsumer {
    // A short fetch wait bounds how long a graceful stop waits for the in-flight fetch; fetches
    // still return as soon as a message arrives. A crashed member holds its partitions until its
    // session times out, so the session is 10 s (kafkajs: 30 s): a restarted projector resumes
    // within seconds, while a batch (a few hundred upserts) stays far inside it.
    // A fetch takes up to 512 KB a partition and 3 MB in all (kafkajs: 1 MB and 10 MB): with a
    // backlog, every message of a fetch and each batch's case states are in memory at once, and
    // the projector's peak RSS in a deadline storm fell from 300 to 270 MB with alerts as fast
    // (22.7 and 23.0 s); at 256 KB it projected a fifth slower.
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      maxBytesPerPartition: 512 * 1024,
      maxBytes: 3 * 1024 * 1024,
      maxWaitTimeInMs: 1000,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    return new KafkaBatchConsumer(consumer, options, this.prefix);
  }

  async partitionCount(topic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [this.prefix + topic] });
      return topics[0]?.partitions.length ?? 0;
    } finally {
      await admin.disconnect();
    }
  }

  async ping(): Promise<void> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }
}

/** Exported for its tests; the app gets one from {@link KafkaMessageBroker.createPublisher}. */
export class KafkaPublisher implements MessagePublisher {
  private producer?: Producer;
  /** Per topic, how many partitions it has. */
  private readonly partitionCounts = new Map<string, number>();

  constructor(
    private readonly newProducer: () => Producer,
    private readonly prefix: string,
    private readonly partitionCount: (topic: string) => Promise<number>,
  ) {}

  async connect(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.newProducer();
    try {
      await producer.connect();
    } catch (error) {
      void producer.disconnect().catch(() => undefined);
      throw error;
    }
    this.producer = producer;
    return producer;
  }

  /**
   * A send kafkajs gave up on may still have been stored by the broker (only the answer was lost).
   * kafkajs then rewinds its sequence numbers, the broker does not, and every later send from that
   * producer is refused as out of order, forever. So a failed send retires the producer: the next
   * one has a new producer id and fresh sequences, at the price of that batch possibly appearing
   * twice on the topic, which at-least-once consumers already expect.
   */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connect();
    try {
      await this.send(producer, messages);
    } catch (error) {
      this.producer = undefined;
      void producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }

  /**
   * One send for the whole batch: kafkajs makes one request per broker of it, so a batch costs one
   * round trip to each leader instead of one per partition (with the idempotent producer, requests
   * to a broker go one at a time). kafkajs 2.2 retries a request spanning several brokers only
   * towards the brokers that have not answered yet: when one broker answered and another refused
   * because its partitions moved (a leader change) to the one that answered, those partitions are
   * never sent again, yet the send resolves. So every partition written to must be in the answer;
   * one that is not fails the publish, and the caller sends the batch again (nothing after it was
   * sent, so the partition's order holds).
   */
  private async send(producer: Producer, messages: OutgoingMessage[]): Promise<void> {
    const byTopic = new Map<
      string,
      { key: string; value: string; headers?: Record<string, string>; partition: number }[]
    >();
    const unanswered = new Set<string>();
    for (const message of messages) {
      const topic = this.prefix + message.topic;
      const count = this.partitionCounts.get(message.topic) ?? (await this.partitionCountOf(message.topic));
      // Where kafkajs's Java-compatible partitioner would put the key (it takes the partition given).
      const partition = kafkaPartition(message.key, count);
      unanswered.add(`${topic}\u0000${partition}`);
      const list = byTopic.get(topic) ?? [];
      list.push({ key: message.key, value: message.value, headers: message.headers, partition });
      byTopic.set(topic, list);
    }
    const answers = await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    });
    for (const answer of answers)
      if (answer.errorCode === 0) unanswered.delete(`${answer.topicName}\u0000${answer.partition}`);
    if (unanswered.size > 0)
      throw new Error(
        `the brokers acknowledged no write to ${[...unanswered].map((id) => id.replace('\u0000', ' partition ')).join(', ')}`,
      );
  }

  /** Asked once a topic and kept, as the producer's metadata would be: partitions added later move keys for every producer anyway. */
  private async partitionCountOf(topic: string): Promise<number> {
    const count = await this.partitionCount(topic);
    if (count === 0) throw new Error(`topic ${topic} has no partitions yet`);
    this.partitionCounts.set(topic, count);
    return count;
  }
}

class KafkaBatchConsumer implements BatchConsumer {
  private joined = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: BatchConsumerOptions,
    private readonly prefix: string,
  ) {
    // A crash (even one kafkajs restarts from) stops consumption until the group is joined again.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.joined = true));
    this.consumer.on(this.consumer.events.CRASH, () => (this.joined = false));
    this.consumer.on(this.consumer.events.STOP, () => (this.joined = false));
    this.consumer.on(this.consumer.events.DISCONNECT, () => (this.joined = false));
  }

  get running(): boolean {
    return this.joined;
  }

  async run(handler: BatchHandler): Promise<void> {
    // Resolve only once partitions are assigned, so "running" means "receiving".
    const joined = new Promise<void>((resolve) => {
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics.map((topic) => this.prefix + topic),
      fromBeginning: this.options.fromBeginning,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsAtOnce ?? 1,
      eachBatch: async ({
        batch,
        heartbeat,
        resolveOffset,
        commitOffsetsIfNecessary,
        isRunning,
        isStale,
      }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const topic = batch.topic.slice(this.prefix.length);
        await handler(
          {
            topic,
            partition: batch.partition,
            highWatermark: batch.highWatermark,
            messages: batch.messages.map((message) => ({
              topic,
              partition: batch.partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: Object.fromEntries(
                Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value ?? '')]),
              ),
            })),
          },
          heartbeat,
        );
        const last = batch.lastOffset();
        resolveOffset(last);
        // Not consumer.commitOffsets: once stop() has begun, that returns without committing, and
        // the batch in hand at a graceful shutdown would be applied but delivered again.
        await commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }],
            },
          ],
        });
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
