import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  PolicyBook,
  SystemClock,
  standaloneCaseRepository,
  type CaseRepository,
} from '@casetrail/case-commands';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { POLICY_STREAM_ID } from '@casetrail/domain';
import { PostgresEventStore, type AppendedEvent, type StreamOrderCursor } from '@casetrail/event-store';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { findOfficerCaseloads } from '../officer-caseload/officer-caseload.query';
import { caseProjections } from '../case-projections';
import { createReadModelSchema } from '../read-model-schema';
import { rebuildReadModels, type RebuildProgress } from './read-model-rebuild';

const actor = { userId: 'officer-1', role: 'OFFICER' as const };
const subject = {
  givenName: 'A',
  familyName: 'B',
  aNumber: 'A12345678',
  dateOfBirth: '1990-01-01',
  countryOfCitizenship: 'MX',
};

describe('rebuildReadModels', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let cases: CaseRepository;
  const expected = new Map<string, { pending: number; detained: number }>();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    const config = loadConfig({ DATABASE_URL: database.url });
    cases = standaloneCaseRepository(dataSource, config, new SystemClock());
    // As in production, the store also holds the policy stream, which is no case's history.
    await new PolicyBook(
      dataSource,
      new PostgresEventStore(dataSource),
      new SystemClock(),
      config,
    ).seedFromConfig();
    for (let index = 0; index < 40; index += 1) {
      const officerId = `OFF-${index % 4}`;
      const caseId = randomUUID();
      const request = { actor, correlationId: 'rebuild-test' };
      await cases.execute(
        caseId,
        {
          type: 'OpenCase',
          data: { caseId, officeId: 'SEA', officerId, subject, openedAt: '2026-11-01T00:00:00.000Z' },
        },
        request,
      );
      const counts = expected.get(officerId) ?? { pending: 0, detained: 0 };
      if (index % 3 === 0) {
        await cases.execute(
          caseId,
          { type: 'BookDetention', data: { facilityId: 'F', bookedInAt: '2026-11-02T00:00:00.000Z' } },
          request,
        );
        counts.detained += 1;
      } else {
        counts.pending += 1;
      }
      expected.set(officerId, counts);
    }
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const officerCounts = async () =>
    Object.fromEntries(
      (await findOfficerCaseloads(dataSource, { officeId: 'SEA', limit: 100, offset: 0 })).map((row) => [
        row.officerId,
        { pending: row.pending, detained: row.detained },
      ]),
    );

  it('builds every view from the event store and swaps it in', async () => {
    expect(await officerCounts()).toEqual({});
    const progress: RebuildProgress[] = [];
    const result = await rebuildReadModels(
      dataSource,
      new PostgresEventStore(dataSource),
      caseProjections(),
      (step) => progress.push(step),
    );

    // Every event read: the cases' 54 and the policy's version 1.
    expect(result.events).toBe(40 + 14 + 1);
    expect(progress.at(-1)).toEqual({ applied: 55, total: 55 });
    expect(await officerCounts()).toEqual(Object.fromEntries(expected));
    const policyAsCase: unknown[] = await dataSource.query(
      `SELECT 1 FROM read_models.case_summaries WHERE case_id = $1`,
      [POLICY_STREAM_ID],
    );
    expect(policyAsCase).toEqual([]);
  });

  it('gives the same figures when run again, leaving no extra schema behind', async () => {
    const before = await officerCounts();
    await rebuildReadModels(dataSource, new PostgresEventStore(dataSource), caseProjections());
    expect(await officerCounts()).toEqual(before);
    const schemas: { nspname: string }[] = await dataSource.query(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'read_models%' ORDER BY nspname`,
    );
    expect(schemas.map((row) => row.nspname)).toEqual(['read_models']);
  });

  it('swaps in tables indexed as the live ones were, each filled table analyzed', async () => {
    const indexes = async (schema: string) =>
      (
        (await dataSource.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [
          schema,
        ])) as { indexname: string }[]
      ).map((row) => row.indexname);
    // What the projections declare, created as a new live schema would be.
    await createReadModelSchema(dataSource, 'read_models_declared', caseProjections());
    const declared = await indexes('read_models_declared');
    await dataSource.query('DROP SCHEMA read_models_declared CASCADE');
    await rebuildReadModels(dataSource, new PostgresEventStore(dataSource), caseProjections());

    expect(declared.length).toBeGreaterThan(10);
    expect(await indexes('read_models')).toEqual(declared);
    // ANALYZE leaves statistics of a table's columns only when it holds rows.
    const tables: { table: string; analyzed: boolean }[] = await dataSource.query(
      `SELECT c.relname AS table, EXISTS (SELECT 1 FROM pg_statistic st WHERE st.starelid = c.oid) AS analyzed
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'read_models' AND c.relkind = 'r'`,
    );
    const filledWithoutStatistics: string[] = [];
    for (const { table, analyzed } of tables) {
      const [{ filled }]: { filled: boolean }[] = await dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM read_models.${table}) AS filled`,
      );
      if (filled && !analyzed) filledWithoutStatistics.push(table);
    }
    expect(tables.length).toBeGreaterThan(5);
    expect(filledWithoutStatistics).toEqual([]);
  });

  it('keeps answering queries while it rebuilds', async () => {
    let rebuilding = true;
    const answers: number[] = [];
    const reader = (async () => {
      while (rebuilding) answers.push(Object.keys(await officerCounts()).length);
    })();
    await rebuildReadModels(dataSource, new PostgresEventStore(dataSource), caseProjections());
    rebuilding = false;
    await reader;
    expect(answers.length).toBeGreaterThan(0);
    expect(new Set(answers)).toEqual(new Set([4]));
  });

  it('catches up, under the swap lock, on events committed past a still-running transaction', async () => {
    const open = (caseId: string, officerId: string) => ({
      type: 'OpenCase' as const,
      data: { caseId, officeId: 'SEA', officerId, subject, openedAt: '2026-11-01T00:00:00.000Z' },
    });
    const eventStore = new PostgresEventStore(dataSource);
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    const slowCase = randomUUID();
    // Holds the global-read horizon back: every event committed after it is past readAll's reach.
    await eventStore.append(
      slowCase,
      0,
      [
        {
          eventId: randomUUID(),
          type: 'CaseOpened',
          schemaVersion: 1,
          data: open(slowCase, 'OFF-SLOW').data,
          metadata: { actor, correlationId: 'slow', causationId: null },
          occurredAt: '2026-11-01T00:00:00.000Z',
          recordedAt: '2026-11-01T00:00:00.000Z',
        },
      ],
      { streamType: 'case', manager: slow.manager },
    );
    const lateCase = randomUUID();
    await cases.execute(lateCase, open(lateCase, 'OFF-LATE'), { actor, correlationId: 'late' });

    await rebuildReadModels(dataSource, eventStore, caseProjections());
    await slow.commitTransaction();
    await slow.release();

    const counts = await officerCounts();
    expect(counts['OFF-LATE']).toEqual({ pending: 1, detained: 0 });
    // Not yet committed at the swap: the projector applies it when it arrives from Kafka.
    expect(counts['OFF-SLOW']).toBeUndefined();
  });

  it('applies once every event appended while it reads case by case, to cases read or still to read', async () => {
    const request = { actor, correlationId: 'during-rebuild' };
    const openCase = (caseId: string) =>
      cases.execute(
        caseId,
        {
          type: 'OpenCase',
          data: {
            caseId,
            officeId: 'SEA',
            officerId: 'OFF-0',
            subject,
            openedAt: '2026-11-03T00:00:00.000Z',
          },
        },
        request,
      );
    // Ids first and last in stream order: read in the first batch and in the last one. (The horizon
    // is the cluster's: while another database runs a long transaction, they are read in commit
    // order instead. Either way every event must be applied once.)
    const passed = '00000000-0000-4000-8000-000000000001';
    const ahead = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    await openCase(passed);
    await openCase(ahead);
    const book = {
      type: 'BookDetention' as const,
      data: { facilityId: 'F', bookedInAt: '2026-11-04T00:00:00.000Z' },
    };
    const opened = randomUUID();
    /** Appends to the first case read and to the last, and opens a case, once the first batch is read. */
    class AppendingWhileRead extends PostgresEventStore {
      private appended = false;

      override async readStreamsBefore(
        horizon: string,
        cursor: StreamOrderCursor,
        limit: number,
      ): Promise<AppendedEvent[]> {
        const events = await super.readStreamsBefore(horizon, cursor, limit);
        if (!this.appended) {
          this.appended = true;
          await cases.execute(passed, book, request);
          await cases.execute(ahead, book, request);
          await openCase(opened);
        }
        return events;
      }
    }

    await rebuildReadModels(dataSource, new AppendingWhileRead(dataSource), caseProjections(), undefined, {
      batchSize: 5,
    });
    const concurrent = await readModelTables();
    await rebuildReadModels(dataSource, new PostgresEventStore(dataSource), caseProjections());

    expect(concurrent).toEqual(await readModelTables());
    const summaries: { case_id: string; stream_version: number; docket: string }[] = await dataSource.query(
      `SELECT case_id, stream_version, docket FROM read_models.case_summaries WHERE case_id = ANY($1::uuid[])
       ORDER BY case_id`,
      [[passed, ahead, opened]],
    );
    expect(
      Object.fromEntries(summaries.map((row) => [row.case_id, [row.stream_version, row.docket]])),
    ).toEqual({
      [passed]: [2, 'DETAINED'],
      [ahead]: [2, 'DETAINED'],
      [opened]: [1, 'PENDING'],
    });
  });

  /** Every read-model table's rows, as text, in a fixed order. */
  async function readModelTables(): Promise<Record<string, string[]>> {
    const tables: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'read_models' ORDER BY table_name`,
    );
    const contents: Record<string, string[]> = {};
    for (const { table_name: table } of tables) {
      const rows: { row: string }[] = await dataSource.query(
        `SELECT to_jsonb(t)::text AS row FROM read_models.${table} t ORDER BY 1`,
      );
      contents[table] = rows.map(({ row }) => row);
    }
    return contents;
  }
});
