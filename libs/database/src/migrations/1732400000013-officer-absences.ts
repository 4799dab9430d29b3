import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officers' absences (leave, temporary duty, training) with who covers them: roster facts about an
 * officer, not case events, so they live beside the roster. A row is never deleted and only its end
 * ever changes (ending it, or changing its cover, which ends it and starts another; one ended
 * before it began is empty), so the cover in force at any past moment can still be read: a rebuild
 * names the same acting officer on an alert as the live projection did. Alerts keep the officer
 * who acts on them.
 */
export class OfficerAbsences1732400000013 implements MigrationInterface {
  name = 'OfficerAbsences1732400000013';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE public.officer_absences (
        absence_id uuid PRIMARY KEY,
        officer_id text NOT NULL REFERENCES public.officers (officer_id),
        office_id text NOT NULL,
        kind text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        covering_officer_id text REFERENCES public.officers (officer_id),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CHECK (ends_at IS NULL OR ends_at >= starts_at),
        CHECK (covering_officer_id IS DISTINCT FROM officer_id)
      )`);
    await db.query(
      `CREATE INDEX officer_absences_by_officer ON public.officer_absences (officer_id, starts_at)`,
    );
    await db.query(
      `CREATE INDEX officer_absences_by_cover ON public.officer_absences (covering_officer_id, starts_at)
         WHERE covering_officer_id IS NOT NULL`,
    );
    await db.query(`ALTER TABLE read_models.alerts ADD COLUMN IF NOT EXISTS acting_officer_id text`);
    await db.query(
      `ALTER TABLE read_models.alerts ADD COLUMN IF NOT EXISTS acting_supervisors boolean NOT NULL DEFAULT false`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE read_models.alerts DROP COLUMN IF EXISTS acting_supervisors');
    await db.query('ALTER TABLE read_models.alerts DROP COLUMN IF EXISTS acting_officer_id');
    await db.query('DROP TABLE IF EXISTS public.officer_absences');
  }
}
