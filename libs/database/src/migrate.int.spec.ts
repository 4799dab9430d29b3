import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@casetrail/testing';
import { migrate } from './data-source';

describe('migrate', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('applies nothing on a second run, once the read-model schema exists', async () => {
    await expect(migrate(database.url)).resolves.toEqual([]);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ schema: string }>(
        `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'schema_migrations'`,
      );
      expect(rows).toEqual([{ schema: 'public' }]);
    } finally {
      await client.end();
    }
  });
});
