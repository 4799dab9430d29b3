import type { Docket } from '@casetrail/domain';
import type { DataSource } from 'typeorm';

export interface OfficerCaseload {
  officeId: string;
  officerId: string;
  pending: number;
  detained: number;
  nonDetained: number;
  total: number;
}

export interface OfficerCaseloadFilter {
  officeId?: string;
  docket?: Exclude<Docket, 'CLOSED'>;
  limit: number;
  offset: number;
}

const DOCKET_COLUMN = { PENDING: 'pending', DETAINED: 'detained', NON_DETAINED: 'non_detained' } as const;

/** Officers with their active cases per docket, largest caseload first. */
export async function findOfficerCaseloads(
  db: DataSource,
  filter: OfficerCaseloadFilter,
): Promise<OfficerCaseload[]> {
  const orderBy = filter.docket ? DOCKET_COLUMN[filter.docket] : 'total';
  const rows: Record<string, string>[] = await db.query(
    `SELECT office_id, officer_id,
            sum(case_count) FILTER (WHERE docket = 'PENDING') AS pending,
            sum(case_count) FILTER (WHERE docket = 'DETAINED') AS detained,
            sum(case_count) FILTER (WHERE docket = 'NON_DETAINED') AS non_detained,
            sum(case_count) AS total
     FROM officer_caseloads
     WHERE ($1::text IS NULL OR office_id = $1)
     GROUP BY office_id, officer_id
     HAVING ($2::text IS NULL OR sum(case_count) FILTER (WHERE docket = $2) > 0)
     ORDER BY ${orderBy} DESC NULLS LAST, office_id, officer_id
     LIMIT $3 OFFSET $4`,
    [filter.officeId ?? null, filter.docket ?? null, filter.limit, filter.offset],
  );
  return rows.map((row) => ({
    officeId: row.office_id,
    officerId: row.officer_id,
    pending: Number(row.pending ?? 0),
    detained: Number(row.detained ?? 0),
    nonDetained: Number(row.non_detained ?? 0),
    total: Number(row.total ?? 0),
  }));
}
