import { connect } from 'node:net';
import { eventually, TcpProxy, TopicReader, uniqueTopicPrefix } from '@casetrail/testing';
import { KafkaMessageBroker } from './kafka-message-broker';
import type { MessagePublisher, OutgoingMessage } from './message-broker.port';

const TOPIC = 'publisher-check.v1';
const seedBroker = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0];

function batch(label: string, size: number): OutgoingMessage[] {
  return Array.from({ length: size }, (_, index) => ({
    topic: TOPIC,
    key: 'one-case',
    value: `${label}-${index}`,
  }));
}

/**
 * The publisher on the real broker, with every connection through a proxy that can drop the
 * broker's answers: the broker stores a batch, the publisher never hears of it.
 */
describe('Kafka publisher on the real broker', () => {
  let proxy: TcpProxy;
  let publisher: MessagePublisher | undefined;
  let reader: TopicReader | undefined;
  let droppingAnswers = false;

  afterEach(async () => {
    await publisher?.disconnect();
    await reader?.stop();
    await proxy.stop();
  });

  it('keeps publishing after a send the broker stored but never acknowledged', async () => {
    proxy = new TcpProxy(Number(seedBroker.split(':')[1]), () => droppingAnswers);
    const proxyPort = await proxy.start();
    const topicPrefix = uniqueTopicPrefix();
    const broker = new KafkaMessageBroker({
      clientId: 'publisher-check',
      brokers: [seedBroker],
      topicPrefix,
      socketFactory: ({ onConnect }) => connect(proxyPort, '127.0.0.1', onConnect),
    });
    await broker.ensureTopics([{ topic: TOPIC, partitions: 1 }]);
    publisher = await broker.createPublisher();
    await publisher.publish(batch('first', 2));

    droppingAnswers = true;
    await expect(publisher.publish(batch('unanswered', 3))).rejects.toThrow();
    droppingAnswers = false;
    // A different batch than the one that failed, as the relay sends once more rows have arrived.
    await publisher.publish(batch('after', 4));

    reader = await new TopicReader(topicPrefix, TOPIC).start();
    const values = await eventually(() => {
      const seen = reader?.messages.map((message) => message.value) ?? [];
      expect(seen).toEqual(expect.arrayContaining(['first-1', 'unanswered-2', 'after-0', 'after-3']));
      return seen;
    }, 20_000);
    // The unanswered batch was stored (so the scenario really happened), and in order per key.
    expect(values.filter((value) => value?.startsWith('unanswered')).length).toBeGreaterThanOrEqual(3);
    expect(values.indexOf('after-0')).toBeGreaterThan(values.lastIndexOf('unanswered-2'));
  }, 60_000);
});
