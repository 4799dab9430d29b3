import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds the transfers read model to a live read-model schema that predates it, as the projection's
 * DDL stood when this migration was frozen. It starts empty: the transfer events come after it, and
 * a rebuild (`npm run rebuild`) fills it from history like every other read model.
 */
export class TransfersReadModel1732400000014 implements MigrationInterface {
  name = 'TransfersReadModel1732400000014';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS read_models.transfers (
        case_id uuid NOT NULL,
        transfer_id text NOT NULL,
        status text NOT NULL,
        from_office_id text NOT NULL,
        from_officer_id text NOT NULL,
        to_office_id text NOT NULL,
        reason text NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        to_officer_id text,
        settled_by text,
        settled_at timestamptz,
        decline_reason text,
        PRIMARY KEY (case_id, transfer_id)
      )`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS transfers_incoming ON read_models.transfers (to_office_id, status, requested_at)`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS transfers_outgoing ON read_models.transfers (from_office_id, status, requested_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS read_models.transfers');
  }
}
