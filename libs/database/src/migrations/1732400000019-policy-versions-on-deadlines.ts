import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every deadline and every alert records the policy version its due and fire times were computed under (null for
 * rows from before policies were published), so a new version can recompute the pending deadlines
 * it changes and leave fired ones as they were. The policy itself is a stream of the event store.
 */
export class PolicyVersionsOnDeadlines1732400000019 implements MigrationInterface {
  name = 'PolicyVersionsOnDeadlines1732400000019';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE public.deadlines ADD COLUMN policy_version integer`);
    // The live read model gains it too (a rebuild creates it from the projection's tables).
    await db.query(`ALTER TABLE read_models.alerts ADD COLUMN IF NOT EXISTS policy_version integer`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE read_models.alerts DROP COLUMN IF EXISTS policy_version');
    await db.query(`ALTER TABLE public.deadlines DROP COLUMN policy_version`);
  }
}
