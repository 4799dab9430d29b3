import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds the staffing history (the caseload's net change per office, docket and day) and the monthly
 * oversight counts to a live read-model schema that predates them, as the projections' DDL stood
 * when this migration was frozen. They start empty; a rebuild (`npm run rebuild`) fills them from
 * history like every other read model.
 */
export class StaffingAndMonthlyOversightReadModels1732400000015 implements MigrationInterface {
  name = 'StaffingAndMonthlyOversightReadModels1732400000015';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS read_models.staffing_daily_cases (
        office_id text NOT NULL,
        docket text NOT NULL,
        day date NOT NULL,
        delta integer NOT NULL,
        PRIMARY KEY (office_id, docket, day)
      )`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS read_models.monthly_oversight_counts (
        office_id text NOT NULL,
        month date NOT NULL,
        measure text NOT NULL,
        count integer NOT NULL CHECK (count >= 0),
        PRIMARY KEY (month, office_id, measure)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS read_models.monthly_oversight_counts');
    await db.query('DROP TABLE IF EXISTS read_models.staffing_daily_cases');
  }
}
