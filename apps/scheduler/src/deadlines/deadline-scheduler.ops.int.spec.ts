import {
  closeAll,
  createTestDatabase,
  startOpsServer,
  type OpsServer,
  type TestDatabase,
} from '@casetrail/testing';
import { SchedulerModule } from '../scheduler.module';

describe('the scheduler’s ops server', () => {
  let database: TestDatabase;
  let ops: OpsServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    ops = await startOpsServer(SchedulerModule, { DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await closeAll(ops?.app);
    await database?.drop();
  });

  it('is live', async () => {
    expect((await ops.get('/health/live')).status).toBe(200);
  });

  it('is ready with Postgres up, and does not need Kafka', async () => {
    const { status, text } = await ops.get('/health/ready');
    expect(status).toBe(200);
    expect(JSON.parse(text).info).toEqual({ postgres: { status: 'up' } });
  });

  it('exposes its metrics and the process’s, labelled with the app', async () => {
    const { status, text } = await ops.get('/metrics');
    expect(status).toBe(200);
    // Nothing is due in a fresh database.
    expect(text).toContain('casetrail_scheduler_deadline_lag_seconds{app="scheduler"} 0');
    expect(text).toContain('casetrail_scheduler_deadlines_fired_total{app="scheduler"} 0');
    expect(text).toContain('process_cpu_seconds_total{app="scheduler"}');
  });
});
