import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limit's counts shared by the api instances: a caller key's hits in its current window
 * (which starts at the key's first hit, as the in-memory limit's did). Each instance adds its own
 * hits a few times a second and reads the others'. UNLOGGED: no WAL, and a
 * crash of Postgres empties it, which forgets at most one window's counts: a rate limit, not a record.
 */
export class SharedRateLimitHits1732400000016 implements MigrationInterface {
  name = 'SharedRateLimitHits1732400000016';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE public.rate_limit_hits (
        key text PRIMARY KEY,
        window_start bigint NOT NULL,
        window_ms integer NOT NULL,
        hits integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE public.rate_limit_hits`);
  }
}
