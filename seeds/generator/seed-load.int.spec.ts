import { DataSource } from 'typeorm';
import { CaseSnapshots, isEncrypted, PersonalDataVault } from '@casetrail/case-commands';
import { toCaseEvent, toCaseEventMessage } from '@casetrail/contracts';
import { DEVELOPMENT_PERSONAL_DATA_KEY } from '@casetrail/config';
import { DEFAULT_CASE_POLICY, type SubjectIdentity } from '@casetrail/domain';
import { dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore, START_OF_HISTORY } from '@casetrail/event-store';
import { pendingDeadlines } from '@casetrail/deadlines';
import { CaseEventApplier, caseProjections, createReadModelSchema } from '@casetrail/read-models';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { planSeed } from './seed-generator';
import { buildReadModels, loadSeed } from './seed-load';
import type { SeedScale } from './seed-scales';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const SCALE: SeedScale = {
  name: 'test',
  offices: 3,
  nonDetainedOfficersPerOffice: 2,
  detainedOfficersPerOffice: 1,
  nonDetainedCases: 900,
  detainedCases: 60,
};
const READ_MODEL_TABLES = [
  'case_summaries',
  'officer_caseloads',
  'case_worklist',
  'alerts',
  'release_overrides',
  'rca_bookings',
  'detainers',
];

describe('a seed loaded through the bulk path', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const seed = planSeed({ scale: SCALE, seed: 11, asOf: AS_OF, stormCases: 30 });
  const histories = [...seed.cases()];
  const eventCount = histories.reduce((sum, history) => sum + history.events.length, 0);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await loadSeed(database.url, seed);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('stores every event, each stream at its last version, and nothing for Kafka', async () => {
    const [{ events, streams, outbox }] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM streams) AS streams,
              (SELECT count(*)::int FROM outbox) AS outbox`,
    );
    expect({ events, streams, outbox }).toEqual({ events: eventCount, streams: histories.length, outbox: 0 });
    const [sample] = histories.slice(-1);
    const [{ version }] = await dataSource.query('SELECT version FROM streams WHERE stream_id = $1', [
      sample.caseId,
    ]);
    expect(version).toBe(sample.events.length);
  });

  it('loads each case, through the command side, in the state the generator left it', async () => {
    const snapshots = new CaseSnapshots(dataSource, new PostgresEventStore(dataSource));
    for (const history of histories.filter((_, index) => index % 97 === 0)) {
      const loaded = await snapshots.load(history.caseId);
      expect(loaded.version).toBe(history.events.length);
      expect(loaded.state).toEqual(history.state);
    }
  });

  it('keeps the subjects personal fields encrypted, readable with the key of their case', async () => {
    const [opened] = histories;
    const [stored] = (await new PostgresEventStore(dataSource).readStream(opened.caseId, 1, 1)).map(
      toCaseEvent,
    );
    const generated = (opened.events[0].data as { subject: SubjectIdentity }).subject;
    if (stored.type !== 'CaseOpened') throw new Error(`first event is ${stored.type}`);
    expect(stored.data.subject.familyName).not.toContain('Subject');
    expect(isEncrypted(stored.data.subject.aNumber)).toBe(true);
    const vault = new PersonalDataVault(Buffer.from(DEVELOPMENT_PERSONAL_DATA_KEY, 'base64'));
    const [revealed] = await vault.reveal(dataSource.manager, opened.caseId, [stored]);
    expect(revealed.data).toMatchObject({ subject: generated });
  });

  it('holds the roster of offices and case officers', async () => {
    const offices = await dataSource.query('SELECT office_id FROM offices ORDER BY office_id');
    expect(offices.map((row: { office_id: string }) => row.office_id)).toEqual(['ATL', 'SEA', 'WAS']);
    const [{ officers }] = await dataSource.query('SELECT count(*)::int AS officers FROM officers');
    expect(officers).toBe(9);
  });

  describe('after the rebuild', () => {
    beforeAll(async () => {
      await buildReadModels(database.url);
    });

    it('holds the read models an event-by-event replay builds', async () => {
      const perEvent = 'read_models_per_event';
      const projections = caseProjections();
      await createReadModelSchema(dataSource, perEvent, projections);
      const eventStore = new PostgresEventStore(dataSource);
      const applier = new CaseEventApplier(projections, eventStore);
      // Everything is committed: readAll's horizon would also wait out long transactions elsewhere
      // on a shared server.
      const history = await eventStore.readAllCommitted(START_OF_HISTORY);
      for (let start = 0; start < history.length; start += 10_000) {
        const events = history.slice(start, start + 10_000);
        await dataSource.transaction(async (manager) => {
          await manager.query(`SET LOCAL search_path TO ${perEvent}, public`);
          await applier.apply(
            manager,
            events.map((event) => toCaseEventMessage(event, '')),
            { replaying: true },
          );
        });
      }
      for (const table of READ_MODEL_TABLES) {
        const rows = (schema: string) =>
          dataSource.query(`SELECT to_jsonb(t) AS row FROM ${schema}.${table} t ORDER BY to_jsonb(t)::text`);
        const [bySet, byEvent] = [await rows('read_models'), await rows(perEvent)];
        expect({ table, rows: bySet }).toEqual({ table, rows: byEvent });
        expect(bySet.length).toBeGreaterThan(0);
      }
    }, 120_000);

    it('gives every supervised or detained case the deadlines it holds, the storm ones already due', async () => {
      const [{ due, pending }] = await dataSource.query(
        `SELECT count(*) FILTER (WHERE fire_at <= $1)::int AS due, count(*)::int AS pending
         FROM public.deadlines WHERE status = 'PENDING'`,
        [new Date(AS_OF).toISOString()],
      );
      expect(due).toBe(30);
      const held = histories.flatMap((history) => pendingDeadlines(history.state, DEFAULT_CASE_POLICY));
      expect(pending).toBe(held.length);
    });
  });
});
