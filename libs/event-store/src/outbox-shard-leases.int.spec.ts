import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import type { ClaimedOutboxMessage } from './event-store.types';
import { OutboxShardLeases, ShardCountConflict, type LeaseHolder } from './outbox-shard-leases';
import { outboxShardSql, type ShardLease } from './outbox-shards';
import { writeOutbox } from './postgres-event-store';
import { PostgresOutbox } from './postgres-outbox';

const SHARDS = 12;
const LEASE_MS = 60_000;

function holder(relayId: string, leases: readonly ShardLease[] = [], leaseMs = LEASE_MS): LeaseHolder {
  return { relayId, shardCount: SHARDS, leaseMs, leases };
}

describe('the outbox shard lease protocol', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let leases: OutboxShardLeases;
  let outbox: PostgresOutbox;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    leases = new OutboxShardLeases(dataSource);
    outbox = new PostgresOutbox(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM outbox_shard_leases');
    await dataSource.query('DELETE FROM outbox_relays');
    await dataSource.query('DELETE FROM outbox');
    await leases.layOut(SHARDS);
  });

  /** As if the owner had stopped renewing for longer than a lease: its leases lapse. */
  async function lapse(relayId: string): Promise<void> {
    await dataSource.query(
      `UPDATE outbox_shard_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE owner = $1`,
      [relayId],
    );
  }

  async function writeMessages(keys: string[]): Promise<void> {
    await dataSource.transaction((manager) =>
      writeOutbox(
        manager,
        keys.map((key, index) => ({ topic: 'case-events.v1', key, payload: { key, index } })),
      ),
    );
  }

  async function shardOf(key: string): Promise<number> {
    const [{ shard }]: { shard: number }[] = await dataSource.query(
      `SELECT ${outboxShardSql('$2')} AS shard FROM (SELECT $1::text AS message_key) AS row`,
      [key, SHARDS],
    );
    return shard;
  }

  function drain(
    lease: LeaseHolder,
  ): Promise<{ drained: number; held: ShardLease[]; published: ClaimedOutboxMessage[] }> {
    const published: ClaimedOutboxMessage[] = [];
    return outbox
      .drainShards(1000, lease, async (messages) => {
        published.push(...messages);
      })
      .then((outcome) => ({ ...outcome, published }));
  }

  it('lays out one free lease per shard', async () => {
    const rows: { shard: number; owner: string | null }[] = await dataSource.query(
      'SELECT shard, owner FROM outbox_shard_leases ORDER BY shard',
    );
    expect(rows).toEqual(Array.from({ length: SHARDS }, (_, shard) => ({ shard, owner: null })));
  });

  it('lets a relay claim free shards, each at a new epoch, and renew them', async () => {
    const claimed = await leases.claim(holder('relay-a'), 5);
    expect(claimed).toEqual([0, 1, 2, 3, 4].map((shard) => ({ shard, epoch: 1, previousOwner: null })));

    const renewed = await leases.renew(holder('relay-a', claimed));
    expect(renewed).toEqual([0, 1, 2, 3, 4].map((shard) => ({ shard, epoch: 1 })));
  });

  it('gives another relay none of the shards whose leases are alive', async () => {
    await leases.claim(holder('relay-a'), SHARDS);
    expect(await leases.claim(holder('relay-b'), SHARDS)).toEqual([]);
  });

  it('lets another relay take over the shards of an owner whose leases lapsed, fencing it with a new epoch', async () => {
    const first = await leases.claim(holder('relay-a'), 3);
    await lapse('relay-a');

    const takenOver = await leases.claim(holder('relay-b'), 3);
    expect(takenOver).toEqual([0, 1, 2].map((shard) => ({ shard, epoch: 2, previousOwner: 'relay-a' })));
    // The stale owner's renewal finds none of its leases any more.
    expect(await leases.renew(holder('relay-a', first))).toEqual([]);
  });

  it('lets a relay restarted under the same id take its shards back at once, at a new epoch', async () => {
    const before = await leases.claim(holder('relay-a'), 3);
    const again = await leases.claim(holder('relay-a'), 3);
    expect(again).toEqual([0, 1, 2].map((shard) => ({ shard, epoch: 2, previousOwner: null })));
    // The earlier process, were it still alive, is fenced by the new epoch.
    expect(await leases.renew(holder('relay-a', before))).toEqual([]);
  });

  it('does not claim again a shard the relay already holds', async () => {
    const held = await leases.claim(holder('relay-a'), 2);
    expect(await leases.claim(holder('relay-a', held), 2)).toEqual(
      [2, 3].map((shard) => ({ shard, epoch: 1, previousOwner: null })),
    );
  });

  it('refuses to renew a lease that lapsed, even when nobody has claimed it yet', async () => {
    const first = await leases.claim(holder('relay-a'), 2);
    await lapse('relay-a');
    expect(await leases.renew(holder('relay-a', first))).toEqual([]);
  });

  it('publishes only the rows of the shards a relay leases, in the order they were stored', async () => {
    const keys = Array.from({ length: 40 }, (_, index) => `case-${index}`);
    await writeMessages([...keys, ...keys]);
    const a = await leases.claim(holder('relay-a'), SHARDS / 2);
    const b = await leases.claim(holder('relay-b'), SHARDS / 2);

    const fromA = await drain(holder('relay-a', a));
    const fromB = await drain(holder('relay-b', b));

    const shardsOfA = new Set(a.map((lease) => lease.shard));
    for (const message of fromA.published) expect(shardsOfA.has(await shardOf(message.key))).toBe(true);
    for (const message of fromB.published) expect(shardsOfA.has(await shardOf(message.key))).toBe(false);
    expect(fromA.drained + fromB.drained).toBe(80);
    expect(fromA.drained).toBeGreaterThan(0);
    expect(fromB.drained).toBeGreaterThan(0);
    for (const { published } of [fromA, fromB]) {
      const ids = published.map((message) => BigInt(message.id));
      expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    }
    expect(await dataSource.query('SELECT count(*)::int AS left FROM outbox')).toEqual([{ left: 0 }]);
  });

  it('fences a stale owner: after a takeover it publishes nothing of the shard, and the new owner does', async () => {
    await writeMessages(['case-x', 'case-y', 'case-z']);
    const stale = await leases.claim(holder('relay-a'), SHARDS);
    await lapse('relay-a');
    const current = await leases.claim(holder('relay-b'), SHARDS);

    const fromStale = await drain(holder('relay-a', stale));
    expect(fromStale).toEqual({ drained: 0, held: [], published: [] });
    expect(await dataSource.query('SELECT count(*)::int AS left FROM outbox')).toEqual([{ left: 3 }]);

    const fromCurrent = await drain(holder('relay-b', current));
    expect(fromCurrent.published.map((message) => message.key)).toEqual(['case-x', 'case-y', 'case-z']);
  });

  it('lets nobody take a shard over while its owner is publishing it, even past the lease', async () => {
    await writeMessages(['case-x']);
    const owned = await leases.claim(holder('relay-a'), SHARDS);
    let claimedMeanwhile: unknown[] = ['not asked'];
    await outbox.drainShards(100, holder('relay-a', owned, 1), async () => {
      // The drain renewed the leases for 1 ms and holds them locked: wait until they are past due.
      await new Promise((resolve) => setTimeout(resolve, 20));
      claimedMeanwhile = await leases.claim(holder('relay-b'), SHARDS);
    });
    expect(claimedMeanwhile).toEqual([]);
    expect(await dataSource.query('SELECT count(*)::int AS left FROM outbox')).toEqual([{ left: 0 }]);
  });

  it('hands released shards to the next relay at once, not as a takeover', async () => {
    const owned = await leases.claim(holder('relay-a'), 4);
    await leases.release(holder('relay-a', owned.slice(2)));

    expect(await leases.claim(holder('relay-b'), 4)).toEqual([
      { shard: 2, epoch: 2, previousOwner: null },
      { shard: 3, epoch: 2, previousOwner: null },
      { shard: 4, epoch: 1, previousOwner: null },
      { shard: 5, epoch: 1, previousOwner: null },
    ]);
    expect(await leases.renew(holder('relay-a', owned))).toEqual(
      [0, 1].map((shard) => ({ shard, epoch: 1 })),
    );
  });

  it('lists the relays alive, and forgets one that leaves', async () => {
    await leases.heartbeat('relay-b', LEASE_MS);
    expect(await leases.heartbeat('relay-a', LEASE_MS)).toEqual(['relay-a', 'relay-b']);
    await leases.leave('relay-b');
    expect(await leases.heartbeat('relay-a', LEASE_MS)).toEqual(['relay-a']);
  });

  it('refuses a different shard count while leases on the current one are held, and re-lays out after', async () => {
    const owned = await leases.claim(holder('relay-a'), SHARDS);
    await expect(leases.layOut(6)).rejects.toBeInstanceOf(ShardCountConflict);

    await leases.release(holder('relay-a', owned));
    await leases.layOut(6);
    const rows: { count: number; shard_count: number }[] = await dataSource.query(
      'SELECT count(*)::int AS count, min(shard_count) AS shard_count FROM outbox_shard_leases',
    );
    expect(rows).toEqual([{ count: 6, shard_count: 6 }]);
  });
});
