import { TOPICS } from '@casetrail/contracts';
import {
  closeAll,
  createTestDatabase,
  startOpsServer,
  uniqueTopicPrefix,
  type OpsServer,
  type TestDatabase,
} from '@casetrail/testing';
import { ProjectorModule } from '../projector.module';
import { CaseEventsConsumerService } from './case-events-consumer.service';

describe('the projector’s ops server', () => {
  let database: TestDatabase;
  let ops: OpsServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = uniqueTopicPrefix();
    ops = await startOpsServer(ProjectorModule, {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: prefix,
      PROJECTOR_GROUP_ID: `${prefix}projector`,
    });
  });
  afterAll(async () => {
    await closeAll(ops?.app);
    await database?.drop();
  });

  it('is live', async () => {
    expect((await ops.get('/health/live')).status).toBe(200);
  });

  it('is ready with Postgres, Kafka and its consumer up', async () => {
    const { status, text } = await ops.get('/health/ready');
    expect(status).toBe(200);
    expect(JSON.parse(text).info).toEqual({
      postgres: { status: 'up' },
      kafka: { status: 'up' },
      consumer: { status: 'up' },
    });
  });

  it('exposes its metrics and the process’s, labelled with the app', async () => {
    const { status, text } = await ops.get('/metrics');
    expect(status).toBe(200);
    for (const name of [
      'casetrail_projector_events_applied_total',
      'casetrail_projector_duplicates_skipped_total',
      'casetrail_projector_dead_lettered_total',
      'casetrail_projector_horizon_age_seconds',
      'process_cpu_seconds_total',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('casetrail_projector_dead_lettered_total{app="projector"}');
  });

  it('counts a message it dead-letters', async () => {
    await ops.moduleRef.get(CaseEventsConsumerService).handle({
      topic: TOPICS.caseEvents,
      partition: 0,
      messages: [
        { topic: TOPICS.caseEvents, partition: 0, offset: '0', key: 'x', value: 'not json', headers: {} },
      ],
    });
    const { text } = await ops.get('/metrics');
    expect(text).toContain('casetrail_projector_dead_lettered_total{app="projector"} 1');
  });

  it('reports how far each partition trails its high watermark after a batch', async () => {
    await ops.moduleRef.get(CaseEventsConsumerService).handle({
      topic: TOPICS.caseEvents,
      partition: 3,
      highWatermark: '10',
      messages: [
        { topic: TOPICS.caseEvents, partition: 3, offset: '1', key: 'x', value: 'not json', headers: {} },
      ],
    });
    const { text } = await ops.get('/metrics');
    expect(text).toContain('casetrail_projector_consumer_lag_messages{partition="3",app="projector"} 8');
  });
});
