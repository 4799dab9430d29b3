import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { connectionPool, dataSourceOptions } from '@casetrail/database';
import { evolve, initialCaseState, type CaseEvent } from '@casetrail/domain';
import {
  caseOpened,
  checkInRecorded,
  detained,
  underSupervision,
} from '@casetrail/domain/case/case.test-data';
import {
  createTestDatabase,
  recordDatabaseRoundTrips,
  storeCaseHistory,
  type TestDatabase,
} from '@casetrail/testing';
import { CASE_STATE_SCHEMA_VERSION } from './case-snapshots';
import { CommandReads, type CommandRead, type CommandReadRequest } from './command-read';

const fold = (events: readonly CaseEvent[]) => events.reduce(evolve, initialCaseState);

describe('command reads', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const histories = new Map<string, CaseEvent[]>();
  const remembered = { scope: 'officer-1', key: randomUUID(), requestHash: 'hash-1' };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    await dataSource.query(`INSERT INTO offices (office_id, name) VALUES ('WAS', 'Washington')`);
    await dataSource.query(
      `INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES ('officer-2', 'WAS', 'Officer Two', 'ND')`,
    );
    const shapes: (readonly CaseEvent[])[] = [
      [],
      detained,
      underSupervision,
      [...underSupervision, checkInRecorded(), checkInRecorded()],
    ];
    for (let index = 0; index < 12; index += 1) {
      const caseId = randomUUID();
      const [opened, ...rest] = shapes[index % shapes.length];
      const history = opened ? [caseOpened({ caseId }), ...rest] : [];
      histories.set(caseId, history);
      if (history.length > 0) await storeCaseHistory(dataSource, caseId, history, '2026-11-20T09:00:00.000Z');
    }
    // One case read from a snapshot of its first three events and the tail after it.
    const [snapshotted, history] = [...histories].find(([, events]) => events.length > 4)!;
    await dataSource.query(
      'INSERT INTO case_snapshots (case_id, stream_version, schema_version, state) VALUES ($1, 3, $2, $3)',
      [snapshotted, CASE_STATE_SCHEMA_VERSION, JSON.stringify(fold(history.slice(0, 3)))],
    );
    await dataSource.query(
      `INSERT INTO idempotent_requests (scope, idempotency_key, request_hash, response) VALUES ($1, $2, $3, '{"version": 4}')`,
      [remembered.scope, remembered.key, remembered.requestHash],
    );
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Every kind of read: plain, remembered key, unknown key, an officer in the office, one not, no such office. */
  function requests(): CommandReadRequest[] {
    const caseIds = [...histories.keys()];
    return caseIds.map((caseId, index): CommandReadRequest => {
      switch (index % 6) {
        case 1:
          return { caseId, idempotency: remembered };
        case 2:
          return { caseId, idempotency: { ...remembered, key: randomUUID() } };
        case 3:
          return { caseId, assignment: { officeId: 'WAS', officerId: 'officer-2' } };
        case 4:
          return { caseId, assignment: { officeId: 'WAS', officerId: 'officer-9' } };
        case 5:
          return { caseId, assignment: { officeId: 'NOWHERE', officerId: 'officer-2' } };
        default:
          return { caseId };
      }
    });
  }

  function expectedRead(request: CommandReadRequest): CommandRead {
    const history = histories.get(request.caseId) ?? [];
    const { assignment, idempotency } = request;
    return {
      loaded: { state: fold(history), version: history.length },
      remembered:
        idempotency?.key === remembered.key ? { requestHash: 'hash-1', response: { version: 4 } } : undefined,
      roster: assignment
        ? {
            officeExists: assignment.officeId === 'WAS',
            officerInOffice: assignment.officeId === 'WAS' && assignment.officerId === 'officer-2',
          }
        : undefined,
    };
  }

  it('answers each command its own case, remembered answer and roster facts, one read at a time', async () => {
    const reads = new CommandReads(() => connectionPool(dataSource));
    for (const request of requests())
      await expect(reads.read(request)).resolves.toEqual(expectedRead(request));
  });

  it('answers reads asked together from fewer statements, each as if it were alone', async () => {
    const reads = new CommandReads(() => connectionPool(dataSource));
    const asked = requests();
    const recording = recordDatabaseRoundTrips();
    let answers: CommandRead[];
    try {
      answers = await Promise.all(asked.map((request) => reads.read(request)));
    } finally {
      recording.stop();
    }

    expect(answers).toEqual(asked.map(expectedRead));
    // The first two go at once, alone; the ten that came while they ran share the next statement.
    expect(recording.statements).toHaveLength(3);
  });
});
