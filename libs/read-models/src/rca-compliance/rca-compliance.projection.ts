import { epochMsOf, isSameInstant, type CaseState, type DetentionState } from '@casetrail/domain';
import type { EntityManager } from 'typeorm';
import type { CaseChange, CaseProjection } from '../case-change';

/**
 * One row per detention booking: when its RCA was due and when the first one was done. Derived
 * from the detention in the case's state before and after each change; the booking's office and
 * officer follow the case while the detention lasts.
 */
export class RcaComplianceProjection implements CaseProjection {
  readonly name = 'rca-compliance';

  tables(schema: string): string[] {
    return [
      `CREATE TABLE ${schema}.rca_bookings (
         case_id uuid NOT NULL,
         booked_in_at timestamptz NOT NULL,
         due_at timestamptz NOT NULL,
         completed_at timestamptz,
         office_id text NOT NULL,
         officer_id text NOT NULL,
         ongoing boolean NOT NULL,
         PRIMARY KEY (case_id, booked_in_at)
       )`,
      `CREATE INDEX rca_bookings_by_office ON ${schema}.rca_bookings (office_id)`,
      `CREATE INDEX rca_bookings_owed ON ${schema}.rca_bookings (due_at) WHERE ongoing AND completed_at IS NULL`,
    ];
  }

  /**
   * The batch's bookings worked out in memory, then written at once. A booking that ended here but
   * began in an earlier batch is written from the state before the change, as its row stands; the
   * first RCA of a booking still wins over a later one (coalesce, in memory and against the table).
   */
  async apply(manager: EntityManager, changes: readonly CaseChange[]): Promise<void> {
    const bookings = new Map<string, BookingRow>();
    const keyOf = (caseId: string, bookedInAt: string) => `${caseId}/${epochMsOf(bookedInAt)}`;
    for (const { caseId, before, after } of changes) {
      const previous = detentionOf(before);
      const current = detentionOf(after);
      const sameBooking = previous && current && isSameInstant(previous.bookedInAt, current.bookedInAt);
      if (previous && !sameBooking && before.opened) {
        const key = keyOf(caseId, previous.bookedInAt);
        const row = bookings.get(key) ?? {
          case_id: caseId,
          booked_in_at: previous.bookedInAt,
          due_at: previous.riskClassificationDueAt,
          completed_at: null,
          office_id: before.officeId,
          officer_id: before.officerId,
          ongoing: false,
        };
        bookings.set(key, { ...row, ongoing: false });
      }
      if (!current || !after.opened) continue;
      if (sameBooking && !changed(before, after)) continue;
      const completedAt =
        current.riskClassificationStatus === 'COMPLETED'
          ? (after.latestRiskClassification?.completedAt ?? null)
          : null;
      const key = keyOf(caseId, current.bookedInAt);
      const existing = bookings.get(key);
      bookings.set(key, {
        case_id: caseId,
        booked_in_at: existing?.booked_in_at ?? current.bookedInAt,
        due_at: current.riskClassificationDueAt,
        completed_at: existing?.completed_at ?? completedAt,
        office_id: after.officeId,
        officer_id: after.officerId,
        ongoing: true,
      });
    }
    if (bookings.size === 0) return;
    await manager.query(
      `INSERT INTO rca_bookings (case_id, booked_in_at, due_at, completed_at, office_id, officer_id, ongoing)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(case_id uuid, booked_in_at timestamptz, due_at timestamptz,
         completed_at timestamptz, office_id text, officer_id text, ongoing boolean)
       ON CONFLICT (case_id, booked_in_at) DO UPDATE SET due_at = EXCLUDED.due_at,
         completed_at = coalesce(rca_bookings.completed_at, EXCLUDED.completed_at), office_id = EXCLUDED.office_id,
         officer_id = EXCLUDED.officer_id, ongoing = EXCLUDED.ongoing`,
      [JSON.stringify([...bookings.values()])],
    );
  }
}

interface BookingRow {
  case_id: string;
  booked_in_at: string;
  due_at: string;
  completed_at: string | null;
  office_id: string;
  officer_id: string;
  ongoing: boolean;
}

function detentionOf(state: CaseState): DetentionState | undefined {
  return state.opened && state.docket === 'DETAINED' ? state.detention : undefined;
}

/** Whether anything this table holds about an ongoing booking changed. */
function changed(before: CaseState, after: CaseState): boolean {
  return (
    before.officeId !== after.officeId ||
    before.officerId !== after.officerId ||
    detentionOf(before)?.riskClassificationStatus !== detentionOf(after)?.riskClassificationStatus
  );
}
