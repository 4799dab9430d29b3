import { DEFAULT_SEED, planSeed } from '@seeds/generator/seed-generator';
import { buildReadModels, loadSeed } from '@seeds/generator/seed-load';
import { REBUILD_WORKERS } from '@casetrail/read-models';
import {
  createBenchDatabase,
  round,
  throughputFigure,
  timed,
  type BenchContext,
  type Benchmark,
  type Figure,
} from '../harness';
import { measureStorm, stormSize } from './deadline-storm.bench';
import { BENCH_AS_OF, scanEvents } from './rebuild.bench';
import { allOfficesScale, measureStaffing, staffingRounds } from './staffing.bench';

const LOAD_GOAL_SECONDS = 5 * 60;
const REBUILD_GOAL_SECONDS = 4 * 60;

/**
 * Issue 17's national figures on ONE seeded database, so 2.24 million cases are loaded once: the
 * storm seed (every field office's roster, enrolments without detention among the histories, a
 * storm of missed check-ins in its last minute) is bulk-loaded, every read model rebuilt and the
 * deadlines seeded, then the staffing view and the storm are measured on it — in that order, as
 * the storm changes the cases it touches. The staffing and storm measurements are the staffing
 * and deadline-storm suites' own.
 */
export const benchmark: Benchmark = {
  name: 'national',
  async run(context: BenchContext): Promise<Figure[]> {
    const size = stormSize(context);
    const national = context.scale === 'national';
    const scale = allOfficesScale(size.scale);
    const database = await createBenchDatabase(context, 'national');
    try {
      const seed = planSeed({ scale, seed: DEFAULT_SEED, asOf: BENCH_AS_OF, stormCases: size.storm });
      context.log(`national: seeding ${seed.caseCount} cases in ${scale.offices} offices`);
      let reported = 0;
      const loaded = await loadSeed(database.url, seed, (progress) => {
        if (progress.events - reported >= 1_000_000) {
          reported = progress.events;
          context.log(`  loaded ${progress.events} events`);
        }
      });
      context.log(`national: ${loaded.events} events loaded in ${loaded.seconds.toFixed(1)} s; rebuilding`);
      const built = await buildReadModels(database.url, { workers: REBUILD_WORKERS });
      const scan = await timed(() => scanEvents(database.url));
      context.log(
        `national: rebuilt in ${built.seconds.toFixed(1)} s (raw scan ${scan.seconds.toFixed(1)} s), ` +
          `${built.deadlines} deadlines in ${built.deadlineSeconds.toFixed(1)} s`,
      );
      const cases = `${loaded.streams} cases, ${loaded.events} events`;
      const figures: Figure[] = [
        {
          name: `seed: generate and bulk-load ${cases}`,
          unit: 's',
          value: round(loaded.seconds, 1),
          // The goals are the national seed's: at a smaller scale the figure is shown without them.
          ...(national && {
            goal: {
              description: 'the national seed (2.24 M cases) loaded in ≤ 5 min',
              met: loaded.seconds <= LOAD_GOAL_SECONDS,
            },
          }),
          notes:
            `${round(loaded.events / loaded.seconds)} events/s. No raw COPY here: it would hold every rendered ` +
            'row in memory; the bulk-load suite measures the loader against raw COPY on the same rows.',
        },
        {
          name: `rebuild of every read model: ${cases}`,
          unit: 's',
          value: round(built.seconds, 1),
          ...(national && {
            goal: {
              description: 'every read model rebuilt from the national seed in ≤ 4 min',
              met: built.seconds <= REBUILD_GOAL_SECONDS,
            },
          }),
          notes:
            'rebuildReadModels as buildReadModels runs it after a seed (tables filled, indexed, analyzed, swapped in).',
        },
        throughputFigure({
          name: 'rebuild rate',
          unit: 'events/s',
          value: built.events / built.seconds,
          baseline: {
            name: 'raw scan of the same events in commit order (nothing applied), after the rebuild',
            value: scan.result / scan.seconds,
          },
        }),
        {
          name: `deadline seeding: ${built.deadlines} pending deadlines`,
          unit: 's',
          value: round(built.deadlineSeconds, 1),
          notes: `seedDeadlinesFromSummaries after the rebuild: ${round(built.deadlines / built.deadlineSeconds)} deadlines/s.`,
        },
        ...(await measureStaffing({
          databaseUrl: database.url,
          seed,
          rounds: staffingRounds(context),
          loaded,
        })),
      ];
      figures.push(
        ...(await measureStorm(context, {
          databaseUrl: database.url,
          storm: size.storm,
          seeded: `${cases} (${scale.nonDetainedCases} supervised), ${built.deadlines} pending deadlines`,
        })),
      );
      return figures;
    } finally {
      await database.drop();
    }
  },
};
