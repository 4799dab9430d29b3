import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { compileApp, createTestDatabase, uniqueTopicPrefix, type TestDatabase } from '@casetrail/testing';
import { ApiModule } from './api.module';
import { configureApi } from './api.setup';

export interface ApiTestContext {
  app: INestApplication;
  database: TestDatabase;
  db: DataSource;
  close(): Promise<void>;
}

/** The real api pipeline (validation, filters, handlers) on a fresh database. */
export async function startApi(): Promise<ApiTestContext> {
  const database = await createTestDatabase();
  const moduleRef = await compileApp(ApiModule, {
    DATABASE_URL: database.url,
    KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
  });
  const app = configureApi(moduleRef.createNestApplication({ bodyParser: false, logger: false }));
  await app.init();
  return {
    app,
    database,
    db: app.get(DataSource),
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export const validOpenCaseBody = () => ({
  officeId: 'WAS',
  officerId: 'WAS-DET-001',
  subject: {
    givenName: 'Ana',
    familyName: 'Example',
    aNumber: 'A123456789',
    dateOfBirth: '1990-01-31',
    countryOfCitizenship: 'MX',
  },
  openedAt: '2026-11-20T09:00:00Z',
});

export async function countEvents(db: DataSource): Promise<number> {
  const [{ count }]: { count: string }[] = await db.query('SELECT count(*) FROM events');
  return Number(count);
}
