import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Clock, standaloneCaseRepository } from '@casetrail/case-commands';
import { loadConfig } from '@casetrail/config';
import { TOPICS } from '@casetrail/contracts';
import { dataSourceOptions } from '@casetrail/database';
import { FireDueDeadlines } from '@scheduler/deadlines/fire-due-deadlines';
import { DEFAULT_SEED, planSeed } from '@seeds/generator/seed-generator';
import { buildReadModels, loadSeed } from '@seeds/generator/seed-load';
import { SEED_SCALES, type SeedScale } from '@seeds/generator/seed-scales';
import { benchKafka, deleteTopicsWithPrefix } from '../kafka';
import {
  byScale,
  createBenchDatabase,
  elapsedMs,
  peakRssFigure,
  round,
  sleep,
  startApp,
  type ProcessUsage,
  type BenchContext,
  type BenchProcess,
  type Benchmark,
  type Figure,
} from '../harness';
import { BENCH_AS_OF } from './rebuild.bench';

/**
 * A deadline storm: tens of thousands of check-in deadlines (grace included) pass in the same
 * minute, among every supervised case of the scale. Timed from the end of that minute until every
 * CheckInMissed is stored (the scheduler's FireDueDeadlines, the code the scheduler app runs, two
 * instances at once) and its RAISED alert has come out on the alert topic (through the relay and
 * the projector, each its own process, and the relay again).
 *
 * The history is seeded to end at the storm minute; the schedulers' clock starts there and runs
 * on in real time, so a deadline they postpone comes due again as in production.
 */
/** Scheduler instances firing at once (SKIP LOCKED shares the due rows out); BENCH_STORM_SCHEDULERS overrides. */
const SCHEDULER_INSTANCES = Number(process.env.BENCH_STORM_SCHEDULERS ?? 2);
const TIME_LIMIT_MS = 20 * 60 * 1000;
const STORM_BATCH_SIZE = 500;

export interface StormSize {
  scale: SeedScale;
  storm: number;
}

/** The seed and the storm in its last minute, by scale: 50,000 misses at every scale but smoke. */
export function stormSize(context: BenchContext): StormSize {
  return byScale<StormSize>(context, {
    smoke: { scale: SEED_SCALES.smoke, storm: 1_000 },
    standard: { scale: SEED_SCALES.standard, storm: 50_000 },
    national: { scale: SEED_SCALES.national, storm: 50_000 },
  });
}

class StormClock extends Clock {
  private readonly started = Date.now();

  constructor(private readonly from: number) {
    super();
  }

  now(): Date {
    return new Date(this.from + (Date.now() - this.started));
  }
}

export const benchmark: Benchmark = {
  name: 'deadline-storm',
  async run(context: BenchContext): Promise<Figure[]> {
    const size = stormSize(context);
    const database = await createBenchDatabase(context, 'deadline_storm');
    try {
      const seed = planSeed({
        scale: size.scale,
        seed: DEFAULT_SEED,
        asOf: BENCH_AS_OF,
        stormCases: size.storm,
      });
      context.log(
        `deadline-storm: seeding ${seed.caseCount} cases, ${size.storm} of them missing a check-in in the same minute`,
      );
      const loaded = await loadSeed(database.url, seed);
      const built = await buildReadModels(database.url);
      context.log(
        `deadline-storm: ${loaded.events} events loaded in ${loaded.seconds.toFixed(1)} s, read models in ${built.seconds.toFixed(1)} s, ${built.deadlines} deadlines`,
      );
      return await measureStorm(context, {
        databaseUrl: database.url,
        storm: size.storm,
        seeded: `${seed.caseCount} cases (${size.scale.nonDetainedCases} supervised), ${built.deadlines} pending deadlines`,
      });
    } finally {
      await database.drop();
    }
  },
};

/**
 * Runs the storm on a database holding a loaded storm seed (`planSeed` with `stormCases: storm`)
 * with its read models and deadlines built: the relay and the projector as their own processes,
 * the schedulers in this one, timed until every storm deadline is FIRED and its alert RAISED on
 * the alert topic. Figures: alerted and stored seconds, and the relay's and projector's peak RSS.
 */
