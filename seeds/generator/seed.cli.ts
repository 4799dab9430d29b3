import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { loadConfig } from '@casetrail/config';
import { REBUILD_WORKERS } from '@casetrail/read-models';
import { migrate } from '@casetrail/database';
import { DEFAULT_SEED, planSeed } from './seed-generator';
import { buildReadModels, countEvents, loadSeed } from './seed-load';
import { customScale, seedScale } from './seed-scales';

/**
 * `npm run seed -- --scale demo|smoke|standard|national [--cases N] [--seed N] [--as-of ISO]`:
 * generates offices, officers and case histories, bulk-loads them into the event store of
 * DATABASE_URL and builds the read models by a rebuild. A database that already holds events is
 * left as it is. The history ends at --as-of (default: now, to the minute), so its deadlines lie
 * ahead of the running scheduler; with the same seed, scale and --as-of the events are the same.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'demo' },
      cases: { type: 'string' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'as-of': { type: 'string' },
    },
  });
  const config = loadConfig();
  const scale = values.cases ? customScale(Number(values.cases)) : seedScale(values.scale);
  const asOf = values['as-of'] ? Date.parse(values['as-of']) : Math.floor(Date.now() / 60_000) * 60_000;
  if (Number.isNaN(asOf)) throw new Error(`--as-of ${values['as-of']} is not a time`);
  const seedNumber = Number(values.seed);
  if (!Number.isInteger(seedNumber)) throw new Error(`--seed ${values.seed} is not a whole number`);

  await migrate(config.DATABASE_URL);
  const existing = await countEvents(config.DATABASE_URL);
  if (existing > 0) {
    process.stdout.write(`seed: the event store holds ${existing} events already; nothing loaded\n`);
    return;
  }
  const seed = planSeed({ scale, seed: seedNumber, asOf });
  process.stdout.write(
    `seed: ${scale.name}, seed ${seedNumber}, history to ${new Date(asOf).toISOString()}: ` +
      `${seed.roster.offices.length} offices, ${seed.roster.officers.length} officers, ${seed.caseCount} cases\n`,
  );

  const loadBar = new SingleBar(
    {
      format:
        'load    |{bar}| {percentage}% | {value}/{total} cases | {events} events | {eta_formatted} left',
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  loadBar.start(seed.caseCount, 0, { events: 0 });
  const loaded = await loadSeed(
    config.DATABASE_URL,
    seed,
    ({ streams, events }) => loadBar.update(streams, { events }),
    config.personalDataKey,
  );
  loadBar.stop();
  process.stdout.write(
    `seed: loaded ${loaded.events} events of ${loaded.streams} cases in ${loaded.seconds.toFixed(1)} s ` +
      `(${Math.round(loaded.events / loaded.seconds)} events/s)\n`,
  );

  const rebuildBar = new SingleBar(
    {
      format: 'rebuild |{bar}| {percentage}% | {value}/{total} events | {eta_formatted} left',
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  rebuildBar.start(loaded.events, 0);
  const built = await buildReadModels(
    config.DATABASE_URL,
    { policy: config.casePolicy, workers: REBUILD_WORKERS },
    ({ applied, total }) => {
      rebuildBar.setTotal(total);
      rebuildBar.update(applied);
    },
  );
  rebuildBar.stop();
  process.stdout.write(
    `seed: read models rebuilt from ${built.events} events in ${built.seconds.toFixed(1)} s ` +
      `(${Math.round(built.events / Math.max(built.seconds, 0.001))} events/s); ${built.deadlines} deadlines pending\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
