import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brings a live read-model schema that predates them the alerts' escalation level and resolution,
 * and the missed-check-in outcomes read model, as the projections' DDL stood when this migration
 * was frozen. Both fill from the events that come after it; a rebuild (`npm run rebuild`) fills
 * them from history like every other read model.
 */
export class MissedCheckInOutcomes1732400000017 implements MigrationInterface {
  name = 'MissedCheckInOutcomes1732400000017';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE read_models.alerts ADD COLUMN IF NOT EXISTS escalation_level text`);
    await db.query(`ALTER TABLE read_models.alerts ADD COLUMN IF NOT EXISTS resolution text`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS read_models.missed_check_in_outcomes (
        case_id uuid NOT NULL,
        due_at timestamptz NOT NULL,
        office_id text NOT NULL,
        outcome text NOT NULL,
        detected_at timestamptz NOT NULL,
        settled_at timestamptz,
        PRIMARY KEY (case_id, due_at)
      )`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS missed_check_in_outcomes_by_office
       ON read_models.missed_check_in_outcomes (office_id, outcome)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS read_models.missed_check_in_outcomes');
    await db.query('ALTER TABLE read_models.alerts DROP COLUMN IF EXISTS resolution');
    await db.query('ALTER TABLE read_models.alerts DROP COLUMN IF EXISTS escalation_level');
  }
}
