import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scheduler's deadlines. Kept in `public`, not in the swappable `read_models` schema: a row is
 * operational state — claimed, FIRED or CANCELLED — and an escalation (ALERT_ACK fired) is recorded
 * nowhere else, so a read-model rebuild must neither drop the rows nor re-create fired ones. The live
 * projector keeps the rows in line with each case's state; the scheduler claims the due ones. A
 * database that had history before this table: `npm run deadlines:seed` gives the cases already
 * projected the deadlines they hold.
 */
export class Deadlines1732400000004 implements MigrationInterface {
  name = 'Deadlines1732400000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE public.deadlines (
        deadline_id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('CHECK_IN', 'RCA', 'ALERT_ACK')),
        case_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        fire_at timestamptz NOT NULL,
        alert_id text,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'FIRED', 'CANCELLED')),
        attempts integer NOT NULL DEFAULT 0,
        outcome text,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz,
        CHECK (kind <> 'ALERT_ACK' OR alert_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX deadlines_due ON public.deadlines (status, fire_at)`);
    await db.query(`CREATE INDEX deadlines_by_case ON public.deadlines (case_id) WHERE status = 'PENDING'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE public.deadlines`);
  }
}
