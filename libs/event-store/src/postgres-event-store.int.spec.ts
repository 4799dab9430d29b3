import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { createTestDatabase, eventually, type TestDatabase } from '@casetrail/testing';
import { START_OF_HISTORY, StreamVersionConflict, type NewEvent } from './event-store.types';
import { signalOutbox } from './outbox-signal';
import { cursorAfter, PostgresEventStore } from './postgres-event-store';
import { OUTBOX_CHANNEL } from './postgres-outbox';

function newEvent(type = 'Something'): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { value: type },
    metadata: { actor: { userId: 'u1', role: 'OFFICER' }, correlationId: 'c1', causationId: null },
    occurredAt: '2026-11-20T09:00:00.000Z',
    recordedAt: '2026-11-20T09:00:01.000Z',
  };
}

describe('PostgresEventStore', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    store = new PostgresEventStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('appends events with consecutive versions and reads them back in order', async () => {
    const streamId = randomUUID();
    await store.append(streamId, 0, [newEvent('A'), newEvent('B')], { streamType: 'case' });
    await store.append(streamId, 2, [newEvent('C')], { streamType: 'case' });

    const events = await store.readStream(streamId);
    expect(events.map((event) => [event.type, event.streamVersion])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
    ]);
    expect(events[0].metadata.actor.userId).toBe('u1');
  });

  it('writes the outbox messages in the same transaction as the events', async () => {
    const streamId = randomUUID();
    const stored = await store.append(streamId, 0, [newEvent()], {
      streamType: 'case',
      outbox: (events) =>
        events.map((event) => ({ topic: 't', key: streamId, payload: { eventId: event.eventId } })),
    });
    const rows: { payload: { eventId: string } }[] = await dataSource.query(
      'SELECT payload FROM outbox WHERE message_key = $1',
      [streamId],
    );
    expect(rows.map((row) => row.payload.eventId)).toEqual([stored[0].eventId]);
  });

  describe('waking the relay', () => {
    const outbox = (events: { streamId: string }[]) =>
      events.map((event) => ({ topic: 't', key: event.streamId, payload: {} }));

    async function notificationsDuring(work: () => Promise<void>): Promise<number> {
      const listener = new Client({ connectionString: database.url });
      let heard = 0;
      listener.on('notification', () => (heard += 1));
      await listener.connect();
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      try {
        await work();
        // A round trip on the listening connection delivers whatever was notified before it.
        await eventually(async () => {
          await listener.query('SELECT 1');
          expect(heard).toBeGreaterThan(0);
        });
        return heard;
      } finally {
        await listener.end();
      }
    }

    it('notifies the relay after an append with outbox rows commits', async () => {
      const heard = await notificationsDuring(async () => {
        await store.append(randomUUID(), 0, [newEvent()], { streamType: 'case', outbox });
      });
      expect(heard).toBeGreaterThan(0);
    });

    it('notifies the relay for a caller that signals after its own commit', async () => {
      const heard = await notificationsDuring(async () => {
        await dataSource.transaction((manager) =>
          store.append(randomUUID(), 0, [newEvent()], {
            streamType: 'case',
            outbox,
            manager,
            signalledAfterCommit: true,
          }),
        );
        signalOutbox(dataSource);
      });
      expect(heard).toBeGreaterThan(0);
    });

    it('keeps the trigger notifying for callers that do not signal themselves', async () => {
      const heard = await notificationsDuring(async () => {
        await dataSource.transaction((manager) =>
          store.append(randomUUID(), 0, [newEvent()], { streamType: 'case', outbox, manager }),
        );
      });
      expect(heard).toBeGreaterThan(0);
    });
  });

  describe('when two appends race with the same expected version', () => {
    it('lets exactly one win and stores exactly one event', async () => {
      const streamId = randomUUID();
      await store.append(streamId, 0, [newEvent()], { streamType: 'case' });

      const results = await Promise.allSettled([
        store.append(streamId, 1, [newEvent('first')], { streamType: 'case' }),
        store.append(streamId, 1, [newEvent('second')], { streamType: 'case' }),
      ]);

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(StreamVersionConflict);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it('refuses a second creation of the same stream', async () => {
      const streamId = randomUUID();
      await store.append(streamId, 0, [newEvent()], { streamType: 'case' });
      await expect(store.append(streamId, 0, [newEvent()], { streamType: 'case' })).rejects.toBeInstanceOf(
        StreamVersionConflict,
      );
    });

    it('refuses an expected version ahead of the stream, leaving no gap', async () => {
      const streamId = randomUUID();
      await store.append(streamId, 0, [newEvent()], { streamType: 'case' });
      await expect(store.append(streamId, 5, [newEvent()], { streamType: 'case' })).rejects.toBeInstanceOf(
        StreamVersionConflict,
      );
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it('leaves neither events nor outbox rows behind for the loser', async () => {
      const streamId = randomUUID();
      await store.append(streamId, 0, [newEvent()], { streamType: 'case' });
      const outbox = () => [{ topic: 't', key: streamId, payload: {} }];
      await Promise.allSettled([
        store.append(streamId, 1, [newEvent()], { streamType: 'case', outbox }),
        store.append(streamId, 1, [newEvent()], { streamType: 'case', outbox }),
      ]);
      const [{ count }]: { count: string }[] = await dataSource.query(
        'SELECT count(*) FROM outbox WHERE message_key = $1',
        [streamId],
      );
      expect(Number(count)).toBe(1);
    });
  });

  describe('when one statement appends to many streams', () => {
    it('appends to every stream at its expected version and reports the others as conflicted', async () => {
      const [moved, fresh, existing] = [randomUUID(), randomUUID(), randomUUID()];
      await store.append(moved, 0, [newEvent(), newEvent()], { streamType: 'case' });
      await store.append(existing, 0, [newEvent()], { streamType: 'case' });
      const outbox = (events: { streamId: string; eventId: string }[]) =>
        events.map((event) => ({ topic: 't', key: event.streamId, payload: { eventId: event.eventId } }));

      const { stored, conflicted } = await store.appendToStreams(
        [
          { streamId: moved, expectedVersion: 1, events: [newEvent('stale')] },
          { streamId: fresh, expectedVersion: 0, events: [newEvent('A'), newEvent('B')] },
          { streamId: existing, expectedVersion: 1, events: [newEvent('C')] },
        ],
        { streamType: 'case', outbox },
      );

      expect(conflicted).toEqual([moved]);
      expect(stored.get(fresh)?.map((event) => [event.type, event.streamVersion])).toEqual([
        ['A', 1],
        ['B', 2],
      ]);
      expect(stored.get(existing)?.map((event) => [event.type, event.streamVersion])).toEqual([['C', 2]]);
      expect((await store.readStream(moved)).map((event) => event.type)).not.toContain('stale');
      const rows: { message_key: string }[] = await dataSource.query(
        'SELECT message_key FROM outbox WHERE message_key = ANY($1) ORDER BY id',
        [[moved, fresh, existing]],
      );
      expect(rows.map((row) => row.message_key).sort()).toEqual([existing, fresh, fresh].sort());
    });
  });

  describe('values as stored', () => {
    /** Text that a quoting or escaping mistake in the statement's encoding would change. */
    const awkward = `quote " apostrophe ' backslash \\ \\" \\\\u0041 {braces}, [brackets] NULL null "" tab\tnewline\n é 中文 🚀 \u2028 e\u0301`;
    const data = {
      [awkward]: awkward,
      nested: { json: JSON.stringify({ inner: awkward }), list: [1, null, 'NULL', { deep: [awkward] }] },
      absent: null,
      numbers: [0, -1.5, 1e21, 12345678901234],
      empty: { object: {}, list: [], text: '' },
    };

    it('keeps data, metadata, types and instants exactly as appended, down to the microsecond', async () => {
      const streamId = randomUUID();
      const metadata = {
        actor: { userId: awkward, role: 'OFFICER' },
        correlationId: awkward,
        causationId: null,
      };
      const [stored] = await store.append(
        streamId,
        0,
        [
          {
            ...newEvent(`Type ${awkward}`),
            data,
            metadata,
            occurredAt: '2026-11-20T04:00:00.123456-05:00',
            recordedAt: '2026-11-20T10:00:01.000001+01:00',
          },
          { ...newEvent(), data: null },
        ],
        { streamType: 'case' },
      );

      const events = await store.readStream(streamId);
      expect(events.map((event) => [event.type, event.data, event.metadata])).toEqual([
        [`Type ${awkward}`, data, metadata],
        ['Something', null, newEvent().metadata],
      ]);
      expect(events[0]).toEqual(stored);
      const [instants]: { occurred_at: string; recorded_at: string }[] = await dataSource.query(
        `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS occurred_at,
                to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS recorded_at
         FROM events WHERE stream_id = $1 AND stream_version = 1`,
        [streamId],
      );
      expect(instants).toEqual({
        occurred_at: '2026-11-20T09:00:00.123456',
        recorded_at: '2026-11-20T09:00:01.000001',
      });
    });

    it('keeps outbox messages as written, key order included, and audit records in their order', async () => {
      const streamId = randomUUID();
      const payloads = [{ z: awkward, a: data }, null, [awkward]];
      await store.append(streamId, 0, [newEvent()], {
        streamType: 'case',
        outbox: () =>
          payloads.map((payload) => ({ topic: 't', key: streamId, payload, headers: { h: awkward } })),
        auditRecords: [
          { streamId, record: `first ${awkward}` },
          { streamId, record: `second ${awkward}` },
        ],
      });

      const messages: { payload: string; headers: unknown }[] = await dataSource.query(
        'SELECT payload::text AS payload, headers FROM outbox WHERE message_key = $1 ORDER BY id',
        [streamId],
      );
      expect(messages).toEqual(
        payloads.map((payload) => ({ payload: JSON.stringify(payload), headers: { h: awkward } })),
      );
      const audits: { record: string }[] = await dataSource.query(
        'SELECT record FROM public.audit_unchained WHERE record = ANY($1) ORDER BY id',
        [[`second ${awkward}`, `first ${awkward}`]],
      );
      expect(audits.map((audit) => audit.record)).toEqual([`first ${awkward}`, `second ${awkward}`]);
    });
  });

  describe('append-only storage', () => {
    it('rejects UPDATE, DELETE and TRUNCATE of events', async () => {
      const streamId = randomUUID();
      await store.append(streamId, 0, [newEvent()], { streamType: 'case' });
      await expect(
        dataSource.query(`UPDATE events SET data = '{}' WHERE stream_id = $1`, [streamId]),
      ).rejects.toThrow(/append-only/);
      await expect(dataSource.query('DELETE FROM events WHERE stream_id = $1', [streamId])).rejects.toThrow(
        /append-only/,
      );
      await expect(dataSource.query('TRUNCATE events')).rejects.toThrow(/append-only/);
      expect(await store.readStream(streamId)).toHaveLength(1);
    });
  });

  describe('global reads', () => {
    it('never passes an event whose transaction commits after a later one', async () => {
      const readAllFrom = async (cursor = START_OF_HISTORY) => store.readAll(cursor, 10_000);
      const before = await readAllFrom();
      const cursor = before.length > 0 ? cursorAfter(before[before.length - 1]) : START_OF_HISTORY;

      const slowStream = randomUUID();
      const fastStream = randomUUID();
      const slow = dataSource.createQueryRunner();
      await slow.connect();
      await slow.startTransaction();
      // The slow transaction takes its id first but commits last.
      await store.append(slowStream, 0, [newEvent('slow')], { streamType: 'case', manager: slow.manager });
      await store.append(fastStream, 0, [newEvent('fast')], { streamType: 'case' });

      const whileSlowIsOpen = await readAllFrom(cursor);
      expect(whileSlowIsOpen.map((event) => event.type)).not.toContain('fast');

      await slow.commitTransaction();
      await slow.release();
      // The horizon is the server's oldest running transaction, in any database: a long one
      // elsewhere on a shared server (another suite, a benchmark) delays the read, never reorders it.
      await eventually(async () => {
        const afterCommit = await readAllFrom(cursor);
        expect(
          afterCommit
            .filter((event) => event.streamId === slowStream || event.streamId === fastStream)
            .map((event) => event.type),
        ).toEqual(['slow', 'fast']);
      }, 60_000);
    });
  });
});
