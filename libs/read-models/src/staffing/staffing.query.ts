import type { CasePolicy } from '@casetrail/domain';
import type { DataSource } from 'typeorm';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';
import { STAFFED_DOCKETS, type StaffedDocket } from './staffing-history.projection';

export type TargetCaseloads = CasePolicy['targetCaseloadPerOfficer'];

/** One docket's staffing against its target caseload per officer. */
export interface DocketStaffing {
  docket: StaffedDocket;
  /** Active cases on the docket. */
  cases: number;
  /** Officers of the docket's unit on the roster. */
  officersOnRoster: number;
  /** Of them, away (leave, temporary duty, training) now. */
  officersAbsent: number;
  officersAvailable: number;
  /** cases ÷ available officers (2 decimals); null with nobody available. */
  casesPerOfficer: number | null;
  targetPerOfficer: number;
  /** ⌈cases ÷ target⌉. */
  officersNeeded: number;
  /** Officers needed − officers available: positive is officers short, negative officers to spare. */
  gap: number;
}

export interface OfficeStaffing {
  officeId: string;
  dockets: DocketStaffing[];
}

export interface Staffing {
  offices: OfficeStaffing[];
  /**
   * Per docket across the offices in scope. Officers are not shared between offices, so officers
   * needed and the gap add up the offices' own, and a surplus in one office does not hide another's
   * shortage less than the sum shows.
   */
  national: DocketStaffing[];
}

/** The staffing figures of `cases` on a docket with `available` officers against its target. */
export function docketStaffing(
  docket: StaffedDocket,
  counts: { cases: number; officersOnRoster: number; officersAbsent: number },
  targets: TargetCaseloads,
): DocketStaffing {
  const target = targets[docket];
  const available = counts.officersOnRoster - counts.officersAbsent;
  const needed = Math.ceil(counts.cases / target);
  return {
    docket,
    ...counts,
    officersAvailable: available,
    casesPerOfficer: available > 0 ? Math.round((counts.cases / available) * 100) / 100 : null,
    targetPerOfficer: target,
    officersNeeded: needed,
    gap: needed - available,
  };
}

interface StaffingRow {
  office_id: string;
  docket: StaffedDocket;
  cases: string;
  officers: string;
  absent: string;
}

/** Absent at `at`: an absence begun by then and not ended. */
function absentAt(officer: string, at: string): string {
  return `EXISTS (SELECT 1 FROM public.officer_absences a WHERE a.officer_id = ${officer}
    AND a.starts_at <= ${at} AND (a.ends_at IS NULL OR a.ends_at > ${at}))`;
}

/**
 * Every office in scope with a roster or cases, both staffed dockets each, by office id. The roster
 * and the absences are read as they stand now, beside the live caseload counters.
 */
export async function findStaffing(
  db: DataSource,
  filter: OfficeScopedFilter,
  targets: TargetCaseloads,
): Promise<Staffing> {
  const rows: StaffingRow[] = await db.query(
    `WITH roster AS (
       SELECT office_id, unit AS docket, count(*) AS officers,
              count(*) FILTER (WHERE ${absentAt('o.officer_id', 'now()')}) AS absent
       FROM public.officers o
       WHERE unit = ANY($3) AND ${OFFICE_SCOPE_CONDITION}
       GROUP BY office_id, unit),
     caseload AS (
       SELECT office_id, docket, sum(case_count) AS cases
       FROM officer_caseloads
       WHERE docket = ANY($3) AND ${OFFICE_SCOPE_CONDITION}
       GROUP BY office_id, docket)
     SELECT office_id, docket, coalesce(c.cases, 0) AS cases, coalesce(r.officers, 0) AS officers,
            coalesce(r.absent, 0) AS absent
     FROM roster r FULL JOIN caseload c USING (office_id, docket)`,
    [...officeScopeParameters(filter), STAFFED_DOCKETS],
  );
  const counts = new Map<string, Map<StaffedDocket, StaffingRow>>();
  for (const row of rows) {
    const office = counts.get(row.office_id) ?? new Map<StaffedDocket, StaffingRow>();
    office.set(row.docket, row);
    counts.set(row.office_id, office);
  }
  const offices = [...counts.keys()].sort().map((officeId) => ({
    officeId,
    dockets: STAFFED_DOCKETS.map((docket) => {
      const row = counts.get(officeId)?.get(docket);
      return docketStaffing(
        docket,
        {
          cases: Number(row?.cases ?? 0),
          officersOnRoster: Number(row?.officers ?? 0),
          officersAbsent: Number(row?.absent ?? 0),
        },
        targets,
      );
    }),
  }));
  return { offices, national: nationalStaffing(offices, targets) };
}

