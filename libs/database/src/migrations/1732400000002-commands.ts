import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the command side needs besides events: remembered results of idempotent requests, the
 * roster of offices and officers that cases are assigned to, and case snapshots.
 */
export class Commands1732400000002 implements MigrationInterface {
  name = 'Commands1732400000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotent_requests (
        scope text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, idempotency_key)
      )`);
    await db.query(`CREATE INDEX idempotent_requests_age ON idempotent_requests (created_at)`);
    await db.query(`
      CREATE TABLE offices (
        office_id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE officers (
        officer_id text PRIMARY KEY,
        office_id text NOT NULL REFERENCES offices (office_id),
        display_name text NOT NULL,
        unit text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX officers_by_office ON officers (office_id)`);
    await db.query(`
      CREATE TABLE case_snapshots (
        case_id uuid PRIMARY KEY,
        stream_version integer NOT NULL,
        schema_version integer NOT NULL,
        state jsonb NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE case_snapshots`);
    await db.query(`DROP TABLE officers`);
    await db.query(`DROP TABLE offices`);
    await db.query(`DROP TABLE idempotent_requests`);
  }
}
