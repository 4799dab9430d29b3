/** What Casetrail needs from a message broker. Only the kafkajs adapter knows it is Kafka. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface IncomingBatch {
  topic: string;
  partition: number;
  messages: IncomingMessage[];
  /** The partition's next offset to be written when the batch was fetched; absent when unknown. */
  highWatermark?: string;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
}

export interface MessagePublisher {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  publish(messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface BatchConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. */
  fromBeginning: boolean;
  /**
   * How many partitions' batches the handler may hold at once (default 1); a partition's next
   * batch still waits for its last one.
   */
  partitionsAtOnce?: number;
}

export type BatchHandler = (batch: IncomingBatch, heartbeat: () => Promise<void>) => Promise<void>;

export interface BatchConsumer {
  /**
   * Resolves once the group is joined. Hands each batch (one partition's messages) to the handler and commits the batch's offsets
   * only after the handler resolved; a handler that throws sees the batch again.
   */
  run(handler: BatchHandler): Promise<void>;
  stop(): Promise<void>;
  /** Joined to its group and consuming: false before run() resolves, after a crash and after stop(). */
  readonly running: boolean;
}

export abstract class MessageBroker {
  abstract ensureTopics(specs: TopicSpec[]): Promise<void>;
  abstract createPublisher(): Promise<MessagePublisher>;
  abstract createBatchConsumer(options: BatchConsumerOptions): BatchConsumer;
  abstract partitionCount(topic: string): Promise<number>;
  /** Resolves when the broker answers a metadata request. */
  abstract ping(): Promise<void>;
}
