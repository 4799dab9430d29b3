import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, hostname, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ownUsage, round, uniqueTopicPrefix, type BenchContext, type Benchmark } from './harness';
import { REPOSITORY_ROOT } from '@casetrail/testing';
import { markdown, type Report, type SuiteResult } from './report-markdown';

/**
 * The benchmark suite: `node dist/bench/run.js [--scale smoke|standard|national] [--only name,…]`.
 * Every figure is measured against a baseline in the same run, on the same Postgres and broker,
 * and written to bench/reports/bench.json and bench.md (smoke runs: bench/reports/smoke/); a
 * national-scale run writes national.json and national.md instead, beside the standard report.
 *
 * Suites are listed explicitly: a module that does not exist (yet) is reported as skipped.
 */
const SUITES = [
  'append.bench',
  'bulk-load.bench',
  'projector.bench',
  'relay.bench',
  'rebuild.bench',
  'rebuild-emmett.bench',
  'end-to-end.bench',
  'http.bench',
  'deadline-storm.bench',
  'case-load.bench',
  'staffing.bench',
  'national.bench',
] as const;

type Scale = BenchContext['scale'];

function argument(name: string): string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  if (index >= 0) return args[index + 1];
  return args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
}

function scaleOf(value: string | undefined): Scale {
  const scale = value ?? 'standard';
  if (scale !== 'smoke' && scale !== 'standard' && scale !== 'national') {
    throw new Error(`scale must be smoke, standard or national, not "${scale}"`);
  }
  return scale;
}

async function loadSuite(name: string): Promise<Benchmark | undefined> {
  const file = join(__dirname, 'suites', `${name}.js`);
  const source = join(__dirname, 'suites', `${name}.ts`);
  if (!existsSync(file) && !existsSync(source)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(join(__dirname, 'suites', name)) as Record<string, unknown>;
  const benchmark = (loaded.default ?? loaded.benchmark) as Benchmark | undefined;
  if (!benchmark || typeof benchmark.run !== 'function') {
    throw new Error(`bench/suites/${name} exports no Benchmark (default or "benchmark")`);
  }
  return benchmark;
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function machine(databaseUrl: string, loadAtStart: string): Promise<Record<string, string | number>> {
  const cpu = cpus();
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  let postgres = 'unknown';
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    postgres = rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    host: hostname(),
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    ramGb: round(totalmem() / 1024 ** 3, 1),
    freeRamGbAtStart: round(freemem() / 1024 ** 3, 1),
    kernel: release(),
    node: process.version,
    postgres,
    kafka: kafkaVersion(),
    loadAverageAtStart: loadAtStart,
    // Both ends: on a shared machine, other work during the run shows here.
    loadAverageAtEnd: loadAverage(),
    gitCommit: gitCommit(),
  };
}

/** The broker version infra/kafka runs: from its jars, else from the pom it fetches them with. */
function kafkaVersion(): string {
  const root = REPOSITORY_ROOT;
  const libs = join(root, 'infra', 'kafka', '.run', 'libs');
  if (existsSync(libs)) {
    const jar = readdirSync(libs).find((file) => /^kafka_[\d.]+-[\d.]+\.jar$/.test(file));
    const version = jar && /-([\d.]+)\.jar$/.exec(jar)?.[1];
    if (version) return version;
  }
  const pom = join(root, 'infra', 'kafka', 'pom.xml');
  if (existsSync(pom)) {
    const version = /<kafka\.version>([^<]+)</.exec(readFileSync(pom, 'utf8'))?.[1];
    if (version) return `${version} (infra/kafka/pom.xml)`;
  }
  return 'unknown';
}

function gitCommit(): string {
  if (process.env.BENCH_GIT_COMMIT) return process.env.BENCH_GIT_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPOSITORY_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  // `--render bench/reports/bench.json` writes its markdown again (after editing goal-limits.ts).
  const render = argument('render');
  if (render) {
    const report = JSON.parse(readFileSync(render, 'utf8')) as Report;
    writeFileSync(render.replace(/\.json$/, '.md'), markdown(report));
    return;
  }
  const scale = scaleOf(argument('scale') ?? process.env.BENCH_SCALE);
  const only = (argument('only') ?? process.env.BENCH_ONLY)?.split(',').filter(Boolean);
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casetrail';
  const kafkaBrokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString()}] ${line}\n`);
  const context: BenchContext = { scale, databaseUrl, kafkaBrokers, topicPrefix: uniqueTopicPrefix(), log };
  log(`scale ${scale}, topic prefix ${context.topicPrefix}`);

  const results: SuiteResult[] = [];
  for (const name of SUITES) {
    if (only && !only.some((wanted) => name.startsWith(wanted))) continue;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let benchmark: Benchmark | undefined;
    try {
      benchmark = await loadSuite(name);
    } catch (error) {
      results.push({ suite: name, status: 'failed', seconds: 0, figures: [], error: describe(error) });
      continue;
    }
    if (!benchmark) {
      log(`${name}: not present, skipped`);
      results.push({ suite: name, status: 'skipped', seconds: 0, figures: [], error: 'module not present' });
      continue;
    }
    log(`${benchmark.name}: running`);
    try {
      const figures = await benchmark.run({
        ...context,
        topicPrefix: `${context.topicPrefix}${name.replace(/\W/g, '-')}.`,
      });
      results.push({ suite: benchmark.name, status: 'ok', seconds: seconds(), figures });
      for (const figure of figures) {
        const against = figure.baseline
          ? ` vs ${figure.baseline.value} (${figure.baseline.name}), ratio ${figure.ratio}`
          : '';
        log(`  ${figure.name}: ${figure.value} ${figure.unit}${against}`);
      }
    } catch (error) {
      log(`${benchmark.name}: FAILED ${describe(error)}`);
      results.push({
        suite: benchmark.name,
        status: 'failed',
        seconds: seconds(),
        figures: [],
        error: describe(error),
      });
    }
  }

  const usage = ownUsage();
  const national = scale === 'national';
  const report: Report = {
    title: national ? 'Casetrail national-scale benchmark report' : 'Casetrail benchmark report',
    scale,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: await machine(databaseUrl, loadAtStart),
    suites: results,
    runner: { cpuSeconds: round(usage.cpuSeconds), peakRssMb: round(usage.peakRssMb, 1) },
  };
  const dir =
    process.env.BENCH_REPORT_DIR ??
    join(REPOSITORY_ROOT, 'bench', 'reports', scale === 'smoke' ? 'smoke' : '');
  mkdirSync(dir, { recursive: true });
  const file = national ? 'national' : 'bench';
  writeFileSync(join(dir, `${file}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `${file}.md`), markdown(report));
  log(`report: ${join(dir, `${file}.md`)}`);
  const failed = results.filter((result) => result.status === 'failed');
  if (failed.length > 0) {
    log(`failed: ${failed.map((result) => result.suite).join(', ')}`);
    process.exitCode = 1;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// Exits explicitly: a suite's stray client or timer must not keep a finished run alive.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${describe(error)}\n`);
    process.exit(1);
  },
);
