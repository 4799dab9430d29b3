import type { Producer, ProducerBatch, RecordMetadata } from 'kafkajs';
import { KafkaPublisher, kafkaLogLine, replicationFor } from './kafka-message-broker';

describe('kafkaLogLine', () => {
  it('keeps where it happened and the error’s name and message, never its parameters or stack', () => {
    const error = Object.assign(new Error('insert failed'), {
      query: 'INSERT INTO case_worklist VALUES ($1, $2)',
      parameters: ['Zenobia', 'A204517733'],
    });
    error.name = 'QueryFailedError';
    const line = kafkaLogLine({
      timestamp: '2026-11-23T12:00:00.000Z',
      logger: 'kafkajs',
      message: 'Error when calling eachBatch',
      topic: 'case-events.v1',
      partition: 3,
      stack: error.stack,
      error,
    } as Parameters<typeof kafkaLogLine>[0]);

    expect(line).toContain('Error when calling eachBatch');
    expect(line).toContain('"partition":3');
    expect(line).toContain('"errorName":"QueryFailedError"');
    expect(line).toContain('"errorMessage":"insert failed"');
    expect(line).not.toContain('Zenobia');
    expect(line).not.toContain('A204517733');
    expect(line).not.toContain('INSERT INTO');
  });

  it('keeps the reason a broker’s answer could not be used, which kafkajs gives as text', () => {
    const line = kafkaLogLine({
      timestamp: '2026-12-06T17:10:45.472Z',
      logger: 'kafkajs',
      message: 'Response Metadata(key: 3, version: 6)',
      broker: '127.0.0.1:9092',
      error: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
      correlationId: 1,
    } as Parameters<typeof kafkaLogLine>[0]);

    expect(line).toContain('Response Metadata(key: 3, version: 6)');
    expect(line).toContain('"errorMessage":"There is no leader for this topic-partition');
  });
});

describe('replicationFor', () => {
  it('keeps three copies on a cluster of three, and acknowledges a write once two hold it', () => {
    expect(replicationFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('keeps no more than three copies on a larger cluster', () => {
    expect(replicationFor(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('keeps a copy on every broker of a smaller cluster, each write acknowledged by one', () => {
    expect(replicationFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
  });
});

describe('KafkaPublisher', () => {
  const PARTITIONS = 6;
  /** Keys of cases the Java-compatible partitioner puts on different partitions of six. */
  const messages = Array.from({ length: 12 }, (_, index) => ({
    topic: 'case-events.v1',
    key: `case-${index}`,
    value: `{"seq":${index}}`,
  }));

  /** A producer that records each send and answers for the partitions `answered` lets through. */
  function fakeProducer(answered: (partition: number) => boolean) {
    const sends: ProducerBatch[] = [];
    const producer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
        sends.push(batch);
        const partitions = new Set(
          (batch.topicMessages ?? []).flatMap(({ messages: sent }) =>
            sent.map((message) => message.partition),
          ),
        );
        return [...partitions]
          .filter((partition): partition is number => partition !== undefined && answered(partition))
          .map((partition) => ({ topicName: 'test.case-events.v1', partition, errorCode: 0 }));
      },
    };
    return { producer: producer as unknown as Producer, sends };
  }

  it('sends a batch as one send, each message to its key’s partition, in the order given', async () => {
    const { producer, sends } = fakeProducer(() => true);
    const publisher = new KafkaPublisher(
      () => producer,
      'test.',
      async () => PARTITIONS,
    );

    await publisher.publish(messages);

    expect(sends).toHaveLength(1);
    expect(sends[0].acks).toBe(-1);
    const sent = sends[0].topicMessages?.[0];
    expect(sent?.topic).toBe('test.case-events.v1');
    expect(sent?.messages.map((message) => message.key)).toEqual(messages.map((message) => message.key));
    expect(new Set(sent?.messages.map((message) => message.partition)).size).toBeGreaterThan(1);
  });

  it('fails the publish when kafkajs resolves without an answer for a partition it was to write', async () => {
    // What kafkajs 2.2 does when a partition moved to a broker that had already answered the send.
    const { producer } = fakeProducer((partition) => partition !== 3);
    const publisher = new KafkaPublisher(
      () => producer,
      'test.',
      async () => PARTITIONS,
    );

    await expect(publisher.publish(messages)).rejects.toThrow(
      'the brokers acknowledged no write to test.case-events.v1 partition 3',
    );
  });
});
