import { randomUUID } from 'node:crypto';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { connectionPool, dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore } from '@casetrail/event-store';
import { caseOpened, checkInRecorded, underSupervision } from '@casetrail/domain/case/case.test-data';
import { createTestDatabase, storeCaseHistory, type TestDatabase } from '@casetrail/testing';
import { CASE_STATE_SCHEMA_VERSION } from './case-snapshots';
import { CommandReads } from './command-read';

/** Every node of an EXPLAIN (FORMAT JSON) plan, depth first. */
function planNodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(planNodes)];
}

/** Calls of each statement: Postgres plans the first five for their own parameters, then decides. */
const CALLS = 8;

/** Whether Postgres went on planning every call of the statement for its own parameters. */
async function plansMade(dataSource: DataSource, statement: string): Promise<{ customOnly: boolean }> {
  const [prepared] = (await dataSource.query(
    'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
    [statement],
  )) as { generic_plans: string; custom_plans: string }[];
  return { customOnly: Number(prepared.generic_plans) === 0 };
}

/** The tables the plan kept for any parameters (the one reused) reads by scanning them whole. */
async function tablesScannedWhole(dataSource: DataSource, execute: string): Promise<string[]> {
  await dataSource.query('SET plan_cache_mode = force_generic_plan');
  try {
    const [{ 'QUERY PLAN': explained }] = (await dataSource.query(`EXPLAIN (FORMAT JSON) ${execute}`)) as {
      'QUERY PLAN': { Plan: Record<string, unknown> }[];
    }[];
    return planNodes(explained[0].Plan)
      .filter((node) => node['Node Type'] === 'Seq Scan')
      .map((node) => node['Relation Name'] as string);
  } finally {
    await dataSource.query('RESET plan_cache_mode');
  }
}

/**
 * The command path's statements are sent by name: after a few calls Postgres keeps one plan for
 * every call on a connection instead of planning each again, and that plan must find the cases by
 * key, never by scanning the event store.
 */
describe('the plans of the command path’s statements', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const caseId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = dataSourceOptions(database.url);
    // One connection: the statements prepared by the code under test are the ones explained here.
    dataSource = await new DataSource({
      ...options,
      extra: { ...(options as { extra: object }).extra, max: 1 },
    } as DataSourceOptions).initialize();
    // Enough cases that scanning what the statements read costs more than looking cases up by key.
    // Not analyzed: as a table just loaded, before autovacuum has counted what it holds, the planner
    // guesses each stream has many events, which made a scan look cheaper than lookups.
    await dataSource.query(`
      WITH filler AS (SELECT gen_random_uuid() AS stream_id FROM generate_series(1, 3000)),
      streams_added AS (INSERT INTO streams (stream_id, stream_type, version) SELECT stream_id, 'case', 3 FROM filler),
      snapshots_added AS (
        INSERT INTO case_snapshots (case_id, stream_version, schema_version, state)
        SELECT stream_id, 3, ${CASE_STATE_SCHEMA_VERSION}, '{}' FROM filler
      ),
      remembered_added AS (
        INSERT INTO idempotent_requests (scope, idempotency_key, request_hash, response)
        SELECT 'officer-1', stream_id::text, 'hash', '{}' FROM filler
      )
      INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, occurred_at, recorded_at)
      SELECT gen_random_uuid(), stream_id, version, 'CheckInRecorded', 1, '{}', '{}', now(), now()
      FROM filler, generate_series(1, 3) AS version`);
    await storeCaseHistory(
      dataSource,
      caseId,
      [caseOpened({ caseId }), ...underSupervision.slice(1), checkInRecorded()],
      '2026-11-20T09:00:00.000Z',
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it("settles on one plan for a command's read that looks each case up by key", async () => {
    const reads = new CommandReads(() => connectionPool(dataSource));
    for (let call = 0; call < CALLS; call += 1) await reads.read({ caseId });

    expect(await plansMade(dataSource, 'casetrail_command_reads')).toEqual({ customOnly: false });
    const scanned = await tablesScannedWhole(
      dataSource,
      `EXECUTE casetrail_command_reads('[{"case_id": "${randomUUID()}", "office_id": "WAS", "officer_id": "officer-1"}]')`,
    );
    expect(scanned.filter((table) => !['offices', 'officers'].includes(table))).toEqual([]);
  });

  it("never compiles a command's read to machine code, however dear the planner thinks it", async () => {
    // As if every estimate were past the threshold, as an unanalyzed table can make it: compiling the
    // read took 20-50 ms a call, against well under a millisecond to run it. Set for the connection
    // from its start, so the statement is planned under it.
    const options = dataSourceOptions(database.url) as { extra: { options: string } };
    const dear = await new DataSource({
      ...options,
      extra: { ...options.extra, max: 1, options: `${options.extra.options} -c jit_above_cost=0` },
    } as DataSourceOptions).initialize();
    try {
      await new CommandReads(() => connectionPool(dear)).read({ caseId });
      const [{ 'QUERY PLAN': explained }] = (await dear.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE casetrail_command_reads('[{"case_id": "${caseId}"}]')`,
      )) as { 'QUERY PLAN': { JIT?: unknown }[] }[];

      expect(explained[0].JIT).toBeUndefined();
    } finally {
      await dear.destroy();
    }
  });

  it("settles on one plan for an append that finds the streams' rows by key", async () => {
    const store = new PostgresEventStore(dataSource);
    // After the history stored above: the case opened, under supervision, one check-in.
    const storedVersion = underSupervision.length + 1;
    for (let call = 0; call < CALLS; call += 1) {
      await store.append(
        caseId,
        storedVersion + call,
        [
          {
            eventId: randomUUID(),
            type: 'CheckInRecorded',
            schemaVersion: 1,
            data: checkInRecorded().data,
            metadata: {
              actor: { userId: 'officer-1', role: 'OFFICER' },
              correlationId: 'test',
              causationId: null,
            },
            occurredAt: '2026-11-21T09:00:00.000Z',
            recordedAt: '2026-11-21T09:00:00.000Z',
          },
        ],
        { streamType: 'case' },
      );
    }

    expect(await plansMade(dataSource, 'casetrail_append_none')).toEqual({ customOnly: false });
    const scanned = await tablesScannedWhole(
      dataSource,
      `EXECUTE casetrail_append_none('[]', 'case', '[]', '[]', '[]', '[]')`,
    );
    expect(scanned).toEqual([]);
  });
});
