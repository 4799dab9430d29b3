import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrate } from '@casetrail/database';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the real server, private to one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casetrail');
  const name = `casetrail_test_${randomBytes(5).toString('hex')}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const admin = new URL(base);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A unique prefix that keeps one test's topics and consumer groups apart from every other's. */
export function uniqueTopicPrefix(): string {
  return `test-${randomBytes(4).toString('hex')}.`;
}
