import { DataSource } from 'typeorm';
import { writeOutbox } from '@casetrail/event-store';
import { Metrics } from '@casetrail/observability';
import {
  closeAll,
  compileApp,
  createTestDatabase,
  startOpsServer,
  uniqueTopicPrefix,
  type OpsServer,
  type TestDatabase,
} from '@casetrail/testing';
import { RelayModule } from '../relay.module';

describe('the relay’s ops server', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  describe('when the relay is running', () => {
    let ops: OpsServer;

    beforeAll(async () => {
      ops = await startOpsServer(RelayModule, {
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
      });
    });
    afterAll(() => closeAll(ops?.app));

    it('is live', async () => {
      expect((await ops.get('/health/live')).status).toBe(200);
    });

    it('is ready with Postgres, Kafka, its publisher and its share of the shards', async () => {
      const { status, text } = await ops.get('/health/ready');
      expect(status).toBe(200);
      expect(JSON.parse(text).info).toEqual({
        postgres: { status: 'up' },
        kafka: { status: 'up' },
        publisher: { status: 'up' },
        shards: { status: 'up' },
      });
    });

    it('exposes its metrics and the process’s, labelled with the app', async () => {
      const { status, text } = await ops.get('/metrics');
      expect(status).toBe(200);
      expect(text).toContain('casetrail_relay_outbox_backlog_messages{app="relay"}');
      expect(text).toContain('casetrail_relay_outbox_oldest_message_age_seconds{app="relay"}');
      expect(text).toContain('casetrail_relay_messages_published_total{app="relay"}');
      // Alone, it owns every shard (12 by default).
      expect(text).toContain('casetrail_relay_shards_owned{app="relay"} 12');
      expect(text).toContain('casetrail_relay_shard_takeovers_total{app="relay"} 0');
      expect(text).toContain('process_cpu_seconds_total{app="relay"}');
    });
  });

  describe('when messages wait in the outbox', () => {
    it('reports how many and how old the oldest is', async () => {
      // Its own database, and compiled but not initialised: no relay loop drains these rows.
      const own = await createTestDatabase();
      const moduleRef = await compileApp(RelayModule, {
        DATABASE_URL: own.url,
        KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
      });
      try {
        const db = moduleRef.get(DataSource);
        await db.initialize().catch(() => undefined);
        await db.transaction((manager) =>
          writeOutbox(
            manager,
            ['a', 'b', 'c'].map((key) => ({ topic: 'case-events.v1', key, payload: { key } })),
          ),
        );
        await db.query(
          `UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE message_key = 'a'`,
        );

        const registry = moduleRef.get(Metrics).registry;
        const backlog = await registry.getSingleMetric('casetrail_relay_outbox_backlog_messages')?.get();
        const age = await registry
          .getSingleMetric('casetrail_relay_outbox_oldest_message_age_seconds')
          ?.get();

        expect(backlog?.values[0].value).toBe(3);
        expect(age?.values[0].value).toBeGreaterThanOrEqual(90);
        expect(age?.values[0].value).toBeLessThan(120);
      } finally {
        await moduleRef.close();
        await own.drop();
      }
    });
  });
});
