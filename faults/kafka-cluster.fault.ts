import { TOPICS } from '@casetrail/contracts';
import { KafkaMessageBroker, type PartitionState } from '@casetrail/messaging';
import { ApiClient } from './harness/api-client';
import type { Fault, FaultContext } from './harness/fault';
import { Load } from './harness/load';
import { type Check, outcomeOf, recoveryAfter, retrying, settleAndCount } from './harness/outcome';
import { PrivateKafka } from './harness/private-kafka';
import { sleep } from './harness/random';
import { FaultSystem } from './harness/system';
import { caseOrderBreaks, eventIdOf, TopicLog } from './harness/topic-log';

/** The suite's own three-broker cluster: nodes on 19192/19193, 19194/19195, 19196/19197. */
const CLUSTER_PORT = 19192;
const CLUSTER_CONTROLLER_PORT = 19193;

interface Scenario {
  /** Resolves with the seconds from the end of the fault until everything before it is projected. */
  recovery: Promise<number>;
  checks: Check[];
  notes: string[];
}

interface ClusterRun {
  kafka: PrivateKafka;
  broker: KafkaMessageBroker;
  system: FaultSystem;
  load: Load;
  context: FaultContext;
}

/**
 * One fault on the three-broker cluster: the system on it, officers writing, the scenario, then
 * the usual tally and, for every cluster fault, the replication the apps asked for, every replica
 * back in sync, and each case's events in order on the topic.
 */
async function onCluster(
  fault: Fault,
  context: FaultContext,
  scenario: (run: ClusterRun) => Promise<Scenario>,
) {
  const { profile, seed, postgresUrl } = context;
  const kafka = new PrivateKafka(CLUSTER_PORT, CLUSTER_CONTROLLER_PORT, 3);
  await kafka.start();
  const system = await FaultSystem.create(fault.name, {
    databaseServerUrl: postgresUrl,
    kafkaBrokers: kafka.brokers,
  });
  const broker = new KafkaMessageBroker({
    clientId: 'casetrail-faults-cluster',
    brokers: kafka.brokers.split(','),
    topicPrefix: system.topicPrefix,
  });
  try {
    // A node answers before the controller has it registered; topics created before then would
    // get fewer copies.
    await untilClusterOf(broker, 3, profile.settleTimeoutMs);
    await system.startAll();
    const replication = await broker.topicReplication(TOPICS.caseEvents);
    const load = new Load(new ApiClient(system.apiUrl), seed).start(profile.writers);
    await sleep(profile.warmupMs);
    const { recovery, checks, notes } = await scenario({ kafka, broker, system, load, context });
    await sleep(profile.cooldownMs);
    await load.stop();
    const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs);
    await tally.topic.stop();
    const outOfOrder = caseOrderBreaks(tally.topic.on(TOPICS.caseEvents));
    const missingOnTopic = [...tally.store.eventIds].filter(
      (id) => !tally.topic.on(TOPICS.caseEvents).some((message) => eventIdOf(message) === id),
    );
    const reread = missingOnTopic.length > 0 ? await rereadTopic(system, missingOnTopic) : [];
    const partitions = await retrying(() => broker.partitionStates(TOPICS.caseEvents));
    return outcomeOf(
      fault.name,
      fault.title,
      tally,
      load.acknowledged.size,
      { seconds: await recovery },
      [
        {
          name: 'case-events.v1 on three replicas, min.insync.replicas 2',
          passed: replication.replicationFactor === 3 && replication.minInsyncReplicas === 2,
          detail: JSON.stringify(replication),
        },
        {
          name: 'every replica back in sync',
          passed: partitions.every(inSync),
          detail: partitions.map((p) => `p${p.partition}: isr ${p.inSyncReplicas.join('/')}`).join(', '),
        },
        {
          name: "each case's events in order on the topic",
          passed: outOfOrder.size === 0,
          detail: `${outOfOrder.size} cases out of order${
            outOfOrder.size > 0 ? `: ${JSON.stringify([...outOfOrder].slice(0, 3))}` : ''
          }`,
        },
        ...checks,
      ],
      [
        ...notes,
        ...(missingOnTopic.length > 0
          ? [
              `events missing on the topic: ${missingOnTopic.length}; found by a second reader: ${reread.length}`,
            ]
          : []),
      ],
    );
  } finally {
    await system.close();
    await kafka.stop();
  }
}