function nationalStaffing(offices: OfficeStaffing[], targets: TargetCaseloads): DocketStaffing[] {
  return STAFFED_DOCKETS.map((docket) => {
    const ofDocket = offices.flatMap((office) => office.dockets.filter((row) => row.docket === docket));
    const sum = (pick: (row: DocketStaffing) => number) =>
      ofDocket.reduce((total, row) => total + pick(row), 0);
    const totals = docketStaffing(
      docket,
      {
        cases: sum((row) => row.cases),
        officersOnRoster: sum((row) => row.officersOnRoster),
        officersAbsent: sum((row) => row.officersAbsent),
      },
      targets,
    );
    const officersNeeded = sum((row) => row.officersNeeded);
    return { ...totals, officersNeeded, gap: officersNeeded - totals.officersAvailable };
  });
}

/** One day's point of an office's docket: its caseload at the end of the day, against the target. */
export interface StaffingHistoryPoint extends DocketStaffing {
  officeId: string;
  /** `YYYY-MM-DD` (UTC). */
  day: string;
}

export interface StaffingHistoryFilter extends OfficeScopedFilter {
  docket?: StaffedDocket;
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, inclusive. */
  to: string;
}

interface HistoryRow extends StaffingRow {
  day: string;
}

/**
 * A point per office, docket and day from `from` to `to`: the sum of the caseload's daily changes
 * up to that day, and the officers on today's roster less those absent at the day's end (the
 * roster keeps no history of its own; absences do).
 */
export async function findStaffingHistory(
  db: DataSource,
  filter: StaffingHistoryFilter,
  targets: TargetCaseloads,
): Promise<StaffingHistoryPoint[]> {
  const dockets = filter.docket ? [filter.docket] : STAFFED_DOCKETS;
  const dayEnd = `least((d.day + 1)::timestamp AT TIME ZONE 'UTC', now())`;
  const rows: HistoryRow[] = await db.query(
    `WITH days AS (
       SELECT generate_series($4::date, $5::date, interval '1 day')::date AS day),
     slots AS (
       SELECT office_id, docket FROM staffing_daily_cases WHERE docket = ANY($3) AND ${OFFICE_SCOPE_CONDITION}
       UNION
       SELECT office_id, unit FROM public.officers WHERE unit = ANY($3) AND ${OFFICE_SCOPE_CONDITION}),
     opening AS (
       SELECT office_id, docket, sum(delta) AS cases FROM staffing_daily_cases
       WHERE day < $4::date AND docket = ANY($3) AND ${OFFICE_SCOPE_CONDITION}
       GROUP BY office_id, docket),
     daily AS (
       SELECT s.office_id, s.docket, d.day,
              coalesce(o.cases, 0) + sum(coalesce(c.delta, 0))
                OVER (PARTITION BY s.office_id, s.docket ORDER BY d.day) AS cases
       FROM slots s CROSS JOIN days d
       LEFT JOIN staffing_daily_cases c ON c.office_id = s.office_id AND c.docket = s.docket AND c.day = d.day
       LEFT JOIN opening o ON o.office_id = s.office_id AND o.docket = s.docket)
     SELECT d.office_id, d.docket, to_char(d.day, 'YYYY-MM-DD') AS day, d.cases,
            (SELECT count(*) FROM public.officers o WHERE o.office_id = d.office_id AND o.unit = d.docket) AS officers,
            (SELECT count(*) FROM public.officers o WHERE o.office_id = d.office_id AND o.unit = d.docket
               AND ${absentAt('o.officer_id', dayEnd)}) AS absent
     FROM daily d
     ORDER BY d.office_id, d.docket, d.day`,
    [...officeScopeParameters(filter), dockets, filter.from, filter.to],
  );
  return rows.map((row) => ({
    officeId: row.office_id,
    day: row.day,
    ...docketStaffing(
      row.docket,
      {
        cases: Number(row.cases),
        officersOnRoster: Number(row.officers),
        officersAbsent: Number(row.absent),
      },
      targets,
    ),
  }));
}
