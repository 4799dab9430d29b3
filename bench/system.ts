import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { authSettingsOf, signDevelopmentToken, type TokenClaims } from '@casetrail/auth';
import { appendCaseEvents, CASE_STREAM_TYPE } from '@casetrail/case-commands';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore } from '@casetrail/event-store';
import { CaseEventApplier, caseProjections } from '@casetrail/read-models';
import {
  BENCH_OFFICES,
  caseEventMessages,
  caseHistory,
  OFFICERS_PER_OFFICE,
  officerOf,
  type CaseHistory,
} from './workload';

/** A token the api accepts in its development configuration (the one the benchmarks run it in). */
export function benchToken(claims: TokenClaims): Promise<string> {
  return signDevelopmentToken(authSettingsOf(loadConfig({})), claims, { expiresIn: '4h' });
}

/** The officer the benchmarks act as: an officer of every benchmark office. */
export const BENCH_CALLER: TokenClaims = { sub: 'WAS-bench-0', role: 'OFFICER', offices: [...BENCH_OFFICES] };

/** Offices and officers on the roster, as an administrator would have entered them. */
export async function seedRoster(databaseUrl: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    for (const officeId of BENCH_OFFICES) {
      await pool.query(`INSERT INTO offices (office_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        officeId,
        `Bench office ${officeId}`,
      ]);
    }
    for (let index = 0; index < BENCH_OFFICES.length * OFFICERS_PER_OFFICE; index += 1) {
      const officerId = officerOf(index);
      await pool.query(
        `INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES ($1, $2, $3, 'ND')
         ON CONFLICT DO NOTHING`,
        [officerId, officerId.split('-')[0], `Bench officer ${officerId}`],
      );
    }
  } finally {
    await pool.end();
  }
}

/**
 * `count` cases released under supervision (open, booked, classified, released), appended
 * straight to the event store. With `publish`, their events also go to the outbox, as the command
 * path writes them, so the relay and projector pick them up.
 */
export async function seedReleasedCases(
  databaseUrl: string,
  count: number,
  { publish = false, missedCheckIn = false, firstIndex = 0 } = {},
): Promise<CaseHistory[]> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  const store = new PostgresEventStore(dataSource);
  const histories: CaseHistory[] = [];
  try {
    for (let index = firstIndex; index < firstIndex + count; index += 1) {
      const history = caseHistory(index, 4, { missedCheckIn });
      const now = new Date().toISOString();
      const events = history.events.map((event, eventIndex) => ({
        eventId: history.eventIds[eventIndex],
        type: event.type,
        schemaVersion: event.version,
        data: event.data,
        metadata: {
          actor: { userId: officerOf(index), role: 'OFFICER' },
          correlationId: 'bench-seed',
          causationId: null,
        },
        occurredAt: now,
        recordedAt: now,
      }));
      if (publish) {
        const officeIds = events.map(() => history.officeId);
        await appendCaseEvents(store, [{ streamId: history.caseId, expectedVersion: 0, events, officeIds }]);
      } else {
        await store.append(history.caseId, 0, events, { streamType: CASE_STREAM_TYPE });
      }
      histories.push(history);
    }
  } finally {
    await dataSource.destroy();
  }
  return histories;
}

/**
 * Brings the read models up to date with seeded histories directly, as a rebuild would (nothing
 * is sent), so a benchmark starts from a populated system without waiting for Kafka.
 */
export async function projectHistories(databaseUrl: string, histories: CaseHistory[]): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  const applier = new CaseEventApplier(caseProjections(), new PostgresEventStore(dataSource));
  try {
    for (let start = 0; start < histories.length; start += 200) {
      const records = histories
        .slice(start, start + 200)
        .flatMap((history) => caseEventMessages(history).map(({ officeId: _officeId, ...record }) => record));
      await dataSource.transaction((manager) => applier.apply(manager, records, { replaying: true }));
    }
  } finally {
    await dataSource.destroy();
  }
}
