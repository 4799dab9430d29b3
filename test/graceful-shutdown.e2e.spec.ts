import { Pool } from 'pg';
import { TOPICS } from '@casetrail/contracts';
import {
  bearerHeaders,
  eventually,
  postJson,
  prepareSystem,
  startAppProcess,
  TopicReader,
  type AppProcess,
  type TestDatabase,
} from '@casetrail/testing';
import { installProjectionLedger, projectionCoverage } from '../faults/harness/projection-ledger';

const WRITERS = 3;
const SIGTERM_ROUNDS = 2;

/**
 * SIGTERM to the relay and the projector while officers keep writing: each finishes what it has in
 * hand (the relay its outbox batch, the projector its batch and that batch's offsets) and exits 0.
 * Across the restarts no acknowledged event is lost, none is published twice, and the projector
 * is never handed a batch it already applied.
 */
describe('graceful shutdown under load', () => {
  let database: TestDatabase;
  let env: Record<string, string>;
  let topicPrefix: string;
  let baseUrl: string;
  let db: Pool;
  let api: AppProcess;
  let relay: AppProcess;
  let projector: AppProcess;
  let officer: Record<string, string>;

  beforeAll(async () => {
    ({ database, topicPrefix, baseUrl, env } = await prepareSystem());
    db = new Pool({ connectionString: database.url, max: 2 });
    // Every committed advance of a case's projection, written by a trigger in the projector's own transaction.
    await installProjectionLedger(db);
    relay = await startAppProcess('relay', env);
    [api, projector] = await Promise.all([startAppProcess('api', env), startAppProcess('projector', env)]);
    const admin = await bearerHeaders({ sub: 'admin-1', role: 'ADMIN', offices: [] });
    officer = await bearerHeaders({ sub: 'WAS-ND-001', role: 'OFFICER', offices: ['WAS'] });
    await postJson(`${baseUrl}/offices`, { officeId: 'WAS', name: 'Washington Field Office' }, admin);
    await postJson(
      `${baseUrl}/officers`,
      { officerId: 'WAS-ND-001', officeId: 'WAS', displayName: 'WAS-ND-001', unit: 'NON_DETAINED' },
      admin,
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all([api, relay, projector].map((app) => app?.stop()));
    await db?.end();
    await database?.drop();
  }, 30_000);

  /** Officers opening cases and requesting detainers until told to stop; answers the acknowledged event ids. */
  const writeUntil = async (stopped: () => boolean): Promise<string[]> => {
    const acknowledged: string[] = [];
    const writer = async () => {
      let caseId: string | undefined;
      for (let sequence = 1; !stopped(); sequence += 1) {
        const { status, body } = caseId
          ? await postJson<{ caseId: string; events: { eventId: string }[] }>(
              `${baseUrl}/cases/${caseId}/detainers`,
              {
                jurisdictionId: `J-${sequence}`,
                requestedAt: new Date(Date.UTC(2026, 10, 2, 0, sequence)).toISOString(),
              },
              officer,
            )
          : await postJson<{ caseId: string; events: { eventId: string }[] }>(
              `${baseUrl}/cases`,
              {
                officeId: 'WAS',
                officerId: 'WAS-ND-001',
                subject: {
                  givenName: 'Synthetic',
                  familyName: 'Subject',
                  aNumber: 'A000000000',
                  dateOfBirth: '1990-01-01',
                  countryOfCitizenship: 'MX',
                },
                openedAt: '2026-11-01T09:00:00.000Z',
              },
              officer,
            );
        if (status !== 201) throw new Error(`a command was refused with ${status}: ${JSON.stringify(body)}`);
        acknowledged.push(...body.events.map((event) => event.eventId));
        caseId = sequence % 10 === 0 ? undefined : body.caseId;
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));
    return acknowledged;
  };

  const storedEvents = async () => {
    const { rows } = await db.query<{ event_id: string; stream_id: string; stream_version: number }>(
      // Case events only: the policy stream's versions go to policy-events.v1, not case-events.v1.
      `SELECT event_id, stream_id, stream_version FROM events
       WHERE stream_id IN (SELECT stream_id FROM streams WHERE stream_type = 'case')`,
    );
    const streams = new Map<string, number>();
    for (const row of rows)
      streams.set(row.stream_id, Math.max(streams.get(row.stream_id) ?? 0, row.stream_version));
    return { eventIds: rows.map((row) => row.event_id), streams };
  };

  const opsPort = (app: AppProcess) => {
    const ports = [...app.output().matchAll(/ops server \(health, metrics\) on port (\d+)/g)];
    return ports.at(-1)?.[1];
  };

  const duplicatesSkipped = async (app: AppProcess) => {
    const metrics = await (await fetch(`http://127.0.0.1:${opsPort(app)}/metrics`)).text();
    const line = metrics
      .split('\n')
      .find((text) => text.startsWith('casetrail_projector_duplicates_skipped_total'));
    return Number(line?.split(' ').at(-1));
  };

  it('exits 0 on SIGTERM and loses, republishes and reapplies nothing across the restarts', async () => {
    let stopped = false;
    const writing = writeUntil(() => stopped);
    const exitCodes: (number | null)[] = [];
    const storedSoFar = async () => (await storedEvents()).eventIds.length;

    for (let round = 0; round < SIGTERM_ROUNDS; round += 1) {
      const before = await storedSoFar();
      await eventually(async () => expect(await storedSoFar()).toBeGreaterThan(before + 100), 30_000);
      await projector.stop();
      exitCodes.push(projector.child.exitCode);
      projector = await startAppProcess('projector', env);
      await relay.stop();
      exitCodes.push(relay.child.exitCode);
      relay = await startAppProcess('relay', env);
    }
    const before = await storedSoFar();
    await eventually(async () => expect(await storedSoFar()).toBeGreaterThan(before + 100), 30_000);
    stopped = true;
    const acknowledged = await writing;

    const reader = await new TopicReader(topicPrefix, TOPICS.caseEvents).start();
    try {
      const store = await storedEvents();
      await eventually(
        async () => {
          expect(reader.messages.length).toBeGreaterThanOrEqual(store.eventIds.length);
          expect((await projectionCoverage(db, store.streams)).notApplied).toBe(0);
        },
        60_000,
        250,
      );
      const published = reader.messages.map(
        (message) => (JSON.parse(message.value ?? '{}') as { eventId: string }).eventId,
      );

      expect(exitCodes).toEqual(Array(2 * SIGTERM_ROUNDS).fill(0));
      expect(acknowledged.filter((eventId) => !store.eventIds.includes(eventId))).toEqual([]);
      expect(published.sort()).toEqual([...store.eventIds].sort());
      expect(await projectionCoverage(db, store.streams)).toEqual({
        notApplied: 0,
        appliedTwice: 0,
        beyondStore: 0,
      });
      expect(await duplicatesSkipped(projector)).toBe(0);
    } finally {
      await reader.stop();
    }
  }, 240_000);
});
