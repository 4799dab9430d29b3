import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail and the per-subject keys, in `public`: the connections' search path starts with
 * the swappable read_models schema, which a rebuild replaces.
 *
 * audit_log is append-only and hash-chained: each record's hash covers the previous record's hash
 * and its own text, and audit_chain_head holds the last sequence number and hash, so an edited,
 * deleted, reordered or truncated record is found by re-computing the chain.
 *
 * subject_keys holds one data key per case subject, wrapped with the deployment's key. Personal
 * fields of stored events are encrypted with it; destroying the key (sealing) leaves the events in
 * place but unreadable.
 */
export class AuditAndPersonalData1732400000005 implements MigrationInterface {
  name = 'AuditAndPersonalData1732400000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE public.audit_log (
        seq bigint PRIMARY KEY,
        record text NOT NULL,
        hash bytea NOT NULL
      )`);
    await db.query(
      `CREATE INDEX audit_log_by_case ON public.audit_log (((record::jsonb) ->> 'caseId'), seq)`,
    );
    await db.query(
      `CREATE INDEX audit_log_by_user ON public.audit_log (((record::jsonb) ->> 'userId'), seq)`,
    );
    await db.query(`
      CREATE FUNCTION public.audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON public.audit_log
      FOR EACH ROW EXECUTE FUNCTION public.audit_log_is_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_is_append_only()`);
    await db.query(`
      CREATE TABLE public.audit_chain_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        seq bigint NOT NULL,
        hash bytea NOT NULL
      )`);
    await db.query(
      `INSERT INTO public.audit_chain_head (seq, hash) VALUES (0, sha256(convert_to('casetrail audit trail', 'UTF8')))`,
    );

    await db.query(`
      CREATE TABLE public.subject_keys (
        case_id uuid PRIMARY KEY,
        wrapped_key bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz,
        destroyed_by text,
        CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE public.subject_keys`);
    await db.query(`DROP TABLE public.audit_chain_head`);
    await db.query(`DROP TABLE public.audit_log`);
    await db.query(`DROP FUNCTION public.audit_log_is_append_only`);
  }
}
