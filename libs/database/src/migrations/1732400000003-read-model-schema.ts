import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates the live read-model schema as the read models stood when this migration was frozen; a
 * database that has one already keeps it. Read models are not migrated afterwards: a change to them
 * is deployed by a rebuild from the event store, which creates its schema from the projections'
 * current DDL.
 */
export class ReadModelSchema1732400000003 implements MigrationInterface {
  name = 'ReadModelSchema1732400000003';

  async up(db: QueryRunner): Promise<void> {
    const existing: unknown[] = await db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'read_models'`);
    if (existing.length > 0) return;
    await db.query('CREATE SCHEMA read_models');
    for (const statement of READ_MODEL_TABLES) await db.query(statement);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP SCHEMA IF EXISTS read_models CASCADE');
  }
}

const READ_MODEL_TABLES = [
  `CREATE TABLE read_models.case_summaries (
      case_id uuid PRIMARY KEY,
      office_id text NOT NULL,
      officer_id text NOT NULL,
      docket text NOT NULL,
      stream_version integer NOT NULL,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL
    )`,
  `CREATE INDEX case_summaries_by_officer ON read_models.case_summaries (office_id, officer_id, docket)`,
  `CREATE TABLE read_models.officer_caseloads (
      office_id text NOT NULL,
      officer_id text NOT NULL,
      docket text NOT NULL,
      case_count integer NOT NULL CHECK (case_count >= 0),
      PRIMARY KEY (office_id, officer_id, docket)
    )`,
  `CREATE TABLE read_models.case_worklist (
      case_id uuid PRIMARY KEY,
      office_id text NOT NULL,
      officer_id text NOT NULL,
      docket text NOT NULL,
      next_due_at timestamptz,
      last_check_in_at timestamptz,
      consecutive_misses integer NOT NULL CHECK (consecutive_misses >= 0),
      open_alert_id text,
      open_alert_kind text,
      open_alert_status text
    )`,
  `CREATE INDEX case_worklist_by_officer ON read_models.case_worklist (officer_id, docket, next_due_at)`,
  `CREATE TABLE read_models.alerts (
      alert_id text PRIMARY KEY,
      kind text NOT NULL,
      status text NOT NULL,
      case_id uuid NOT NULL,
      office_id text NOT NULL,
      officer_id text NOT NULL,
      due_at timestamptz NOT NULL,
      detected_at timestamptz NOT NULL,
      consecutive_misses integer,
      severity text,
      updated_at timestamptz NOT NULL
    )`,
  `CREATE INDEX alerts_newest ON read_models.alerts (detected_at DESC, alert_id)`,
  `CREATE INDEX alerts_by_office ON read_models.alerts (office_id, detected_at DESC)`,
  `CREATE INDEX alerts_by_case ON read_models.alerts (case_id) WHERE status <> 'RESOLVED'`,
  `CREATE TABLE read_models.release_overrides (
      case_id uuid NOT NULL,
      stream_version integer NOT NULL,
      override_request_id text,
      office_id text NOT NULL,
      officer_id text NOT NULL,
      released_at timestamptz NOT NULL,
      released_by text NOT NULL,
      release_type text NOT NULL,
      rca_recommendation text,
      reason_codes text[] NOT NULL,
      narrative text NOT NULL,
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      approved_by text NOT NULL,
      approved_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, stream_version)
    )`,
  `CREATE INDEX release_overrides_by_office ON read_models.release_overrides (office_id, released_at)`,
  `CREATE INDEX release_overrides_by_time ON read_models.release_overrides (released_at)`,
  `CREATE TABLE read_models.rca_bookings (
      case_id uuid NOT NULL,
      booked_in_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      completed_at timestamptz,
      office_id text NOT NULL,
      officer_id text NOT NULL,
      ongoing boolean NOT NULL,
      PRIMARY KEY (case_id, booked_in_at)
    )`,
  `CREATE INDEX rca_bookings_by_office ON read_models.rca_bookings (office_id)`,
  `CREATE INDEX rca_bookings_owed ON read_models.rca_bookings (due_at) WHERE ongoing AND completed_at IS NULL`,
  `CREATE TABLE read_models.detainers (
      case_id uuid NOT NULL,
      detainer_id text NOT NULL,
      jurisdiction_id text NOT NULL,
      requested_at timestamptz NOT NULL,
      response text,
      responded_at timestamptz,
      PRIMARY KEY (case_id, detainer_id)
    )`,
  `CREATE INDEX detainers_by_jurisdiction ON read_models.detainers (jurisdiction_id)`,
];
