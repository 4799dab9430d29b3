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

/**
 * The summaries of these cases, by case id; a case not yet seen is at version 0. With `lock`, their
 * rows are locked for the caller's transaction, in case id order, so two projectors whose batches
 * overlap (during a rebalance) wait for each other instead of deadlocking. Cases in `unseen` are
 * known to have no summary (a rebuild meeting a case's first event) and are not looked up.
 */
export async function loadCaseSummaries(
  manager: EntityManager,
  caseIds: readonly string[],
  { lock, unseen }: { lock: boolean; unseen?: ReadonlySet<string> },
): Promise<Map<string, CaseSummaryRow>> {
  const wanted = unseen ? caseIds.filter((caseId) => !unseen.has(caseId)) : caseIds;
  const rows: { case_id: string; stream_version: number; state: CaseState }[] =
    wanted.length === 0
      ? []
      : await manager.query(
          `SELECT case_id, stream_version, state FROM case_summaries WHERE case_id = ANY($1::uuid[])
           ${lock ? 'ORDER BY case_id FOR UPDATE' : ''}`,
          [wanted],
        );
  const byCase = new Map(
    rows.map((row) => [row.case_id, { caseId: row.case_id, version: row.stream_version, state: row.state }]),
  );
  for (const caseId of caseIds) {
    if (!byCase.has(caseId)) byCase.set(caseId, { caseId, version: 0, state: initialCaseState });
  }
  return byCase;
}

/** Writes the summaries in one statement. */
export async function saveCaseSummaries(
  manager: EntityManager,
  rows: readonly { summary: CaseSummaryRow; updatedAt: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO case_summaries (case_id, office_id, officer_id, docket, stream_version, state, updated_at)
     SELECT case_id, office_id, officer_id, docket, stream_version, state, updated_at
     FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, office_id text, officer_id text, docket text,
       stream_version integer, state jsonb, updated_at timestamptz)
     ON CONFLICT (case_id) DO UPDATE SET office_id = EXCLUDED.office_id, officer_id = EXCLUDED.officer_id,
       docket = EXCLUDED.docket, stream_version = EXCLUDED.stream_version, state = EXCLUDED.state,
       updated_at = EXCLUDED.updated_at`,
    [
      JSON.stringify(
        rows.map(({ summary, updatedAt }) => ({
          case_id: summary.caseId,
          office_id: summary.state.officeId ?? '',
          officer_id: summary.state.officerId ?? '',
          docket: summary.state.docket,
          stream_version: summary.version,
          state: summary.state,
          updated_at: updatedAt,
        })),
      ),
    ],
  );
}
