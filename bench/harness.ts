import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { migrate } from '@casetrail/database';
import { APP_READY_LINE, appScript, startNodeProcess, type AppName } from '@casetrail/testing';

/** What every benchmark gets from the runner: where to run, and how big. */
export interface BenchContext {
  scale: 'smoke' | 'standard' | 'national';
  databaseUrl: string;
  kafkaBrokers: string[];
  /** Prefix for every topic and consumer group a benchmark creates, unique to this run. */
  topicPrefix: string;
  log(line: string): void;
}

/** One measured number, with the baseline it was measured against in the same run. */
export interface Figure {
  name: string;
  unit: string;
  value: number;
  baseline?: { name: string; value: number };
  /** value / baseline.value, unless the figure says otherwise in `notes`. */
  ratio?: number;
  goal?: { description: string; met: boolean };
  notes?: string;
}

export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<Figure[]>;
}

/** Picks a size for the scale: smoke runs in seconds, standard in a minute or two, national at full size. */
export function byScale<T>(context: BenchContext, sizes: { smoke: T; standard: T; national?: T }): T {
  if (context.scale === 'national') return sizes.national ?? sizes.standard;
  return sizes[context.scale];
}

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database on the run's Postgres server, private to one benchmark. Migrated (Casetrail's
 * schema) unless `migrated: false`, e.g. for a peer library that creates its own tables.
 */
export async function createBenchDatabase(
  context: BenchContext,
  label: string,
  options: { migrated?: boolean } = {},
): Promise<BenchDatabase> {
  const name = `casetrail_bench_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const url = new URL(context.databaseUrl);
  url.pathname = `/${name}`;
  if (options.migrated === false) {
    await adminQuery(context.databaseUrl, `CREATE DATABASE "${name}"`);
  } else {
    await migrate(url.toString());
  }
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(context.databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds since `started` (from `process.hrtime.bigint()`). */
export function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs `fn` and returns how long it took in seconds, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { seconds: elapsedMs(started) / 1000, result };
}

/** Runs `count` tasks with at most `concurrency` in flight; `task(index)`. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * A throughput figure against its baseline, higher is better. `goalRatio`, if given, is the
 * minimum ratio the goals ask for.
 */
export function throughputFigure(input: {
  name: string;
  unit: string;
  value: number;
  baseline: { name: string; value: number };
  goal?: { description: string; minRatio?: number; minValue?: number };
  notes?: string;
}): Figure {
  const ratio = input.baseline.value > 0 ? input.value / input.baseline.value : Number.NaN;
  const figure: Figure = {
    name: input.name,
    unit: input.unit,
    value: round(input.value),
    baseline: { name: input.baseline.name, value: round(input.baseline.value) },
    ratio: round(ratio, 3),
  };
  if (input.goal) {
    const met =
      (input.goal.minRatio === undefined || ratio >= input.goal.minRatio) &&
      (input.goal.minValue === undefined || input.value >= input.goal.minValue);
    figure.goal = { description: input.goal.description, met };
  }
  if (input.notes) figure.notes = input.notes;
  return figure;
}

/** CPU seconds and peak resident memory of one process, as Linux counts them. */
export interface ProcessUsage {
  cpuSeconds: number;
  peakRssMb: number;
}

/** The memory goal every Casetrail process shares. */
const PEAK_RSS_GOAL_MB = 300;

/** A process's peak RSS against the shared goal; an unknown peak (NaN) misses it. */
export function peakRssFigure(name: string, peakRssMb: number, notes?: string): Figure {
  const figure: Figure = {
    name: `${name}: peak RSS`,
    unit: 'MB',
    value: round(peakRssMb, 1),
    goal: {
      description: `every process under ${PEAK_RSS_GOAL_MB} MB RSS`,
      met: peakRssMb < PEAK_RSS_GOAL_MB,
    },
  };
  if (notes) figure.notes = notes;
  return figure;
}

/** A Casetrail process's CPU over its whole life against a baseline's, then its peak RSS. */
export function processUsageFigures(input: {
  name: string;
  usage: ProcessUsage;
  baseline: { name: string; cpuSeconds: number };
  notes: string;
}): Figure[] {
  const { name, usage, baseline } = input;
  return [
    {
      name: `${name}: CPU`,
      unit: 'CPU s',
      value: round(usage.cpuSeconds),
      baseline: { name: baseline.name, value: round(baseline.cpuSeconds) },
      ratio: round(usage.cpuSeconds / baseline.cpuSeconds, 3),
      notes: input.notes,
    },
    peakRssFigure(name, usage.peakRssMb),
  ];
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Reads /proc/<pid>: user + system CPU (stat fields 14, 15) and the high-water mark of resident
 * memory (VmHWM). Read it before the process exits; a missing process reads as undefined.
 */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after it follow the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, peakRssMb: hwmKb / 1024 };
  } catch {
    return undefined;
  }
}

/** The benchmark process itself (its own driver code, clients and baselines included). */
export function ownUsage(): ProcessUsage {
  const usage = process.resourceUsage();
  return {
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMb: usage.maxRSS / 1024,
  };
}

export interface BenchProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** CPU and peak RSS so far (read from /proc while it runs). */
  usage(): ProcessUsage | undefined;
  /** Graceful stop (SIGTERM); returns the usage read just before the signal. */
  stop(): Promise<ProcessUsage | undefined>;
}

/** Runs a built app (dist/apps/<name>) as its own process and waits until it says it is ready. */
export function startApp(
  name: AppName,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<BenchProcess> {
  return startBenchProcess(name, appScript(name), env, APP_READY_LINE[name], timeoutMs);
}

/** Runs a Node script as its own process and waits for `ready` in its output. */
export async function startBenchProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 30_000,
): Promise<BenchProcess> {
  // Keep only the tail: a long benchmark must not grow the driver's memory with app logs.
  const started = await startNodeProcess(
    name,
    script,
    ready,
    { env, keptOutput: 64_000 },
    { timeoutMs, pollMs: 20 },
  );
  const { child } = started;
  const pid = child.pid as number;
  return {
    name,
    child,
    output: started.output,
    usage: () => readProcessUsage(pid),
    async stop() {
      const usage = readProcessUsage(pid);
      if (started.running()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await started.exited;
      clearTimeout(timer);
      return usage;
    },
  };
}

/** A unique run prefix for topics and consumer groups. */
export function uniqueTopicPrefix(): string {
  return `bench-${randomBytes(4).toString('hex')}.`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
