import { DataSource } from 'typeorm';
import { loadConfig } from '@casetrail/config';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { SharedThrottlerStorage } from './shared-throttler-storage';

const MINUTE = 60_000;
const LIMIT = 10;

describe('the rate limit counts shared by api instances through Postgres', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let instances: SharedThrottlerStorage[];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE rate_limit_hits');
    // Synced by hand below (the timer is never started), so each step sees a known state.
    const config = loadConfig({});
    instances = [
      new SharedThrottlerStorage(dataSource, config),
      new SharedThrottlerStorage(dataSource, config),
    ];
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const hit = (instance: SharedThrottlerStorage, key = 'user:WAS-ND-001') =>
    instance.increment(key, MINUTE, LIMIT, MINUTE, 'per-caller');

  it('refuses a caller on one instance once its hits on the other, synced, reach the limit', async () => {
    const [a, b] = instances;
    for (let i = 0; i < LIMIT; i += 1) expect((await hit(a)).isBlocked).toBe(false);
    expect((await hit(b)).isBlocked).toBe(false); // b has not heard of a's hits yet: the bounded overshoot

    await a.sync();
    await b.sync();

    const refused = await hit(b);
    expect(refused).toMatchObject({ isBlocked: true, totalHits: LIMIT + 2 });
    expect(refused.timeToBlockExpire).toBeGreaterThan(0);
    expect(refused.timeToBlockExpire).toBeLessThanOrEqual(60);
  });

  it('counts the hits on their way to Postgres while a sync is in flight', async () => {
    const [a] = instances;
    for (let i = 0; i < LIMIT; i += 1) await hit(a);

    const syncing = a.sync();
    const during = await hit(a);
    await syncing;

    // Not judged on the shared total before the sync plus the hits since: that forgets the ones sent.
    expect(during).toMatchObject({ totalHits: LIMIT + 1, isBlocked: true });
    expect(await hit(a)).toMatchObject({ totalHits: LIMIT + 2, isBlocked: true });
  });

  it('adds each instance’s hits exactly once, however often it syncs', async () => {
    const [a, b] = instances;
    for (let i = 0; i < 3; i += 1) await hit(a);
    await a.sync();
    await a.sync();
    for (let i = 0; i < 4; i += 1) await hit(b);
    await b.sync();
    await hit(a);
    await a.sync();

    const [{ hits }] = await dataSource.query<{ hits: number }[]>('SELECT hits FROM rate_limit_hits');
    expect(hits).toBe(8);
    expect((await hit(a)).totalHits).toBe(9);
  });

  it('counts callers apart', async () => {
    const [a, b] = instances;
    for (let i = 0; i <= LIMIT; i += 1) await hit(a, 'user:noisy');
    await hit(b, 'user:noisy');
    await a.sync();
    await b.sync();

    expect((await hit(b, 'user:noisy')).isBlocked).toBe(true);
    expect((await hit(b, 'user:quiet')).isBlocked).toBe(false);
  });

  it('goes on counting on its own while Postgres cannot be reached', async () => {
    const unreachable = new DataSource({ type: 'postgres', url: database.url });
    const cut = new SharedThrottlerStorage(unreachable, loadConfig({})); // never initialised: every query fails
    for (let i = 0; i < 3; i += 1) await hit(cut);
    await cut.sync();
    expect((await hit(cut)).totalHits).toBe(4);
    for (let i = 4; i < LIMIT; i += 1) await hit(cut);
    expect((await hit(cut)).isBlocked).toBe(true);
  });
});
