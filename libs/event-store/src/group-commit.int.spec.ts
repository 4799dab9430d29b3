import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { createTestDatabase, recordDatabaseRoundTrips, type TestDatabase } from '@casetrail/testing';
import type { NewEvent } from './event-store.types';
import { PostgresEventStore, type AppendOptions, type ClaimedWrite } from './postgres-event-store';

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

/** A claimed write into a table of the test's own, with a key that can be refused. */
function markerWrite(streamId: string, marker: string): ClaimedWrite {
  return {
    name: 'marker',
    sql: (rows) => `INSERT INTO group_commit_markers (marker, stream_id)
      SELECT row.marker, row.stream_id FROM jsonb_to_recordset(${rows}) AS row(marker text, stream_id uuid)
      WHERE row.stream_id IN (SELECT stream_id FROM claimed)`,
    rows: [{ marker, stream_id: streamId }],
  };
}

describe('group commit of appends', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.query(
      'CREATE TABLE public.group_commit_markers (marker text PRIMARY KEY, stream_id uuid)',
    );
    store = new PostgresEventStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const options = (streamId: string, marker: string = randomUUID()): AppendOptions => ({
    streamType: 'case',
    outbox: (events) => events.map((event) => ({ topic: 't', key: event.streamId, payload: { marker } })),
    auditRecords: [{ streamId, record: `audit of ${marker}` }],
    claimedWrites: [markerWrite(streamId, marker)],
  });

  it('appends what callers ask at once in fewer statements, each with its own outcome and writes', async () => {
    const streams = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const streamId = randomUUID();
        await store.append(streamId, 0, [newEvent('Opened')], { streamType: 'case' });
        return streamId;
      }),
    );
    const recording = recordDatabaseRoundTrips();
    const outcomes = await Promise.all(
      streams.map((streamId, index) =>
        store.appendToStreams(
          // The last caller decided on a version its stream is not at.
          [
            {
              streamId,
              expectedVersion: index === streams.length - 1 ? 5 : 1,
              events: [newEvent(`E${index}`)],
            },
          ],
          options(streamId, `marker-${index}`),
        ),
      ),
    );
    recording.stop();

    const appendStatements = recording.statements.filter((statement) =>
      statement.includes('INSERT INTO events'),
    );
    expect(appendStatements.length).toBeLessThan(streams.length);
    expect(
      outcomes.map((outcome) => ({
        conflicted: outcome.conflicted,
        stored: [...outcome.stored].map(([streamId, events]) => [
          streamId,
          events.map((event) => [event.type, event.streamVersion]),
        ]),
      })),
    ).toEqual(
      streams.map((streamId, index) =>
        index === streams.length - 1
          ? { conflicted: [streamId], stored: [] }
          : { conflicted: [], stored: [[streamId, [[`E${index}`, 2]]]] },
      ),
    );
    const markers: { marker: string; stream_id: string }[] = await dataSource.query(
      'SELECT marker, stream_id FROM public.group_commit_markers ORDER BY marker',
    );
    expect(markers).toEqual(
      streams
        .slice(0, -1)
        .map((streamId, index) => ({ marker: `marker-${index}`, stream_id: streamId }))
        .sort((a, b) => (a.marker < b.marker ? -1 : 1)),
    );
    const audits: { count: string }[] = await dataSource.query(
      `SELECT count(*) FROM public.audit_unchained WHERE record LIKE 'audit of marker-%'`,
    );
    expect(Number(audits[0].count)).toBe(streams.length - 1);
  });

  it('answers each caller alone when one caller’s write is refused, and appends the others', async () => {
    const taken = `taken-${randomUUID()}`;
    await dataSource.query('INSERT INTO public.group_commit_markers (marker) VALUES ($1)', [taken]);
    const streams = Array.from({ length: 6 }, () => randomUUID());

    const outcomes = await Promise.allSettled(
      streams.map((streamId, index) =>
        store.appendToStreams(
          [{ streamId, expectedVersion: 0, events: [newEvent()] }],
          options(streamId, index === 3 ? taken : undefined),
        ),
      ),
    );

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    for (const [index, streamId] of streams.entries())
      expect((await store.readStream(streamId)).length).toBe(index === 3 ? 0 : 1);
  });

  it('puts two appends to one stream in different statements: one is stored, the other conflicted', async () => {
    const streamId = randomUUID();
    const [first, second] = await Promise.all([
      store.appendToStreams([{ streamId, expectedVersion: 0, events: [newEvent('First')] }], {
        streamType: 'case',
      }),
      store.appendToStreams([{ streamId, expectedVersion: 0, events: [newEvent('Second')] }], {
        streamType: 'case',
      }),
    ]);

    // Two statements in flight at once: whichever claims the stream first wins, the other is refused.
    const [winner, loser] = first.stored.has(streamId) ? [first, second] : [second, first];
    expect(winner.stored.get(streamId)).toHaveLength(1);
    expect(loser).toEqual({ stored: new Map(), conflicted: [streamId] });
    expect((await store.readStream(streamId)).map((event) => event.type)).toEqual(
      winner === first ? ['First'] : ['Second'],
    );
  });
});
