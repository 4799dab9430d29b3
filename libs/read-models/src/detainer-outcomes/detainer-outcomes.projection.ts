import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/**
 * One row per detainer, copied from the case's state after a detainer event; counts per
 * jurisdiction are computed when read, so a redelivered or re-applied event cannot double-count.
 */
export class DetainerOutcomesProjection implements CaseProjection {
  readonly name = 'detainer-outcomes';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.detainers (
         case_id uuid NOT NULL,
         detainer_id text NOT NULL,
         jurisdiction_id text NOT NULL,
         requested_at timestamptz NOT NULL,
         response text,
         responded_at timestamptz,
         PRIMARY KEY (case_id, detainer_id)
       )`,
      `CREATE INDEX detainers_by_jurisdiction ON ${schema}.detainers (jurisdiction_id)`,
    ];
  }

  /** Each detainer's row follows from its latest state: the last change per detainer counts. */
  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const latest = new Map<string, Record<string, unknown>>();
    for (const { caseId, event, after } of changes) {
      if (event.type !== 'DetainerRequested' && event.type !== 'DetainerResponded') continue;
      const detainer = after.opened ? after.detainers[event.data.detainerId] : undefined;
      if (!detainer) continue;
      latest.set(`${caseId}/${detainer.detainerId}`, {
        case_id: caseId,
        detainer_id: detainer.detainerId,
        jurisdiction_id: detainer.jurisdictionId,
        requested_at: detainer.requestedAt,
        response: detainer.response ?? null,
        responded_at: detainer.respondedAt ?? null,
      });
    }
    if (latest.size === 0) return;
    await manager.query(
      `INSERT INTO detainers (case_id, detainer_id, jurisdiction_id, requested_at, response, responded_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, detainer_id text, jurisdiction_id text,
         requested_at timestamptz, response text, responded_at timestamptz)
       ON CONFLICT (case_id, detainer_id) DO UPDATE SET jurisdiction_id = EXCLUDED.jurisdiction_id,
         requested_at = EXCLUDED.requested_at, response = EXCLUDED.response, responded_at = EXCLUDED.responded_at`,
      [JSON.stringify([...latest.values()])],
    );
  }
}
