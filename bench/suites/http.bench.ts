import { join } from 'node:path';
import autocannon from 'autocannon';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { appScript, freePort, REPOSITORY_ROOT } from '@casetrail/testing';
import { withEmmettTypeParsers } from '../baselines/emmett-type-parsers';
import { toEmmettEvent } from '../emmett-command-server';
import {
  byScale,
  createBenchDatabase,
  peakRssFigure,
  processUsageFigures,
  readProcessUsage,
  round,
  startApp,
  startBenchProcess,
  throughputFigure,
  type BenchContext,
  type Benchmark,
  type Figure,
} from '../harness';
import { BENCH_CALLER, benchToken, seedReleasedCases, seedRoster } from '../system';
import { caseHistory } from '../workload';

/**
 * HTTP: a full command through apps/api (authenticate, validate, load, decide, append with the
 * outbox rows, audit) against a NestJS no-op route (bench/noop-server.ts), both driven by
 * autocannon with the same connections and duration.
 */
const CONNECTIONS = 16;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

async function hammer(
  url: string,
  seconds: number,
  headers: Record<string, string>,
  pathFor: (index: number) => string,
  body: () => string,
): Promise<Load> {
  let sent = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => {
          sent += 1;
          return { ...request, path: pathFor(sent), body: body() };
        },
      },
    ],
  });
  return {
    // Answered commands only: a 4xx/5xx is not a command done.
    requestsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/** A check-in a second ago: valid business time, never in the future. */
function checkInBody(): string {
  return JSON.stringify({ checkedInAt: new Date(Date.now() - 1000).toISOString(), method: 'PHONE' });
}

/** The api as `instances` processes (API_INSTANCES); with several, waits until all listen. */
function startApi(env: Record<string, string>, instances: number) {
  if (instances === 1) return startApp('api', { ...env, API_INSTANCES: '1' });
  return startBenchProcess(
    'api',
    appScript('api'),
    { ...env, API_INSTANCES: String(instances) },
    new RegExp(`all ${instances} api instances listening`),
    60_000,
  );
}

/** The instances' processes (the cluster primary's log names them), for their CPU and memory. */
function instancePids(output: string): number[] {
  const line = output.split('\n').find((text) => text.includes('api instances listening'));
  return line ? ((JSON.parse(line) as { pids?: number[] }).pids ?? []) : [];
}

async function measureApi(context: BenchContext, seconds: number, cases: number, instances = 1) {
  const database = await createBenchDatabase(context, `http${instances}`);
  const port = await freePort();
  await seedRoster(database.url);
  const caseIds = (await seedReleasedCases(database.url, cases)).map((history) => history.caseId);
  const api = await startApi(
    {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: context.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: context.topicPrefix,
      PORT: String(port),
      // One load generator stands in for many clients: the per-address limit would answer it 429.
      RATE_LIMIT_PER_MINUTE: '100000000',
      // BENCH_CPU_PROF_DIR: the api writes a CPU profile there when it stops (where a goal is limited).
      ...(process.env.BENCH_CPU_PROF_DIR
        ? { NODE_OPTIONS: `--require ${join(REPOSITORY_ROOT, 'dist', 'bench', 'cpu-profile.js')}` }
        : {}),
    },
    instances,
  ).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  // Read now: the output kept is a tail, which the request logs soon push this line out of.
  const pids = instances === 1 ? [] : instancePids(api.output());
  try {
    const headers = { Authorization: `Bearer ${await benchToken(BENCH_CALLER)}` };
    const pathFor = (index: number) => `/cases/${caseIds[index % caseIds.length]}/check-ins`;
    await hammer(`http://127.0.0.1:${port}`, Math.min(2, seconds), headers, pathFor, checkInBody);
    const load = await hammer(`http://127.0.0.1:${port}`, seconds, headers, pathFor, checkInBody);
    // With several instances: CPU summed over them, peak RSS of the largest (each is a process).
    const usages = instances === 1 ? [api.usage()] : pids.map(readProcessUsage);
    const known = usages.filter((usage) => usage !== undefined);
    return {
      load,
      cpuSeconds: known.length > 0 ? known.reduce((sum, usage) => sum + usage.cpuSeconds, 0) : Number.NaN,
      peakRssMb: known.length > 0 ? Math.max(...known.map((usage) => usage.peakRssMb)) : Number.NaN,
    };
  } finally {
    await api.stop();
    await database.drop();
  }
}

async function measureNoop(seconds: number) {
  const port = await freePort();
  const server = await startBenchProcess(
    'noop-server',
    join(REPOSITORY_ROOT, 'dist', 'bench', 'noop-server.js'),
    { PORT: String(port) },
    /listening on port/,
  );
  try {
    const url = `http://127.0.0.1:${port}`;
    const body = () => checkInBody();
    await hammer(url, Math.min(2, seconds), {}, () => '/noop', body);
    const load = await hammer(url, seconds, {}, () => '/noop', body);
    const usage = server.usage();
    return { load, cpuSeconds: usage?.cpuSeconds ?? Number.NaN };
  } finally {
    await server.stop();
  }
}

/** The same released cases in Emmett's event store, as its own streams. */
async function seedEmmettCases(databaseUrl: string, count: number): Promise<string[]> {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const store = getPostgreSQLEventStore(databaseUrl, { connectionOptions: { pool } });
  try {
    await store.schema.migrate();
    const caseIds: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const history = caseHistory(index, 4);
      await store.appendToStream(history.caseId, history.events.map(toEmmettEvent), {
        expectedStreamVersion: STREAM_DOES_NOT_EXIST,
      });
      caseIds.push(history.caseId);
    }
    return caseIds;
  } finally {
    await store.close();
    await pool.end().catch(() => undefined);
  }
}

