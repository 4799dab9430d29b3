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
  await seedRoster(app.get(DataSource));
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

/** The offices and officers the api tests assign cases to. */
export const TEST_ROSTER = {
  WAS: ['WAS-DET-001', 'WAS-DET-002', 'WAS-ND-001'],
  ATL: ['ATL-ND-001'],
} as const;

async function seedRoster(db: DataSource): Promise<void> {
  for (const [officeId, officers] of Object.entries(TEST_ROSTER)) {
    await db.query('INSERT INTO offices (office_id, name) VALUES ($1, $2)', [
      officeId,
      `${officeId} field office`,
    ]);
    for (const officerId of officers) {
      await db.query(
        'INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES ($1, $2, $3, $4)',
        [officerId, officeId, officerId, officerId.includes('-DET-') ? 'DETAINED' : 'NON_DETAINED'],
      );
    }
  }
}
