import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lets a writer wake the relay itself, after its commit, instead of the outbox trigger's NOTIFY.
 *
 * Why: a transaction that has NOTIFY pending takes a server-wide lock at pre-commit and holds it
 * until its commit is flushed, so every notifying commit waits for the one before it; under
 * concurrent commands that caps appends at one WAL flush each (no group commit). The command path
 * sets `casetrail.outbox_signalled_after_commit` for its transaction and sends one coalesced
 * NOTIFY of its own after commit; every other writer keeps the trigger's NOTIFY.
 *
 * Schema-qualified: migrations run with the read-model schema first on the search path.
 */
export class OutboxSignalAfterCommit1732400000010 implements MigrationInterface {
  name = 'OutboxSignalAfterCommit1732400000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION public.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('casetrail.outbox_signalled_after_commit', true) IS DISTINCT FROM 'on' THEN
          PERFORM pg_notify('casetrail_outbox', '');
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION public.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('casetrail_outbox', '');
        RETURN NULL;
      END $$`);
  }
}
