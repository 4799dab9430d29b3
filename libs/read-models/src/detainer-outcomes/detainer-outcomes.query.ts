import type { DataSource } from 'typeorm';

export interface JurisdictionDetainers {
  jurisdictionId: string;
  requested: number;
  honored: number;
  declined: number;
  /** Requested and not answered yet. */
  pending: number;
}

export interface DetainerOutcomeFilter {
  jurisdictionId?: string;
  limit: number;
  offset: number;
}

interface JurisdictionRow {
  jurisdiction_id: string;
  requested: string;
  honored: string;
  declined: string;
  pending: string;
}

/** Detainer outcomes per jurisdiction, the most declined first. */
export async function findDetainerOutcomes(
  db: DataSource,
  filter: DetainerOutcomeFilter,
): Promise<JurisdictionDetainers[]> {
  const rows: JurisdictionRow[] = await db.query(
    `SELECT jurisdiction_id,
            count(*) AS requested,
            count(*) FILTER (WHERE response = 'HONORED') AS honored,
            count(*) FILTER (WHERE response = 'DECLINED') AS declined,
            count(*) FILTER (WHERE response IS NULL) AS pending
     FROM detainers
     WHERE ($1::text IS NULL OR jurisdiction_id = $1)
     GROUP BY jurisdiction_id
     ORDER BY declined DESC, jurisdiction_id
     LIMIT $2 OFFSET $3`,
    [filter.jurisdictionId ?? null, filter.limit, filter.offset],
  );
  return rows.map((row) => ({
    jurisdictionId: row.jurisdiction_id,
    requested: Number(row.requested),
    honored: Number(row.honored),
    declined: Number(row.declined),
    pending: Number(row.pending),
  }));
}
