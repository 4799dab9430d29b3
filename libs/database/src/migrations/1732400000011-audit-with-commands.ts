import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit records written in the transaction of the command they record, so no acknowledged write is
 * without its record, even when the api dies right after answering. They wait here, unchained,
 * until the audit trail links them into audit_log in commit order (the chain head is a single row:
 * taking its lock on every command would serialise every write). Kept out of audit_log itself so
 * that table stays append-only and every row of it chained.
 *
 * Schema-qualified: migrations run with the read-model schema first on the search path.
 */
export class AuditWithCommands1732400000011 implements MigrationInterface {
  name = 'AuditWithCommands1732400000011';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE public.audit_unchained (
        id bigserial PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        record text NOT NULL
      )`);
    await db.query(
      `CREATE INDEX audit_unchained_in_commit_order ON public.audit_unchained (transaction_id, id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE public.audit_unchained`);
  }
}
