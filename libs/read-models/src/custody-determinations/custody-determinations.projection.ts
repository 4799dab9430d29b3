import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';
import { insertEventRows } from '../event-rows';

/** The columns the projection writes, in order, with their types. */
const CUSTODY_DETERMINATIONS_COLUMNS = {
  case_id: 'uuid',
  stream_version: 'integer',
  office_id: 'text',
  officer_id: 'text',
  decision: 'text',
  rationale: 'text',
  rca_recommendation: 'text',
  determined_by: 'text',
  determined_at: 'timestamptz',
};

/**
 * Every supervisor's custody determination under an RCA's SUPERVISOR_REVIEW, for oversight beside
 * the release overrides: one row per event, keyed by the case and its stream version, so a rebuild
 * writes the same rows again.
 */
export class CustodyDeterminationsProjection implements CaseProjection {
  readonly name = 'custody-determinations';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.custody_determinations (
         case_id uuid NOT NULL,
         stream_version integer NOT NULL,
         office_id text NOT NULL,
         officer_id text NOT NULL,
         decision text NOT NULL,
         rationale text NOT NULL,
         rca_recommendation text NOT NULL,
         determined_by text NOT NULL,
         determined_at timestamptz NOT NULL,
         PRIMARY KEY (case_id, stream_version)
       )`,
      `CREATE INDEX custody_determinations_by_office ON ${schema}.custody_determinations (office_id, determined_at)`,
      `CREATE INDEX custody_determinations_by_time ON ${schema}.custody_determinations (determined_at)`,
    ];
  }

  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const rows: Record<string, unknown>[] = [];
    for (const { caseId, message, event, after } of changes) {
      if (event.type !== 'CustodyDeterminationRecorded' || !after.opened) continue;
      rows.push({
        case_id: caseId,
        stream_version: message.streamVersion,
        office_id: after.officeId,
        officer_id: after.officerId,
        decision: event.data.decision,
        rationale: event.data.rationale,
        rca_recommendation: event.data.rcaRecommendation,
        determined_by: event.data.determinedBy,
        determined_at: event.data.determinedAt,
      });
    }
    await insertEventRows(manager, 'custody_determinations', CUSTODY_DETERMINATIONS_COLUMNS, rows);
  }
}
