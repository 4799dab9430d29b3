import type { DataSource } from 'typeorm';
import { OFFICE_SCOPE_CONDITION, officeScopeParameters, type OfficeScopedFilter } from '../office-scope';
import { MONTHLY_OVERSIGHT_MEASURES, type MonthlyOversightMeasure } from './monthly-oversight.projection';

export type MonthlyOversightReport = { officeId: string; month: string } & Record<
  MonthlyOversightMeasure,
  number
>;

export interface MonthlyOversightFilter extends OfficeScopedFilter {
  /** `YYYY-MM`. */
  month: string;
}

/**
 * One report per office in scope for the month: every office on the roster, and any other office
 * with cases counted that month; a measure with nothing to count is 0.
 */
export async function findMonthlyOversightReports(
  db: DataSource,
  filter: MonthlyOversightFilter,
): Promise<MonthlyOversightReport[]> {
  const rows: { office_id: string; measure: string | null; count: number | null }[] = await db.query(
    `WITH scoped AS (
       SELECT office_id FROM public.offices WHERE ${OFFICE_SCOPE_CONDITION}
       UNION
       SELECT office_id FROM monthly_oversight_counts WHERE month = $3::date AND ${OFFICE_SCOPE_CONDITION})
     SELECT s.office_id, c.measure, c.count
     FROM scoped s LEFT JOIN monthly_oversight_counts c ON c.office_id = s.office_id AND c.month = $3::date
     ORDER BY s.office_id`,
    [...officeScopeParameters(filter), `${filter.month}-01`],
  );
  const reports = new Map<string, MonthlyOversightReport>();
  for (const row of rows) {
    let report = reports.get(row.office_id);
    if (!report) {
      report = { officeId: row.office_id, month: filter.month } as MonthlyOversightReport;
      for (const measure of MONTHLY_OVERSIGHT_MEASURES) report[measure] = 0;
      reports.set(row.office_id, report);
    }
    if (row.measure !== null && (MONTHLY_OVERSIGHT_MEASURES as readonly string[]).includes(row.measure))
      report[row.measure as MonthlyOversightMeasure] = Number(row.count ?? 0);
  }
  return [...reports.values()];
}