/** The peer: the same route deciding with Emmett's CommandHandler over emmett-postgresql. */
async function measureEmmett(context: BenchContext, seconds: number, cases: number) {
  const database = await createBenchDatabase(context, 'http_emmett', { migrated: false });
  const port = await freePort();
  try {
    const caseIds = await withEmmettTypeParsers(() => seedEmmettCases(database.url, cases));
    const server = await startBenchProcess(
      'emmett-command-server',
      join(REPOSITORY_ROOT, 'dist', 'bench', 'emmett-command-server.js'),
      { PORT: String(port), DATABASE_URL: database.url },
      /listening on port/,
    );
    try {
      const url = `http://127.0.0.1:${port}`;
      const pathFor = (index: number) => `/cases/${caseIds[index % caseIds.length]}/check-ins`;
      await hammer(url, Math.min(2, seconds), {}, pathFor, checkInBody);
      const load = await hammer(url, seconds, {}, pathFor, checkInBody);
      const usage = server.usage();
      return { load, cpuSeconds: usage?.cpuSeconds ?? Number.NaN };
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}

const benchmark: Benchmark = {
  name: 'http',
  async run(context) {
    const seconds = byScale(context, { smoke: 1, standard: 10 });
    const cases = byScale(context, { smoke: 100, standard: 2000 });
    const noop = await measureNoop(seconds);
    context.log(`  no-op route: ${round(noop.load.requestsPerSecond)} requests/s`);
    const api = await measureApi(context, seconds, cases);
    context.log(
      `  record a check-in: ${round(api.load.requestsPerSecond)} requests/s, ${api.load.failed} failed`,
    );
    const two = await measureApi(context, seconds, cases, 2);
    context.log(
      `  record a check-in, 2 api instances: ${round(two.load.requestsPerSecond)} requests/s, ${two.load.failed} failed`,
    );
    const emmett = await measureEmmett(context, seconds, cases);
    context.log(
      `  Emmett peer check-in: ${round(emmett.load.requestsPerSecond)} requests/s, ${emmett.load.failed} failed`,
    );
    const notes =
      `autocannon, ${CONNECTIONS} connections, ${seconds} s after a warm-up. The command: POST ` +
      `/cases/:id/check-ins over ${cases} released cases in rotation (bearer token, class-validator DTO, snapshot ` +
      'load, decide, append with outbox rows, audit record). The baseline: a NestJS/Express route that parses ' +
      `the body and answers 201. Command: ${api.load.ok} 2xx, ${api.load.failed} other; throughput counts 2xx ` +
      'only. The api runs with the per-address rate limit lifted (one generator stands in for many clients).';
    const figures: Figure[] = [
      throughputFigure({
        name: 'HTTP command throughput (record a check-in)',
        unit: 'requests/s',
        value: api.load.requestsPerSecond,
        baseline: { name: 'NestJS no-op route', value: noop.load.requestsPerSecond },
        goal: { description: '≥ 0.25 of the NestJS no-op route', minRatio: 0.25 },
        notes,
      }),
      throughputFigure({
        name: 'HTTP command throughput (record a check-in) vs a peer',
        unit: 'requests/s',
        value: api.load.requestsPerSecond,
        baseline: {
          name: 'the same NestJS route deciding with Emmett CommandHandler over emmett-postgresql',
          value: emmett.load.requestsPerSecond,
        },
        goal: { description: '≥ 1.5× the Emmett peer route', minRatio: 1.5 },
        notes:
          `Peer (bench/emmett-command-server.ts): the same DTO, ValidationPipe and domain decide/evolve; Emmett reads ` +
          `the stream and appends with the expected version. It does less than Casetrail's route: no token, office ` +
          `scope, idempotency, audit record or outbox. ${emmett.load.ok} 2xx, ${emmett.load.failed} other.`,
      }),
      {
        name: 'HTTP command latency p50',
        unit: 'ms',
        value: api.load.p50,
        baseline: { name: 'NestJS no-op route p50', value: noop.load.p50 },
        ratio: round(api.load.p50 / Math.max(noop.load.p50, 0.001), 3),
        notes: 'ratio = command ÷ no-op (lower is better); closed loop, so latency includes queueing',
      },
      {
        name: 'HTTP command latency p99',
        unit: 'ms',
        value: api.load.p99,
        baseline: { name: 'NestJS no-op route p99', value: noop.load.p99 },
        ratio: round(api.load.p99 / Math.max(noop.load.p99, 0.001), 3),
        notes: 'ratio = command ÷ no-op (lower is better)',
      },
      ...processUsageFigures({
        name: 'api process',
        usage: api,
        baseline: { name: 'no-op server process', cpuSeconds: noop.cpuSeconds },
        notes: 'whole process life: start-up, warm-up and measured run',
      }),
      {
        name: 'HTTP command throughput, 2 api instances (record a check-in)',
        unit: 'requests/s',
        value: round(two.load.requestsPerSecond),
        baseline: { name: '1 api instance', value: round(api.load.requestsPerSecond) },
        ratio: round(two.load.requestsPerSecond / api.load.requestsPerSecond, 3),
        notes:
          `API_INSTANCES=2 (Node cluster, one port), same load and cases. 2 instances: ${two.load.ok} 2xx, ` +
          `${two.load.failed} other. On a 2-core machine the load generator, Postgres and the broker share ` +
          'the cores with the instances, so the gain is bounded well below 2×.',
      },
      {
        name: 'HTTP command latency p99, 2 api instances',
        unit: 'ms',
        value: two.load.p99,
        baseline: { name: '1 api instance p99', value: api.load.p99 },
        ratio: round(two.load.p99 / Math.max(api.load.p99, 0.001), 3),
        notes: 'ratio = 2 instances ÷ 1 (lower is better)',
      },
      peakRssFigure('api instance (of 2)', two.peakRssMb, 'the largest of the two instances'),
    ];
    return figures;
  },
};

export default benchmark;
