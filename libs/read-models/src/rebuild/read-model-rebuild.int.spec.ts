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
import { PostgresEventStore } from '@casetrail/event-store';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { findOfficerCaseloads } from '../officer-caseload/officer-caseload.query';
import { caseProjections } from '../case-projections';
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
});