export async function measureStorm(
  context: BenchContext,
  input: {
    databaseUrl: string;
    storm: number;
    /** What the database holds, for the notes. */
    seeded: string;
  },
): Promise<Figure[]> {
  const { databaseUrl, storm } = input;
  const prefix = `${context.topicPrefix}storm.`;
  const kafka = benchKafka(context, 'bench-deadline-storm');
  const apps: BenchProcess[] = [];
  const usages = new Map<string, ProcessUsage | undefined>();
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  const consumer = kafka.consumer({ groupId: `${prefix}alert-watch` });
  try {
    const { rows: stormRows } = await pool.query<{ deadline_id: string }>(
      // The storm is the check-ins; an older alert's escalation that falls due too (a priority-flagged
      // case escalates after half the window) fires beside it and is not counted as the storm.
      `SELECT deadline_id FROM public.deadlines WHERE status = 'PENDING' AND kind = 'CHECK_IN' AND fire_at <= $1`,
      [new Date(BENCH_AS_OF).toISOString()],
    );
    if (stormRows.length !== storm)
      throw new Error(`expected ${storm} due deadlines, found ${stormRows.length}`);
    // The seed just bulk-loaded gigabytes (at national scale 8.4 M events, 2.2 M deadlines): written
    // out now, so the storm is measured on a settled database rather than beside the load's write-back.
    await pool.query('CHECKPOINT');

    const env = {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: context.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      PROJECTOR_GROUP_ID: `${prefix}projector`,
      RELAY_OPS_PORT: '0',
      PROJECTOR_OPS_PORT: '0',
    };
    // The relay creates the topics, so it starts first.
    apps.push(await startApp('relay', env));
    apps.push(await startApp('projector', env));

    const raised = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}${TOPICS.missedCheckInAlerts}`, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const alert = JSON.parse(message.value?.toString() ?? '{}') as {
          alertId?: string;
          status?: string;
        };
        if (alert.status === 'RAISED' && alert.alertId) raised.add(alert.alertId);
      },
    });

    // Claims of 500: the scheduler records a claimed batch's misses together, so bigger batches
    // clear a storm faster (SCHEDULER_BATCH_SIZE in the environment overrides).
    const config = loadConfig({
      SCHEDULER_BATCH_SIZE: String(STORM_BATCH_SIZE),
      ...process.env,
      DATABASE_URL: databaseUrl,
    });
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
    const clock = new StormClock(BENCH_AS_OF);
    const firing = new FireDueDeadlines(
      dataSource,
      standaloneCaseRepository(dataSource, config, clock),
      clock,
      config,
    );
    const started = process.hrtime.bigint();
    let storedMs = Number.NaN;
    let alertedMs = Number.NaN;
    let stopped = false;
    const scheduler = async () => {
      while (!stopped) {
        const outcome = await firing.runOnce();
        if (outcome.claimed < config.SCHEDULER_BATCH_SIZE) await sleep(config.SCHEDULER_POLL_MS);
      }
    };
    const schedulers = Array.from({ length: SCHEDULER_INSTANCES }, scheduler);
    // Only the storm deadlines not yet seen fired are asked about again: the poll shares the two
    // cores with what it measures, and asking for all 50,000 every time cost Postgres 1.6 CPU s.
    let unfired = stormRows.map((row) => row.deadline_id);
    try {
      while (Number.isNaN(alertedMs)) {
        if (Number.isNaN(storedMs)) {
          const { rows } = await pool.query<{ deadline_id: string }>(
            `SELECT deadline_id FROM public.deadlines WHERE deadline_id = ANY($1::text[]) AND status = 'FIRED'`,
            [unfired],
          );
          const fired = new Set(rows.map((row) => row.deadline_id));
          unfired = unfired.filter((deadlineId) => !fired.has(deadlineId));
          if (unfired.length === 0) storedMs = elapsedMs(started);
        }
        if (raised.size >= storm) alertedMs = elapsedMs(started);
        if (elapsedMs(started) > TIME_LIMIT_MS)
          throw new Error(`storm not over after ${TIME_LIMIT_MS / 1000} s: ${raised.size} alerts`);
        await sleep(100);
      }
    } finally {
      stopped = true;
      await Promise.all(schedulers);
      await dataSource.destroy();
    }
    const { rows: missed } = await pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM events WHERE event_type = 'CheckInMissed' AND occurred_at >= $1`,
      [new Date(BENCH_AS_OF).toISOString()],
    );
    context.log(
      `deadline-storm: ${storm} stored in ${(storedMs / 1000).toFixed(1)} s, alerted in ${(alertedMs / 1000).toFixed(1)} s (${missed[0].count} CheckInMissed recorded)`,
    );
    for (const app of apps.splice(0).reverse()) usages.set(app.name, await app.stop());
    const notes =
      `${input.seeded}; ` +
      `${SCHEDULER_INSTANCES} scheduler instances (FireDueDeadlines, batch ${config.SCHEDULER_BATCH_SIZE}) in the bench process; ` +
      `relay and projector as their own processes; alerts counted on the alert topic.`;
    return [
      {
        name: `deadline storm: ${storm} missed check-ins stored and alerted`,
        unit: 's',
        value: round(alertedMs / 1000),
        goal: {
          description: 'every CheckInMissed stored and alerted within 30 s',
          met: alertedMs <= 30_000,
        },
        notes,
      },
      {
        name: `deadline storm: ${storm} missed check-ins stored`,
        unit: 's',
        value: round(storedMs / 1000),
        notes: `${round(storm / (storedMs / 1000))} deadlines/s fired; ${missed[0].count} CheckInMissed recorded in all.`,
      },
      ...[...usages].map(([name, usage]) =>
        peakRssFigure(
          `deadline storm: ${name}`,
          usage?.peakRssMb ?? Number.NaN,
          'read from /proc just before it stopped',
        ),
      ),
    ];
  } finally {
    await consumer.disconnect().catch(() => undefined);
    for (const app of apps.reverse()) await app.stop();
    await pool.end();
    await deleteTopicsWithPrefix(kafka, prefix);
  }
}
