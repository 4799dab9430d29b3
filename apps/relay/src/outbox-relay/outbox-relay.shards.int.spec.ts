import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { writeOutbox } from '@casetrail/event-store';
import {
  closeAll,
  createTestDatabase,
  eventually,
  startOpsServer,
  uniqueTopicPrefix,
  type OpsServer,
  type TestDatabase,
} from '@casetrail/testing';
import { RelayModule } from '../relay.module';
import { OutboxRelayService } from './outbox-relay.service';

const SHARDS = 12;
const ALL_SHARDS = Array.from({ length: SHARDS }, (_, shard) => shard);

describe('relays sharing the outbox shards', () => {
  let database: TestDatabase;
  let topicPrefix: string;
  const running: OpsServer[] = [];

  function startRelay(relayId: string): Promise<OpsServer> {
    return startOpsServer(RelayModule, {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      RELAY_INSTANCE_ID: relayId,
      RELAY_SHARDS: String(SHARDS),
      // Short, so rebalancing takes a fraction of a second; nothing here waits for a lease to lapse.
      RELAY_LEASE_MS: '900',
    }).then((relay) => {
      running.push(relay);
      return relay;
    });
  }

  const shardsOf = (relay: OpsServer) => relay.moduleRef.get(OutboxRelayService).ownedShards;

  beforeAll(async () => {
    database = await createTestDatabase();
    topicPrefix = uniqueTopicPrefix();
  });
  afterAll(async () => {
    await closeAll(...running.map((relay) => relay.app));
    await database.drop();
  });

  it('gives a relay alone every shard, a second one half, and publishes everything between them', async () => {
    const a = await startRelay('relay-a');
    expect(shardsOf(a)).toEqual(ALL_SHARDS);

    const b = await startRelay('relay-b');
    await eventually(() => {
      expect(shardsOf(a)).toHaveLength(SHARDS / 2);
      expect(shardsOf(b)).toHaveLength(SHARDS / 2);
    });
    expect([...shardsOf(a), ...shardsOf(b)].sort((x, y) => x - y)).toEqual(ALL_SHARDS);

    const db = a.moduleRef.get(DataSource);
    await db.transaction((manager) =>
      writeOutbox(
        manager,
        Array.from({ length: 60 }, (_, index) => ({
          topic: 'case-events.v1',
          key: `case-${index % 20}`,
          payload: { index },
        })),
      ),
    );
    await eventually(async () => {
      expect(await db.query('SELECT count(*)::int AS left FROM outbox')).toEqual([{ left: 0 }]);
    });
    const published = await Promise.all(
      [a, b].map(async (relay) =>
        metric(await relay.get('/metrics'), 'casetrail_relay_messages_published_total'),
      ),
    );
    expect(published[0] + published[1]).toBeGreaterThanOrEqual(60);
    expect(published.every((count) => count > 0)).toBe(true);
  });

  it('hands a stopping relay’s shards to the other at once: given up, not taken over', async () => {
    const [a, b] = running;
    await b.app.close();
    running.splice(running.indexOf(b), 1);

    await eventually(() => expect(shardsOf(a)).toEqual(ALL_SHARDS));
    expect(metric(await a.get('/metrics'), 'casetrail_relay_shard_takeovers_total')).toBe(0);
    expect(metric(await a.get('/metrics'), 'casetrail_relay_shards_owned')).toBe(SHARDS);
  });

  it('takes over the shards of a relay whose leases lapsed, at a new epoch that fences it', async () => {
    const [a] = running;
    await a.app.close();
    running.splice(running.indexOf(a), 1);
    const db = new Pool({ connectionString: database.url, max: 1 });
    // A relay that died holding shards 0–5 at epoch 7: it renews no more, its leases have lapsed.
    await db.query(
      `UPDATE outbox_shard_leases SET owner = 'relay-dead', epoch = 7, expires_at = clock_timestamp() - interval '1 second'
       WHERE shard < 6`,
    );

    const c = await startRelay('relay-c');
    await eventually(() => expect(shardsOf(c)).toEqual(ALL_SHARDS));
    expect(metric(await c.get('/metrics'), 'casetrail_relay_shard_takeovers_total')).toBe(6);
    const { rows: epochs } = await db.query('SELECT DISTINCT epoch FROM outbox_shard_leases WHERE shard < 6');
    expect(epochs).toEqual([{ epoch: '8' }]);
    await db.end();
  });
});

function metric(response: { text: string }, name: string): number {
  const match = new RegExp(`^${name}\\{[^}]*\\} ([0-9.]+)$`, 'm').exec(response.text);
  if (!match) throw new Error(`${name} not in the metrics`);
  return Number(match[1]);
}
