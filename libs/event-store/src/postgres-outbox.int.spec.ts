import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import type { ClaimedOutboxMessage } from './event-store.types';
import { OutboxShardLeases, type LeaseHolder } from './outbox-shard-leases';
import { writeOutbox } from './postgres-event-store';
import { PostgresOutbox } from './postgres-outbox';

const SHARDS = 12;

describe('draining the outbox several batches at a time', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let outbox: PostgresOutbox;
  let owner: LeaseHolder;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    outbox = new PostgresOutbox(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM outbox_shard_leases');
    await dataSource.query('DELETE FROM outbox');
    const leases = new OutboxShardLeases(dataSource);
    await leases.layOut(SHARDS);
    const base = { relayId: 'relay-a', shardCount: SHARDS, leaseMs: 60_000, leases: [] };
    owner = { ...base, leases: await leases.claim(base, SHARDS) };
  });

  /** `count` messages over `cases` keys, each carrying its key and its place among the key's messages. */
  async function writeMessages(count: number, cases: number, prefix = 'case'): Promise<void> {
    await dataSource.transaction((manager) =>
      writeOutbox(
        manager,
        Array.from({ length: count }, (_, index) => {
          const key = `${prefix}-${index % cases}`;
          return { topic: 'case-events.v1', key, payload: { key, seq: Math.floor(index / cases) } };
        }),
      ),
    );
  }

  const left = async () =>
    ((await dataSource.query('SELECT count(*)::int AS left FROM outbox')) as { left: number }[])[0].left;

  /** Each key's `seq`s in the order they were published. */
  function perKey(published: ClaimedOutboxMessage[]): Map<string, number[]> {
    const byKey = new Map<string, number[]>();
    for (const message of published) {
      const { key, seq } = JSON.parse(message.payload) as { key: string; seq: number };
      byKey.set(key, [...(byKey.get(key) ?? []), seq]);
    }
    return byKey;
  }

  const upTo = (count: number) => Array.from({ length: count }, (_, seq) => seq);

  it('publishes every batch once, one after the other, in the order stored, and deletes them all', async () => {
    await writeMessages(470, 23);
    const published: ClaimedOutboxMessage[] = [];
    const batchSizes: number[] = [];
    let publishing = 0;
    let mostAtOnce = 0;

    const outcome = await outbox.drainShards(
      50,
      owner,
      async (messages) => {
        publishing += 1;
        mostAtOnce = Math.max(mostAtOnce, publishing);
        // Time for the next read and the previous delete to run meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 5));
        published.push(...messages);
        batchSizes.push(messages.length);
        publishing -= 1;
      },
      20,
    );

    expect(outcome.drained).toBe(470);
    expect(batchSizes).toEqual([...Array<number>(9).fill(50), 20]);
    expect(mostAtOnce).toBe(1);
    expect(new Set(published.map((message) => message.id)).size).toBe(470);
    const ids = published.map((message) => BigInt(message.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    for (const [, seqs] of perKey(published)) expect(seqs).toEqual(upTo(seqs.length));
    expect(perKey(published).size).toBe(23);
    expect(await left()).toBe(0);
  });

  it('stops after the batches asked for, leaving the rest for the next drain', async () => {
    await writeMessages(100, 7);
    const published: ClaimedOutboxMessage[] = [];
    const publish = async (messages: ClaimedOutboxMessage[]) => {
      published.push(...messages);
    };

    expect((await outbox.drainShards(20, owner, publish, 3)).drained).toBe(60);
    expect(await left()).toBe(40);
    expect((await outbox.drainShards(20, owner, publish, 3)).drained).toBe(40);

    for (const [, seqs] of perKey(published)) expect(seqs).toEqual(upTo(seqs.length));
    expect(published).toHaveLength(100);
    expect(await left()).toBe(0);
  });

  it('keeps the batches acknowledged before a failed publish deleted, and publishes the rest in order after', async () => {
    await writeMessages(200, 9);
    const published: ClaimedOutboxMessage[] = [];
    let calls = 0;

    await expect(
      outbox.drainShards(
        40,
        owner,
        async (messages) => {
          calls += 1;
          if (calls === 3) throw new Error('broker unavailable');
          published.push(...messages);
        },
        10,
      ),
    ).rejects.toThrow('broker unavailable');
    expect(published).toHaveLength(80);
    expect(await left()).toBe(120);

    await outbox.drainShards(
      40,
      owner,
      async (messages) => {
        published.push(...messages);
      },
      10,
    );
    expect(published).toHaveLength(200);
    for (const [, seqs] of perKey(published)) expect(seqs).toEqual(upTo(seqs.length));
    expect(await left()).toBe(0);
  });

  it('deletes nothing and publishes it all again when the first publish fails', async () => {
    await writeMessages(30, 3);
    await expect(
      outbox.drainShards(
        10,
        owner,
        async () => {
          throw new Error('broker unavailable');
        },
        5,
      ),
    ).rejects.toThrow('broker unavailable');
    expect(await left()).toBe(30);
  });

  it('publishes a row committed late under a lower id before the later rows of its key', async () => {
    // A command still open holds a low id for case-late; many other rows commit after it.
    const late = new Pool({ connectionString: database.url, max: 1 });
    const open = await late.connect();
    try {
      await open.query('BEGIN');
      await open.query(
        `INSERT INTO outbox (topic, message_key, payload) VALUES ('case-events.v1', 'case-late', $1)`,
        [JSON.stringify({ key: 'case-late', seq: 0 })],
      );
      await writeMessages(300, 10);
      const published: ClaimedOutboxMessage[] = [];
      let calls = 0;

      await outbox.drainShards(
        50,
        owner,
        async (messages) => {
          calls += 1;
          published.push(...messages);
          if (calls === 1) {
            // While the first batch is published (the second already read ahead): the open command
            // commits, and the case's next command, which saw it, stores its row after.
            await open.query('COMMIT');
            await dataSource.query(
              `INSERT INTO outbox (topic, message_key, payload) VALUES ('case-events.v1', 'case-late', $1)`,
              [JSON.stringify({ key: 'case-late', seq: 1 })],
            );
          }
        },
        20,
      );

      expect(perKey(published).get('case-late')).toEqual([0, 1]);
      expect(published).toHaveLength(302);
      expect(await left()).toBe(0);
    } finally {
      open.release();
      await late.end();
    }
  });
});
