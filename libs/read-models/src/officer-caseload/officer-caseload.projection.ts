import type { Docket } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/** Active dockets (a fugitive's case stays with its officer); a closed case leaves every caseload. */
const COUNTED_DOCKETS: readonly Docket[] = ['PENDING', 'DETAINED', 'NON_DETAINED', 'FUGITIVE'];

interface CaseloadSlot {
  officeId: string;
  officerId: string;
  docket: Docket;
}

/**
 * Cases per officer per docket, kept as counters: a case moves between slots when its office,
 * officer or docket changes.
 */
export class OfficerCaseloadProjection implements CaseProjection {
  readonly name = 'officer-caseload';
  readonly counters = [
    { table: 'officer_caseloads', keys: ['office_id', 'officer_id', 'docket'], sums: ['case_count'] },
  ];

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.officer_caseloads (
         office_id text NOT NULL,
         officer_id text NOT NULL,
         docket text NOT NULL,
         case_count integer NOT NULL CHECK (case_count >= 0),
         PRIMARY KEY (office_id, officer_id, docket)
       )`,
    ];
  }

  /** The batch's moves netted per slot: decrements first (their rows exist), then the rest. */
  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const deltas = new Map<string, CaseloadSlot & { delta: number }>();
    const move = (slot: CaseloadSlot | null, delta: number) => {
      if (!slot) return;
      const key = `${slot.officeId}\u0000${slot.officerId}\u0000${slot.docket}`;
      const entry = deltas.get(key) ?? { ...slot, delta: 0 };
      entry.delta += delta;
      deltas.set(key, entry);
    };
    for (const { before, after } of changes) {
      const from = slotOf(before);
      const to = slotOf(after);
      if (sameSlot(from, to)) continue;
      move(from, -1);
      move(to, 1);
    }
    // A slot that netted to zero still gets its row, as a +1 then -1 one change at a time leaves it.
    const rows = (decrements: boolean) =>
      JSON.stringify(
        [...deltas.values()]
          .filter(({ delta }) => delta < 0 === decrements)
          .map(({ officeId, officerId, docket, delta }) => ({
            office_id: officeId,
            officer_id: officerId,
            docket,
            delta,
          })),
      );
    const slots = `jsonb_to_recordset($1::jsonb) AS r(office_id text, officer_id text, docket text, delta integer)`;
    await manager.query(
      `UPDATE officer_caseloads c SET case_count = c.case_count + r.delta FROM ${slots}
       WHERE c.office_id = r.office_id AND c.officer_id = r.officer_id AND c.docket = r.docket`,
      [rows(true)],
    );
    await manager.query(
      `INSERT INTO officer_caseloads (office_id, officer_id, docket, case_count)
       SELECT office_id, officer_id, docket, delta FROM ${slots}
       ON CONFLICT (office_id, officer_id, docket) DO UPDATE
         SET case_count = officer_caseloads.case_count + EXCLUDED.case_count`,
      [rows(false)],
    );
  }
}

function slotOf(state: CaseChange['before']): CaseloadSlot | null {
  if (!state.opened || !state.officeId || !state.officerId || !COUNTED_DOCKETS.includes(state.docket))
    return null;
  return { officeId: state.officeId, officerId: state.officerId, docket: state.docket };
}

function sameSlot(a: CaseloadSlot | null, b: CaseloadSlot | null): boolean {
  return a?.officeId === b?.officeId && a?.officerId === b?.officerId && a?.docket === b?.docket;
}
