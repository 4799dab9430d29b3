import type { MigrationInterface, QueryRunner } from 'typeorm';
import { caseProjections, ensureLiveReadModels } from '@casetrail/read-models';

/**
 * Creates the live read-model schema from the projections' current DDL. Read models are not
 * migrated afterwards: a change to them is deployed by a rebuild from the event store.
 */
export class ReadModelSchema1732400000003 implements MigrationInterface {
  name = 'ReadModelSchema1732400000003';

  async up(db: QueryRunner): Promise<void> {
    await ensureLiveReadModels(db, caseProjections());
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP SCHEMA IF EXISTS read_models CASCADE');
  }
}
