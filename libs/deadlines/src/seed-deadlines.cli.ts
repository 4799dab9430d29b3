import { DataSource } from 'typeorm';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { seedDeadlinesFromSummaries } from './deadlines.projection';

/**
 * `npm run deadlines:seed`: gives the cases already projected the deadlines their state holds,
 * for a database that had history before the deadlines table existed. Rows that exist stay as
 * they are, so running it again changes nothing.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL)).initialize();
  try {
    const seeded = await seedDeadlinesFromSummaries(dataSource, config.casePolicy);
    process.stdout.write(`deadlines:seed: ${seeded} pending deadlines held\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`deadlines:seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
