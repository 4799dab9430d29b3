import type { DataSource } from 'typeorm';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';

/** An office's recorded missed check-ins by how each ended (so far). */
export interface OfficeMissedCheckIns {
  officeId: string;
  /** Every miss the scheduler recorded. */
  recorded: number;
  /** Still open: not voided, excused or confirmed. */
  missed: number;
  /** Voided: the check-in was on time but entered after the miss was recorded. */
  recordedLate: number;
  excused: number;
  /** Confirmed as a violation. */
  confirmed: number;
}

export interface MissedCheckInOutcomeFilter extends OfficeScopedFilter {
  /** Misses whose deadline is at or after this, ISO 8601. */
  from?: string;
  /** Misses whose deadline is before this, ISO 8601. */
  to?: string;
}

interface OutcomeCountRow {
  office_id: string;
  recorded: string;
  missed: string;
  recorded_late: string;
  excused: string;
  confirmed: string;
}

/** Per office (a few dozen field offices: not paged), by the misses' due times. */
export async function findMissedCheckInOutcomes(
  db: DataSource,
  filter: MissedCheckInOutcomeFilter,
): Promise<OfficeMissedCheckIns[]> {
  const rows: OutcomeCountRow[] = await db.query(
    `SELECT office_id,
            count(*) AS recorded,
            count(*) FILTER (WHERE outcome = 'MISSED') AS missed,
            count(*) FILTER (WHERE outcome = 'RECORDED_LATE') AS recorded_late,
            count(*) FILTER (WHERE outcome = 'EXCUSED') AS excused,
            count(*) FILTER (WHERE outcome = 'CONFIRMED') AS confirmed
     FROM missed_check_in_outcomes
     WHERE ${OFFICE_SCOPE_CONDITION}
       AND ($3::timestamptz IS NULL OR due_at >= $3) AND ($4::timestamptz IS NULL OR due_at < $4)
     GROUP BY office_id
     ORDER BY office_id`,
    [...officeScopeParameters(filter), filter.from ?? null, filter.to ?? null],
  );
  return rows.map((row) => ({
    officeId: row.office_id,
    recorded: Number(row.recorded),
    missed: Number(row.missed),
    recordedLate: Number(row.recorded_late),
    excused: Number(row.excused),
    confirmed: Number(row.confirmed),
  }));
}