/** Reads the topic once more with a new reader: which of these events it finds. */
async function rereadTopic(system: FaultSystem, eventIds: string[]): Promise<string[]> {
  const reader = await new TopicLog(system.kafkaBrokers, system.topicPrefix, [TOPICS.caseEvents]).start();
  await sleep(5_000);
  const found = new Set(reader.on(TOPICS.caseEvents).map(eventIdOf));
  await reader.stop();
  return eventIds.filter((id) => found.has(id));
}

async function untilClusterOf(broker: KafkaMessageBroker, size: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await retrying(() => broker.clusterSize())) < size) {
    if (Date.now() > deadline) throw new Error(`fewer than ${size} brokers registered after ${timeoutMs} ms`);
    await sleep(250);
  }
}

function inSync(partition: PartitionState): boolean {
  return partition.leader >= 0 && partition.inSyncReplicas.length === partition.replicas.length;
}

/** Waits until every partition has a leader and all its replicas in sync; the ms it took. */
async function untilInSync(broker: KafkaMessageBroker, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const partitions = await retrying(() => broker.partitionStates(TOPICS.caseEvents));
    if (partitions.every(inSync)) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`replicas not in sync after ${timeoutMs} ms: ${JSON.stringify(partitions)}`);
    await sleep(250);
  }
}

/** The partition with the most messages, and the node leading it. */
async function busiestPartition(broker: KafkaMessageBroker): Promise<PartitionState> {
  const partitions = await retrying(() => broker.partitionStates(TOPICS.caseEvents));
  return partitions.reduce((busiest, partition) =>
    BigInt(partition.highWatermark) > BigInt(busiest.highWatermark) ? partition : busiest,
  );
}

function acknowledgedBetween(load: Load, from: number, to: number): number {
  return load.acknowledgedAt.filter((at) => at >= from && at < to).length;
}

/** The leader of the busiest case-events partition SIGKILLed under load, then restarted. */
export const clusterLeaderKilled: Fault = {
  name: 'cluster-leader-killed',
  title: 'Kafka cluster: leader of the busiest partition SIGKILLed under load, then restarted',
  run(context) {
    return onCluster(this, context, async ({ kafka, broker, system, load, context: { profile, log } }) => {
      const busiest = await busiestPartition(broker);
      await kafka.killNode(busiest.leader);
      const killedAt = Date.now();
      const recovery = recoveryAfter(system, killedAt, 2 * profile.settleTimeoutMs);
      log(`node ${busiest.leader}, leader of partition ${busiest.partition}, SIGKILLed`);
      await sleep(profile.clusterNodeDownMs);
      const during = await retrying(() => broker.partitionStates(TOPICS.caseEvents));
      const newLeader = during.find((partition) => partition.partition === busiest.partition)?.leader;
      await kafka.start();
      const restartedAt = Date.now();
      const syncMs = await untilInSync(broker, profile.settleTimeoutMs);
      log(`node ${busiest.leader} back after ${((restartedAt - killedAt) / 1000).toFixed(1)} s`);
      return {
        recovery,
        checks: [
          {
            name: 'another broker took over the partition',
            passed: newLeader !== undefined && newLeader >= 0 && newLeader !== busiest.leader,
            detail: `partition ${busiest.partition}: leader ${busiest.leader} killed, then ${newLeader}`,
          },
          {
            name: 'commands acknowledged while the node was down',
            passed: acknowledgedBetween(load, killedAt, restartedAt) > 0,
            detail: `${acknowledgedBetween(load, killedAt, restartedAt)} commands`,
          },
        ],
        notes: [
          `node ${busiest.leader} (leader of partition ${busiest.partition}, ${busiest.highWatermark} messages) down ${((restartedAt - killedAt) / 1000).toFixed(1)} s`,
          `recovery counted from the kill; replicas in sync ${(syncMs / 1000).toFixed(1)} s after the restart`,
        ],
      };
    });
  },
};

