import { canonicalInstant, type MissedCheckInOutcome } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/** The events that record a miss or move it to another outcome. */
const MISSED_CHECK_IN_OUTCOME_EVENTS = new Set([
  'CheckInMissed',
  'MissedCheckInVoided',
  'MissedCheckInExcused',
  'MissedCheckInExcusalReopened',
  'MissedCheckInConfirmed',
]);

interface OutcomeRow {
  case_id: string;
  due_at: string;
  office_id: string;
  outcome: MissedCheckInOutcome;
  detected_at: string;
  settled_at: string | null;
}

/**
 * One row per recorded missed check-in with where it stands (the case state's outcome), counted
 * per office when read. The office is the case's when the miss was recorded: a later reassignment
 * or transfer does not move the office's record of it. A re-applied event writes the same row.
 */
export class MissedCheckInOutcomesProjection implements CaseProjection {
  readonly name = 'missed-check-in-outcomes';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.missed_check_in_outcomes (
         case_id uuid NOT NULL,
         due_at timestamptz NOT NULL,
         office_id text NOT NULL,
         outcome text NOT NULL,
         detected_at timestamptz NOT NULL,
         settled_at timestamptz,
         PRIMARY KEY (case_id, due_at)
       )`,
      `CREATE INDEX missed_check_in_outcomes_by_office ON ${schema}.missed_check_in_outcomes (office_id, outcome)`,
    ];
  }

  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const latest = new Map<string, OutcomeRow>();
    for (const { caseId, event, after } of changes) {
      if (!MISSED_CHECK_IN_OUTCOME_EVENTS.has(event.type) || !after.opened) continue;
      const dueAt = canonicalInstant((event.data as { dueAt: string }).dueAt);
      const miss = after.missedCheckIns?.[dueAt];
      if (!miss) continue;
      const key = `${caseId}/${dueAt}`;
      latest.set(key, {
        case_id: caseId,
        due_at: dueAt,
        // Kept from the batch's first change: the office when the miss was recorded, if that is here.
        office_id: latest.get(key)?.office_id ?? after.officeId,
        outcome: miss.outcome,
        detected_at: miss.detectedAt,
        settled_at: miss.settledAt ?? null,
      });
    }
    if (latest.size === 0) return;
    await manager.query(
      `INSERT INTO missed_check_in_outcomes (case_id, due_at, office_id, outcome, detected_at, settled_at)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, due_at timestamptz, office_id text,
         outcome text, detected_at timestamptz, settled_at timestamptz)
       ON CONFLICT (case_id, due_at) DO UPDATE SET outcome = EXCLUDED.outcome,
         detected_at = EXCLUDED.detected_at, settled_at = EXCLUDED.settled_at`,
      [JSON.stringify([...latest.values()])],
    );
  }
}
