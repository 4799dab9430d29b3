import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brings the live read-model schema to the non-detained docket's read models: each worklist row's
 * priority flags (none before the first flag event, hence the empty default) and supervisors'
 * custody determinations. Idempotent, so a schema a rebuild created from the projections' current
 * DDL is left as it is. Frozen SQL, schema-qualified.
 */
export class NonDetainedDocketReadModels1732400000012 implements MigrationInterface {
  name = 'NonDetainedDocketReadModels1732400000012';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE read_models.case_worklist ADD COLUMN IF NOT EXISTS priority_flags text[] NOT NULL DEFAULT '{}'`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS case_worklist_flagged ON read_models.case_worklist (office_id, officer_id)
         WHERE cardinality(priority_flags) > 0`,
    );
    await db.query(`CREATE TABLE IF NOT EXISTS read_models.custody_determinations (
         case_id uuid NOT NULL,
         stream_version integer NOT NULL,
         office_id text NOT NULL,
         officer_id text NOT NULL,
         decision text NOT NULL,
         rationale text NOT NULL,
         rca_recommendation text NOT NULL,
         determined_by text NOT NULL,
         determined_at timestamptz NOT NULL,
         PRIMARY KEY (case_id, stream_version)
       )`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS custody_determinations_by_office
         ON read_models.custody_determinations (office_id, determined_at)`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS custody_determinations_by_time
         ON read_models.custody_determinations (determined_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS read_models.custody_determinations');
    await db.query('DROP INDEX IF EXISTS read_models.case_worklist_flagged');
    await db.query('ALTER TABLE read_models.case_worklist DROP COLUMN IF EXISTS priority_flags');
  }
}