/** Each broker in turn stopped and started again, the next only once every replica is in sync. */
export const clusterRollingRestart: Fault = {
  name: 'cluster-rolling-restart',
  title: 'Kafka cluster: rolling restart of all three brokers under load',
  run(context) {
    return onCluster(this, context, async ({ kafka, broker, system, load, context: { profile, log } }) => {
      const startedAt = Date.now();
      const steps: string[] = [];
      for (const node of [1, 2, 3]) {
        const stoppedAt = Date.now();
        await kafka.stopNode(node);
        await kafka.start();
        const readyAt = Date.now();
        const syncMs = await untilInSync(broker, profile.settleTimeoutMs);
        steps.push(
          `node ${node}: down ${((readyAt - stoppedAt) / 1000).toFixed(1)} s, in sync ${(syncMs / 1000).toFixed(1)} s later, ` +
            `${acknowledgedBetween(load, stoppedAt, readyAt)} commands acknowledged meanwhile`,
        );
        log(steps[steps.length - 1]);
      }
      const endedAt = Date.now();
      return {
        recovery: recoveryAfter(system, endedAt, 2 * profile.settleTimeoutMs),
        checks: [
          {
            name: 'commands acknowledged throughout the restart',
            passed: acknowledgedBetween(load, startedAt, endedAt) > 0,
            detail: `${acknowledgedBetween(load, startedAt, endedAt)} commands in ${((endedAt - startedAt) / 1000).toFixed(1)} s`,
          },
        ],
        notes: steps,
      };
    });
  },
};

/**
 * One broker (the busiest partition's leader) stopped for longer than the producers' retries:
 * the api keeps accepting writes and the two others carry the topic.
 */
export const clusterBrokerDown: Fault = {
  name: 'cluster-broker-down',
  title: "Kafka cluster: one broker stopped for longer than the producers' retries",
  run(context) {
    return onCluster(this, context, async ({ kafka, broker, system, load, context: { profile, log } }) => {
      const busiest = await busiestPartition(broker);
      const before = await retrying(() => broker.partitionStates(TOPICS.caseEvents));
      await kafka.stopNode(busiest.leader);
      const stoppedAt = Date.now();
      log(`node ${busiest.leader} stopped for ${profile.clusterBrokerDownMs / 1000} s`);
      await sleep(profile.clusterBrokerDownMs);
      const during = await retrying(() => broker.partitionStates(TOPICS.caseEvents));
      await kafka.start();
      const restartedAt = Date.now();
      const recovery = recoveryAfter(system, restartedAt, 2 * profile.settleTimeoutMs);
      const syncMs = await untilInSync(broker, profile.settleTimeoutMs);
      const total = (partitions: PartitionState[]) =>
        partitions.reduce((sum, partition) => sum + BigInt(partition.highWatermark), 0n);
      const publishedWhileDown = total(during) - total(before);
      return {
        recovery,
        checks: [
          {
            name: 'commands acknowledged while the broker was down',
            passed: acknowledgedBetween(load, stoppedAt, restartedAt) > 0,
            detail: `${acknowledgedBetween(load, stoppedAt, restartedAt)} commands`,
          },
          {
            name: 'events published to the two brokers left',
            passed: publishedWhileDown > 0n,
            detail: `${publishedWhileDown} messages on case-events.v1 while node ${busiest.leader} was down`,
          },
        ],
        notes: [
          `node ${busiest.leader} down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s (stop to ready again); replicas in sync ${(syncMs / 1000).toFixed(1)} s after`,
        ],
      };
    });
  },
};
