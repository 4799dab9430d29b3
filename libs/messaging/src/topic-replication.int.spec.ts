import { uniqueTopicPrefix } from '@casetrail/testing';
import { KafkaMessageBroker, replicationFor } from './kafka-message-broker';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * Topics the apps create on whatever cluster KAFKA_BROKERS names (one broker in the default test
 * run; `KAFKA_NODES=3 infra/kafka/kafka.sh start` gives three): as many copies as the cluster
 * allows, up to three, and min.insync.replicas 2 where there are three.
 */
describe('Topics created by the apps', () => {
  it('are replicated min(3, brokers) times, with min.insync.replicas 2 where there are three', async () => {
    const broker = new KafkaMessageBroker({
      clientId: 'replication-check',
      brokers,
      topicPrefix: uniqueTopicPrefix(),
    });
    await broker.ensureTopics([{ topic: 'replication-check.v1', partitions: 3 }]);
    // Three partitions are spread over every broker of a cluster of up to three.
    const partitions = await broker.partitionStates('replication-check.v1');
    const clusterSize = new Set(partitions.flatMap((partition) => partition.replicas)).size;

    const replication = await broker.topicReplication('replication-check.v1');

    expect(replication).toEqual(replicationFor(clusterSize));
    expect(partitions.map((partition) => partition.replicas.length)).toEqual([
      replication.replicationFactor,
      replication.replicationFactor,
      replication.replicationFactor,
    ]);
  }, 60_000);
});
