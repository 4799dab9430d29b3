import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { PostgresEventStore } from '@casetrail/event-store';
import { caseProjections } from '../case-projections';
import { REBUILD_WORKERS, rebuildReadModels } from './read-model-rebuild';

/**
 * `npm run rebuild [-- --workers N]`: rebuilds every read model from the event store while the
 * system runs, with N threads applying disjoint ranges of cases (default: one per core).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { workers: { type: 'string', default: String(REBUILD_WORKERS) } },
  });
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`--workers ${values.workers} is not a count`);
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL)).initialize();
  const bar = new SingleBar(
    {
      format: 'rebuild |{bar}| {percentage}% | {value}/{total} events | {eta_formatted} left',
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  let started = false;
  try {
    const result = await rebuildReadModels(
      dataSource,
      new PostgresEventStore(dataSource),
      caseProjections(),
      ({ applied, total }) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.setTotal(total);
        bar.update(applied);
      },
      { workers },
    );
    bar.stop();
    const rate = result.seconds > 0 ? Math.round(result.events / result.seconds) : result.events;
    process.stdout.write(
      `rebuild: ${result.events} events in ${result.seconds.toFixed(1)} s (${rate} events/s), swapped in\n`,
    );
  } finally {
    bar.stop();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rebuild failed, the live read models are unchanged: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
