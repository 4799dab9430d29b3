import { initialCaseState, type CaseState } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';

/** The projector's own table: each case's projected state and the stream version it reflects. */
export function caseSummaryTables(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.case_summaries (
       case_id uuid PRIMARY KEY,
       office_id text NOT NULL,
       officer_id text NOT NULL,
       docket text NOT NULL,
       stream_version integer NOT NULL,
       state jsonb NOT NULL,
       updated_at timestamptz NOT NULL
     )`,
    `CREATE INDEX case_summaries_by_officer ON ${schema}.case_summaries (office_id, officer_id, docket)`,
  ];
}

export interface CaseSummaryRow {
  caseId: string;
  version: number;
  state: CaseState;
}

/** Locks the case's summary for the batch's transaction; a case not yet seen is at version 0. */
export async function lockCaseSummary(manager: EntityManager, caseId: string): Promise<CaseSummaryRow> {
  const rows: { stream_version: number; state: CaseState }[] = await manager.query(
    'SELECT stream_version, state FROM case_summaries WHERE case_id = $1 FOR UPDATE',
    [caseId],
  );
  const row = rows.at(0);
  return row
    ? { caseId, version: row.stream_version, state: row.state }
    : { caseId, version: 0, state: initialCaseState };
}

export async function saveCaseSummary(
  manager: EntityManager,
  row: CaseSummaryRow,
  updatedAt: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO case_summaries (case_id, office_id, officer_id, docket, stream_version, state, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (case_id) DO UPDATE SET office_id = $2, officer_id = $3, docket = $4, stream_version = $5,
       state = $6, updated_at = $7`,
    [
      row.caseId,
      row.state.officeId ?? '',
      row.state.officerId ?? '',
      row.state.docket,
      row.version,
      JSON.stringify(row.state),
      updatedAt,
    ],
  );
}
