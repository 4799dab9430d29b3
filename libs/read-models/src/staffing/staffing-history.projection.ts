import { utcDayOf, type CaseState } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/** The dockets staffed by a unit of their own, with a target caseload per officer. */
export const STAFFED_DOCKETS = ['DETAINED', 'NON_DETAINED'] as const;
export type StaffedDocket = (typeof STAFFED_DOCKETS)[number];

/**
 * The net change of each office's caseload per staffed docket per day (UTC, of the event's business
 * time). The day's caseload is the sum of every change up to it, so a day without events still has
 * its point, and no process has to be running at midnight to record one; the latest point always
 * equals the live caseload.
 */
export class StaffingHistoryProjection implements CaseProjection {
  readonly name = 'staffing-history';
  readonly counters = [
    { table: 'staffing_daily_cases', keys: ['office_id', 'docket', 'day'], sums: ['delta'] },
  ];

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.staffing_daily_cases (
         office_id text NOT NULL,
         docket text NOT NULL,
         day date NOT NULL,
         delta integer NOT NULL,
         PRIMARY KEY (office_id, docket, day)
       )`,
    ];
  }

  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const deltas = new Map<string, { office_id: string; docket: string; day: string; delta: number }>();
    const add = (slot: Slot | null, day: string, delta: number) => {
      if (!slot) return;
      const key = `${slot.officeId}\u0000${slot.docket}\u0000${day}`;
      const entry = deltas.get(key) ?? { office_id: slot.officeId, docket: slot.docket, day, delta: 0 };
      entry.delta += delta;
      deltas.set(key, entry);
    };
    for (const { before, after, message } of changes) {
      const from = slotOf(before);
      const to = slotOf(after);
      if (from?.officeId === to?.officeId && from?.docket === to?.docket) continue;
      const day = utcDayOf(message.occurredAt);
      add(from, day, -1);
      add(to, day, 1);
    }
    if (deltas.size === 0) return;
    await manager.query(
      `INSERT INTO staffing_daily_cases (office_id, docket, day, delta)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(office_id text, docket text, day date, delta integer)
       ON CONFLICT (office_id, docket, day) DO UPDATE SET delta = staffing_daily_cases.delta + EXCLUDED.delta`,
      [JSON.stringify([...deltas.values()])],
    );
  }
}

interface Slot {
  officeId: string;
  docket: StaffedDocket;
}

function slotOf(state: CaseState): Slot | null {
  if (!state.opened || !(STAFFED_DOCKETS as readonly string[]).includes(state.docket)) return null;
  return { officeId: state.officeId, docket: state.docket as StaffedDocket };
}
