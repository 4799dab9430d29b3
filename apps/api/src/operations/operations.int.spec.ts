import {
  closeAll,
  createTestDatabase,
  startOpsServer,
  uniqueTopicPrefix,
  type OpsServer,
  type TestDatabase,
} from '@casetrail/testing';
import { ApiModule } from '../api.module';
import { configureApi } from '../api.setup';

describe('the api’s operations endpoints', () => {
  let database: TestDatabase;
  let ops: OpsServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    ops = await startOpsServer(
      ApiModule,
      { DATABASE_URL: database.url, KAFKA_TOPIC_PREFIX: uniqueTopicPrefix() },
      configureApi,
    );
  });
  afterAll(async () => {
    await closeAll(ops?.app);
    await database?.drop();
  });

  it('is live', async () => {
    expect((await ops.get('/health/live')).status).toBe(200);
  });

  it('is ready with Postgres and Kafka up', async () => {
    const { status, text } = await ops.get('/health/ready');
    expect(status).toBe(200);
    expect(JSON.parse(text).info).toEqual({ postgres: { status: 'up' }, kafka: { status: 'up' } });
  });

  it('times requests by route pattern, not by raw URL', async () => {
    // Without a token: refused, but timed under its route pattern all the same.
    await ops.get('/cases/6f1c1c8e-8f4e-4a43-9d4f-1d3a4a0b7a11');
    await ops.get('/no/such/thing');
    const { status, text } = await ops.get('/metrics');
    expect(status).toBe(200);
    expect(text).toContain('process_cpu_seconds_total{app="api"}');
    expect(text).toContain(
      'casetrail_http_request_duration_seconds_count{app="api",method="GET",route="/cases/:caseId",status="401"} 1',
    );
    expect(text).toContain('route="unmatched",status="404"');
    expect(text).not.toContain('6f1c1c8e');
  });
});
