import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { DEFAULT_CASE_POLICY } from '@casetrail/domain';
import { findStaffing } from '@casetrail/read-models';
import { DEFAULT_SEED, planSeed, type Seed } from '@seeds/generator/seed-generator';
import { buildReadModels, loadSeed, type LoadResult } from '@seeds/generator/seed-load';
import { FIELD_OFFICES } from '@seeds/generator/seed-roster';
import { SEED_SCALES, type SeedScale } from '@seeds/generator/seed-scales';
import {
  byScale,
  createBenchDatabase,
  elapsedMs,
  percentile,
  round,
  type BenchContext,
  type Benchmark,
  type Figure,
} from '../harness';
import { BENCH_AS_OF } from './rebuild.bench';

const GOAL_MS = 200;

/** A seed scale with every field office's roster, so the staffing view answers for all of them. */
export function allOfficesScale(base: SeedScale): SeedScale {
  return { ...base, name: `${base.name}-all-offices`, offices: FIELD_OFFICES.length };
}

/**
 * Measures the staffing view on a database holding a loaded seed with its read models built: the
 * query the route runs, `rounds` times after a warm-up, against counting the same cases from the
 * case rows, and Washington's non-detained gap against the one the seed's own cases and roster give.
 */
export async function measureStaffing(input: {
  databaseUrl: string;
  seed: Seed;
  rounds: number;
  /** What the database holds: its counts for the notes, Washington's cases for the gap. */
  loaded: Pick<LoadResult, 'streams' | 'events' | 'docketsByOffice'>;
}): Promise<Figure[]> {
  const { seed, rounds, loaded } = input;
  const dataSource = await new DataSource(dataSourceOptions(input.databaseUrl)).initialize();
  try {
    const targets = DEFAULT_CASE_POLICY.targetCaseloadPerOfficer;
    const timeIt = async (query: () => Promise<unknown>) => {
      await query();
      const times: number[] = [];
      for (let index = 0; index < rounds; index += 1) {
        const started = process.hrtime.bigint();
        await query();
        times.push(elapsedMs(started));
      }
      return times;
    };
    const staffing = await findStaffing(dataSource, {}, targets);
    const viewMs = await timeIt(() => findStaffing(dataSource, {}, targets));
    const scanMs = await timeIt(() =>
      dataSource.query(
        `SELECT office_id, docket, count(*) FROM case_summaries
         WHERE docket IN ('DETAINED', 'NON_DETAINED') GROUP BY office_id, docket`,
      ),
    );

    // The seed's own count, tallied from each generated history's state as it was loaded.
    const washingtonCases = loaded.docketsByOffice.WAS?.NON_DETAINED ?? 0;
    const washingtonOfficers = seed.roster.officers.filter(
      (officer) => officer.officeId === 'WAS' && officer.unit === 'NON_DETAINED',
    ).length;
    const seedGap = Math.ceil(washingtonCases / targets.NON_DETAINED) - washingtonOfficers;
    const viewGap =
      staffing.offices
        .find((office) => office.officeId === 'WAS')
        ?.dockets.find((row) => row.docket === 'NON_DETAINED')?.gap ?? Number.NaN;

    const p99 = percentile(viewMs, 99);
    return [
      {
        name: `staffing view, ${staffing.offices.length} offices, p99`,
        unit: 'ms',
        value: round(p99),
        baseline: {
          name: 'count the cases from the case rows, p99',
          value: round(percentile(scanMs, 99)),
        },
        ratio: round(p99 / percentile(scanMs, 99), 3),
        goal: { description: `answers for all 25 offices in < ${GOAL_MS} ms`, met: p99 < GOAL_MS },
        notes: `${rounds} sequential queries after one warm-up; p50 ${round(percentile(viewMs, 50))} ms; ${loaded.streams} cases, ${loaded.events} events`,
      },
      {
        name: 'Washington non-detained gap (officers short at the policy target)',
        unit: 'officers',
        value: viewGap,
        baseline: { name: 'computed from the seed’s own cases and roster', value: seedGap },
        goal: { description: 'Washington’s non-detained gap matches the seed', met: viewGap === seedGap },
        notes: `${washingtonCases} cases, ${washingtonOfficers} officers, target ${targets.NON_DETAINED} a non-detained officer`,
      },
    ];
  } finally {
    await dataSource.destroy();
  }
}

/** How many staffing queries each measurement times. */
export function staffingRounds(context: BenchContext): number {
  return byScale(context, { smoke: 20, standard: 50, national: 50 });
}

/**
 * The staffing view (`GET /staffing`: cases, officers available, officers needed and the gap per
 * office and docket, and across offices) for every field office, on a seeded agency with every
 * office's roster: the query the route runs, against counting the same cases from the case rows.
 * The seed's own count of Washington's non-detained cases and roster gives the gap the view must
 * show.
 */
const benchmark: Benchmark = {
  name: 'staffing view (all field offices)',
  async run(context) {
    const scale = allOfficesScale(
      byScale<SeedScale>(context, {
        smoke: SEED_SCALES.smoke,
        standard: SEED_SCALES.standard,
        national: SEED_SCALES.national,
      }),
    );
    const database = await createBenchDatabase(context, 'staffing');
    try {
      const seed = planSeed({ scale, seed: DEFAULT_SEED, asOf: BENCH_AS_OF });
      context.log(`  loading ${seed.caseCount} cases in ${scale.offices} offices`);
      const loaded = await loadSeed(database.url, seed);
      await buildReadModels(database.url);
      return await measureStaffing({
        databaseUrl: database.url,
        seed,
        rounds: staffingRounds(context),
        loaded,
      });
    } finally {
      await database.drop();
    }
  },
};

export default benchmark;
