import { randomUUID } from 'node:crypto';
import { deadLetterTopic, TOPICS } from '@casetrail/contracts';
import { KafkaMessageBroker } from '@casetrail/messaging';
import { ApiClient } from './harness/api-client';
import type { Fault } from './harness/fault';
import { Load } from './harness/load';
import { outcomeOf, settleAndCount } from './harness/outcome';
import { seededRandom, sleep } from './harness/random';
import { FaultSystem } from './harness/system';

const DLQ = deadLetterTopic(TOPICS.caseEvents);

/** Three ways a message on case-events.v1 can be unusable, each marked so its dead letter can be found. */
function poison(kind: number, marker: string, caseId: string): string {
  switch (kind % 3) {
    case 0:
      return `{"not json" ${marker}`;
    case 1:
      return JSON.stringify({ marker, caseId });
    default:
      // A well-formed envelope the projector cannot apply: an event type nobody knows.
      return JSON.stringify({
        eventId: randomUUID(),
        eventType: 'NoSuchEventType',
        schemaVersion: 1,
        caseId,
        streamVersion: 1_000_000,
        officeId: 'WAS',
        occurredAt: '2026-11-01T09:00:00.000Z',
        recordedAt: '2026-11-01T09:00:00.000Z',
        actor: { userId: 'faults', role: 'OFFICER' },
        correlationId: marker,
        causationId: null,
        data: { caseId },
      });
  }
}

/**
 * Poison messages published among the good ones, keyed by cases that keep receiving events. As the
 * projector documents: each goes to case-events.v1.dlq with its origin, its partition moves on,
 * and the case's later events are applied (a gap would be filled from the event store).
 */
export const poisonMessages: Fault = {
  name: 'poison-messages',
  title: 'poison messages among good ones',
  async run({ profile, seed, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('poison', { databaseServerUrl: postgresUrl, kafkaBrokers });
    const broker = new KafkaMessageBroker({
      clientId: 'casetrail-faults-poison',
      brokers: kafkaBrokers.split(','),
      topicPrefix: system.topicPrefix,
    });
    const publisher = await broker.createPublisher();
    try {
      await system.startAll();
      const load = new Load(new ApiClient(system.apiUrl), seed).start(profile.writers);
      await sleep(profile.warmupMs);
      const random = seededRandom(seed);
      const markers = new Map<string, string>();
      for (let index = 0; index < profile.poisonMessages; index += 1) {
        const cases = [...new Set(load.acknowledged.values())];
        const caseId = cases[Math.floor(random() * cases.length)];
        const marker = `faults-poison-${index}`;
        markers.set(marker, caseId);
        await publisher.publish([
          { topic: TOPICS.caseEvents, key: caseId, value: poison(index, marker, caseId) },
        ]);
        await sleep(100 + Math.floor(random() * 300));
      }
      log(`${markers.size} poison messages published`);
      await sleep(profile.cooldownMs);
      await load.stop();
      const endedAt = Date.now();
      const tally = await settleAndCount(system, load.acknowledged.keys(), profile.settleTimeoutMs, [DLQ]);
      const deadline = Date.now() + 30_000;
      while (tally.topic.on(DLQ).length < markers.size && Date.now() < deadline) await sleep(250);
      const deadLetters = tally.topic.on(DLQ).map(
        (message) =>
          JSON.parse(message.value ?? '{}') as {
            topic?: string;
            partition?: number;
            offset?: string;
            value?: string | null;
            key?: string;
            error?: string;
          },
      );
      const poisonsOnTopic = tally.topic
        .on(TOPICS.caseEvents)
        .filter((message) => [...markers.keys()].some((marker) => message.value?.includes(marker)));
      await tally.topic.stop();

      let withOrigin = 0;
      for (const original of poisonsOnTopic) {
        const letters = deadLetters.filter(
          (letter) =>
            letter.topic === TOPICS.caseEvents &&
            letter.partition === original.partition &&
            letter.offset === original.offset &&
            letter.value === original.value &&
            letter.key === original.key &&
            typeof letter.error === 'string',
        );
        if (letters.length === 1) withOrigin += 1;
      }
      const goodDeadLettered = deadLetters.filter(
        (letter) => ![...markers.keys()].some((marker) => letter.value?.includes(marker)),
      ).length;
      return outcomeOf(
        this.name,
        this.title,
        tally,
        load.acknowledged.size,
        { faultEndedAt: endedAt },
        [
          {
            name: 'each poison dead-lettered once with its origin',
            passed: withOrigin === markers.size && deadLetters.length === markers.size,
            detail: `${withOrigin}/${markers.size} poisons found on ${DLQ} with topic, partition, offset, key and error; ${deadLetters.length} dead letters in all`,
          },
          {
            name: 'no good message dead-lettered',
            passed: goodDeadLettered === 0,
            detail: `${goodDeadLettered}`,
          },
        ],
        [
          'later events of a poisoned case are applied, not held back: the lost and applied-twice counts cover every event of those cases',
        ],
      );
    } finally {
      await publisher.disconnect();
      await system.close();
    }
  },
};
