import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projector's bookkeeping. The read-model tables themselves are not migrated: they live in
 * the `read_models` schema, are created from their projections' own DDL, and change by rebuild.
 */
export class ReadModels1732400000001 implements MigrationInterface {
  name = 'ReadModels1732400000001';

  async up(db: QueryRunner): Promise<void> {
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
  }
}
