import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models built by the projector. case_summaries keeps each case's projected state and the
 * stream version it reflects, which makes applying an event twice a no-op.
 */
export class ReadModels1732400000001 implements MigrationInterface {
  name = 'ReadModels1732400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE case_summaries (
        case_id uuid PRIMARY KEY,
        office_id text NOT NULL,
        officer_id text NOT NULL,
        docket text NOT NULL,
        stream_version integer NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(
      `CREATE INDEX case_summaries_by_officer ON case_summaries (office_id, officer_id, docket)`,
    );
    await db.query(`
      CREATE TABLE officer_caseloads (
        office_id text NOT NULL,
        officer_id text NOT NULL,
        docket text NOT NULL,
        case_count integer NOT NULL CHECK (case_count >= 0),
        PRIMARY KEY (office_id, officer_id, docket)
      )`);
    await db.query(`
      CREATE TABLE projection_checkpoints (
        consumer_group text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        next_offset bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, topic, partition)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE projection_checkpoints`);
    await db.query(`DROP TABLE officer_caseloads`);
    await db.query(`DROP TABLE case_summaries`);
  }
}
