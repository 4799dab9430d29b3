import type { Docket } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/** Active dockets; a closed case leaves every caseload. */
const COUNTED_DOCKETS: readonly Docket[] = ['PENDING', 'DETAINED', 'NON_DETAINED'];

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

  async apply(manager: EntityManager, { before, after }: CaseChange): Promise<void> {
    const from = slotOf(before);
    const to = slotOf(after);
    if (sameSlot(from, to)) return;
    if (from) await adjust(manager, from, -1);
    if (to) await adjust(manager, to, 1);
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

async function adjust(manager: EntityManager, slot: CaseloadSlot, delta: 1 | -1): Promise<void> {
  const params = [slot.officeId, slot.officerId, slot.docket];
  // Postgres checks CHECK constraints on the proposed insert row even when it ends in an update,
  // so a decrement must be a plain UPDATE; the row exists because the case was counted there.
  if (delta < 0) {
    await manager.query(
      `UPDATE officer_caseloads SET case_count = case_count - 1 WHERE office_id = $1 AND officer_id = $2 AND docket = $3`,
      params,
    );
    return;
  }
  await manager.query(
    `INSERT INTO officer_caseloads (office_id, officer_id, docket, case_count) VALUES ($1, $2, $3, 1)
     ON CONFLICT (office_id, officer_id, docket) DO UPDATE SET case_count = officer_caseloads.case_count + 1`,
    params,
  );
}
