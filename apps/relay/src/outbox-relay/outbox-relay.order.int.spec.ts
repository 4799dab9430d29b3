import { DataSource } from 'typeorm';
import { writeOutbox } from '@casetrail/event-store';
import {
  closeAll,
  createTestDatabase,
  eventually,
  startOpsServer,
  TopicReader,
  uniqueTopicPrefix,
  type OpsServer,
  type TestDatabase,
} from '@casetrail/testing';
import { RelayModule } from '../relay.module';
import { OutboxRelayService } from './outbox-relay.service';

const SHARDS = 12;
const CASES = 150;
/** Per case, in two commits: each relay drains several full batches, pipelined, from each. */
const PER_CASE = 24;

describe('relays draining a backlog of many cases, several batches in flight', () => {
  let database: TestDatabase;
  let topicPrefix: string;
  let reader: TopicReader | undefined;
  const relays: OpsServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    topicPrefix = uniqueTopicPrefix();
  });
  afterAll(async () => {
    await reader?.stop();
    await closeAll(...relays.map((relay) => relay.app));
    await database.drop();
  });

  it('puts every message on the topic exactly once, each case’s in the order stored', async () => {
    for (const relayId of ['relay-a', 'relay-b'])
      relays.push(
        await startOpsServer(RelayModule, {
          DATABASE_URL: database.url,
          KAFKA_TOPIC_PREFIX: topicPrefix,
          RELAY_INSTANCE_ID: relayId,
          RELAY_SHARDS: String(SHARDS),
          RELAY_LEASE_MS: '900',
        }),
      );
    const shardsOf = (relay: OpsServer) => relay.moduleRef.get(OutboxRelayService).ownedShards;
    await eventually(() => relays.forEach((relay) => expect(shardsOf(relay)).toHaveLength(SHARDS / 2)));

    const db = relays[0].moduleRef.get(DataSource);
    for (const half of [0, 1])
      await db.transaction((manager) =>
        writeOutbox(
          manager,
          Array.from({ length: (CASES * PER_CASE) / 2 }, (_, index) => {
            const caseId = `case-${index % CASES}`;
            const seq = half * (PER_CASE / 2) + Math.floor(index / CASES);
            return { topic: 'case-events.v1', key: caseId, payload: { caseId, seq } };
          }),
        ),
      );
    reader = await new TopicReader(topicPrefix, 'case-events.v1').start();

    await eventually(async () => {
      expect(await db.query('SELECT count(*)::int AS left FROM outbox')).toEqual([{ left: 0 }]);
      expect(reader?.messages.length).toBeGreaterThanOrEqual(CASES * PER_CASE);
    }, 60_000);

    const byCase = new Map<string, number[]>();
    for (const message of reader.messages) {
      const { caseId, seq } = JSON.parse(message.value ?? '{}') as { caseId: string; seq: number };
      expect(message.key).toBe(caseId);
      byCase.set(caseId, [...(byCase.get(caseId) ?? []), seq]);
    }
    expect(byCase.size).toBe(CASES);
    const inOrder = Array.from({ length: PER_CASE }, (_, seq) => seq);
    for (const [, seqs] of byCase) expect(seqs).toEqual(inOrder);
  });
});
