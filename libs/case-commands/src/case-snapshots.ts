import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { evolve, initialCaseState, type CaseState } from '@casetrail/domain';
import { PostgresEventStore, type ClaimedWrite } from '@casetrail/event-store';
import { toCaseEvent } from '@casetrail/contracts';

/** A snapshot is taken each time a case's version crosses a multiple of this. */
export const SNAPSHOT_EVERY = 100;

/**
 * Bump when CaseState changes shape: snapshots of another shape are ignored and the case is
 * replayed from its events, so a deploy never reads a stale state. (2: recorded misses and the
 * escalation level of the open alert.)
 */
export const CASE_STATE_SCHEMA_VERSION = 2;

/** Whether moving a case from version `before` to `after` takes a snapshot. */
export function isSnapshotDue(before: number, after: number): boolean {
  return Math.floor(after / SNAPSHOT_EVERY) !== Math.floor(before / SNAPSHOT_EVERY);
}

/** Loads a case from its latest snapshot plus the events after it. */
@Injectable()
export class CaseSnapshots {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventStore: PostgresEventStore,
  ) {}

  async load(caseId: string): Promise<{ state: CaseState; version: number }> {
    const rows: { stream_version: number; state: CaseState }[] = await this.dataSource.query(
      'SELECT stream_version, state FROM case_snapshots WHERE case_id = $1 AND schema_version = $2',
      [caseId, CASE_STATE_SCHEMA_VERSION],
    );
    const snapshot = rows.at(0);
    const from = snapshot
      ? { state: snapshot.state, version: snapshot.stream_version }
      : { state: initialCaseState, version: 0 };
    const tail = await this.eventStore.readStream(caseId, from.version + 1);
    return {
      state: tail.map(toCaseEvent).reduce(evolve, from.state),
      version: tail.at(-1)?.streamVersion ?? from.version,
    };
  }

  /** `load` for many cases in two queries, for work that goes through many cases at once. */
  async loadMany(
    caseIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { state: CaseState; version: number }>> {
    const snapshots: { case_id: string; stream_version: number; state: CaseState }[] = await manager.query(
      'SELECT case_id, stream_version, state FROM case_snapshots WHERE case_id = ANY($1::uuid[]) AND schema_version = $2',
      [caseIds, CASE_STATE_SCHEMA_VERSION],
    );
    const loaded = new Map<string, { state: CaseState; version: number }>(
      caseIds.map((caseId) => [caseId, { state: initialCaseState, version: 0 }]),
    );
    for (const row of snapshots) loaded.set(row.case_id, { state: row.state, version: row.stream_version });
    const tails = await this.eventStore.readStreamsAfter(
      manager,
      [...loaded].map(([streamId, { version }]) => ({ streamId, afterVersion: version })),
    );
    for (const event of tails) {
      const current = loaded.get(event.streamId);
      if (!current) continue;
      loaded.set(event.streamId, {
        state: evolve(current.state, toCaseEvent(event)),
        version: event.streamVersion,
      });
    }
    return loaded;
  }
}

/**
 * Takes the cases' snapshots with the append that moves them to `version`, in its statement, for the
 * cases whose compare-and-set succeeds; a newer snapshot already there stays.
 */
export function snapshotsWrite(
  snapshots: readonly { caseId: string; version: number; state: CaseState }[],
): ClaimedWrite {
  return {
    name: 'snapshots',
    sql: (rows) => `INSERT INTO case_snapshots (case_id, stream_version, schema_version, state)
      SELECT snapshot.case_id, snapshot.stream_version, snapshot.schema_version, snapshot.state
      FROM jsonb_to_recordset(${rows})
        AS snapshot(case_id uuid, stream_version int, schema_version int, state jsonb)
      WHERE snapshot.case_id IN (SELECT stream_id FROM claimed)
      ON CONFLICT (case_id) DO UPDATE SET stream_version = EXCLUDED.stream_version,
        schema_version = EXCLUDED.schema_version, state = EXCLUDED.state, taken_at = now()
      WHERE case_snapshots.stream_version < EXCLUDED.stream_version`,
    rows: snapshots.map((snapshot) => ({
      case_id: snapshot.caseId,
      stream_version: snapshot.version,
      schema_version: CASE_STATE_SCHEMA_VERSION,
      state: snapshot.state,
    })),
  };
}
