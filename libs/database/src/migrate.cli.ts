import { loadConfig } from '@casetrail/config';
import { migrate } from './data-source';

async function main(): Promise<void> {
  const config = loadConfig();
  const applied = await migrate(config.DATABASE_URL);
  process.stdout.write(
    applied.length === 0 ? 'migrate: schema is up to date\n' : `migrate: applied ${applied.join(', ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
