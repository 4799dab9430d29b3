import type { DataSource } from 'typeorm';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';

export interface OfficeRcaCompliance {
  officeId: string;
  bookings: number;
  rcasCompleted: number;
  /** Completed at or before the booking's RCA due time. */
  completedOnTime: number;
  /** Bookings whose RCA is done or whose due time has passed: the ones that could be on time. */
  bookingsDue: number;
  /** completedOnTime ÷ bookingsDue (4 decimals); null when no booking is due yet. */
  onTimeShare: number | null;
  /** Ongoing detentions whose RCA is past due and not done. */
  overdueNow: number;
}

export interface OverdueDetention {
  caseId: string;
  officeId: string;
  officerId: string;
  bookedInAt: string;
  dueAt: string;
}

export interface RcaCompliance {
  /** Every office with a booking (a few dozen field offices: not paged). */
  offices: OfficeRcaCompliance[];
  /** Paged; the longest overdue first. */
  overdue: OverdueDetention[];
}

export interface RcaComplianceFilter extends OfficeScopedFilter {
  limit: number;
  offset: number;
}

interface ComplianceRow {
  office_id: string;
  bookings: string;
  completed: string;
  on_time: string;
  due: string;
  overdue_now: string;
}

interface OverdueRow {
  case_id: string;
  office_id: string;
  officer_id: string;
  booked_in_at: Date;
  due_at: Date;
}

/** "Overdue" is judged against the database's clock, so every api instance agrees. */
export async function findRcaCompliance(db: DataSource, filter: RcaComplianceFilter): Promise<RcaCompliance> {
  const offices: ComplianceRow[] = await db.query(
    `SELECT office_id,
            count(*) AS bookings,
            count(completed_at) AS completed,
            count(*) FILTER (WHERE completed_at <= due_at) AS on_time,
            count(*) FILTER (WHERE completed_at IS NOT NULL OR due_at <= now()) AS due,
            count(*) FILTER (WHERE ongoing AND completed_at IS NULL AND due_at < now()) AS overdue_now
     FROM rca_bookings
     WHERE ${OFFICE_SCOPE_CONDITION}
     GROUP BY office_id
     ORDER BY office_id`,
    officeScopeParameters(filter),
  );
  const overdue: OverdueRow[] = await db.query(
    `SELECT case_id, office_id, officer_id, booked_in_at, due_at
     FROM rca_bookings
     WHERE ongoing AND completed_at IS NULL AND due_at < now() AND ${OFFICE_SCOPE_CONDITION}
     ORDER BY due_at, case_id
     LIMIT $3 OFFSET $4`,
    [...officeScopeParameters(filter), filter.limit, filter.offset],
  );
  return {
    offices: offices.map((row) => {
      const due = Number(row.due);
      const onTime = Number(row.on_time);
      return {
        officeId: row.office_id,
        bookings: Number(row.bookings),
        rcasCompleted: Number(row.completed),
        completedOnTime: onTime,
        bookingsDue: due,
        onTimeShare: due > 0 ? Math.round((onTime / due) * 10_000) / 10_000 : null,
        overdueNow: Number(row.overdue_now),
      };
    }),
    overdue: overdue.map((row) => ({
      caseId: row.case_id,
      officeId: row.office_id,
      officerId: row.officer_id,
      bookedInAt: row.booked_in_at.toISOString(),
      dueAt: row.due_at.toISOString(),
    })),
  };
}
