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
  percentile,
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
 * outbox rows, audit) against a NestJS no-op route (bench/noop-server.ts) and a peer deciding with
 * Emmett, all driven by autocannon with the same connections, in turns (see measureInTurns).
 */
const CONNECTIONS = 16;

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  seconds: number;
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
    seconds: result.duration,
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

/**
 * A server under test. Every server of the suite runs for the whole suite, idle while another is
 * loaded, so the load can move between them in short turns (see measureInTurns).
 */
interface Server {
  url: string;
  headers: Record<string, string>;
  pathFor(index: number): string;
  /** CPU seconds so far of the processes that serve its requests, from /proc. */
  cpuSeconds(): number;
  /** The largest peak RSS among those processes. */
  peakRssMb(): number;
}

/** What the servers started so far need to stop: each stops its processes and drops its database. */
type Cleanups = (() => Promise<unknown>)[];

function usageOf(pids: readonly number[]): { cpuSeconds: number; peakRssMb: number } {
  const known = pids.map(readProcessUsage).filter((usage) => usage !== undefined);
  if (known.length === 0) return { cpuSeconds: Number.NaN, peakRssMb: Number.NaN };
  return {
    cpuSeconds: known.reduce((sum, usage) => sum + usage.cpuSeconds, 0),
    peakRssMb: Math.max(...known.map((usage) => usage.peakRssMb)),
  };
}

function serverOf(fields: Pick<Server, 'url' | 'headers' | 'pathFor'>, pids: readonly number[]): Server {
  return {
    ...fields,
    cpuSeconds: () => usageOf(pids).cpuSeconds,
    peakRssMb: () => usageOf(pids).peakRssMb,
  };
}

async function startCasetrailApi(
  context: BenchContext,
  cases: number,
  instances: number,
  cleanups: Cleanups,
): Promise<Server> {
  const database = await createBenchDatabase(context, `http${instances}`);
  cleanups.push(() => database.drop());
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
  );
  cleanups.push(() => api.stop());
  // Read now: the output kept is a tail, which the request logs soon push this line out of.
  const pids = instances === 1 ? [api.child.pid as number] : instancePids(api.output());
  return serverOf(
    {
      url: `http://127.0.0.1:${port}`,
      headers: { Authorization: `Bearer ${await benchToken(BENCH_CALLER)}` },
      pathFor: (index) => `/cases/${caseIds[index % caseIds.length]}/check-ins`,
    },
    pids,
  );
}

async function startNoop(cleanups: Cleanups): Promise<Server> {
  const port = await freePort();
  const server = await startBenchProcess(
    'noop-server',
    join(REPOSITORY_ROOT, 'dist', 'bench', 'noop-server.js'),
    { PORT: String(port) },
    /listening on port/,
  );
  cleanups.push(() => server.stop());
  return serverOf({ url: `http://127.0.0.1:${port}`, headers: {}, pathFor: () => '/noop' }, [
    server.child.pid as number,
  ]);
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
async function startEmmett(context: BenchContext, cases: number, cleanups: Cleanups): Promise<Server> {
  const database = await createBenchDatabase(context, 'http_emmett', { migrated: false });
  cleanups.push(() => database.drop());
  const port = await freePort();
  const caseIds = await withEmmettTypeParsers(() => seedEmmettCases(database.url, cases));
  const server = await startBenchProcess(
    'emmett-command-server',
    join(REPOSITORY_ROOT, 'dist', 'bench', 'emmett-command-server.js'),
    { PORT: String(port), DATABASE_URL: database.url },
    /listening on port/,
  );
  cleanups.push(() => server.stop());
  return serverOf(
    {
      url: `http://127.0.0.1:${port}`,
      headers: {},
      pathFor: (index) => `/cases/${caseIds[index % caseIds.length]}/check-ins`,
    },
    [server.child.pid as number],
  );
}

/** One server's load over every turn it was given. */
interface Tally extends Load {
  /** Its requests/s in each round, in order. */
  rounds: number[];
  /** CPU of its serving processes over its turns, per answered request. */
  cpuMsPerRequest: number;
}

/**
 * Warms each server up, then loads them in turns: in every round each server once, for
 * `roundSeconds`, the round's first server rotating. On the 2-core VMs this runs on, one api's
 * pace moved between 529 and 748 check-ins/s from one 4 s stretch to the next, and a freshly
 * started api answered 300 a second rising to 800 over its first 7 s: a baseline measured a minute
 * before or after its contender, from cold, compares two machines. Throughput: 2xx over all its
 * turns' time; p50 the median of its turns', p99 the highest.
 */
async function measureInTurns(
  servers: readonly Server[],
  { warmUpSeconds, roundSeconds, rounds }: { warmUpSeconds: number; roundSeconds: number; rounds: number },
): Promise<Tally[]> {
  const loadOf = (server: Server, seconds: number) =>
    hammer(server.url, seconds, server.headers, server.pathFor, checkInBody);
  for (const server of servers) await loadOf(server, warmUpSeconds);
  const turns = servers.map(() => ({ loads: [] as Load[], cpuSeconds: 0 }));
  for (let round = 0; round < rounds; round += 1) {
    for (let turn = 0; turn < servers.length; turn += 1) {
      const index = (round + turn) % servers.length;
      const cpuBefore = servers[index].cpuSeconds();
      turns[index].loads.push(await loadOf(servers[index], roundSeconds));
      turns[index].cpuSeconds += servers[index].cpuSeconds() - cpuBefore;
    }
  }
  return turns.map(({ loads, cpuSeconds }) => {
    const ok = loads.reduce((sum, load) => sum + load.ok, 0);
    const seconds = loads.reduce((sum, load) => sum + load.seconds, 0);
    return {
      requestsPerSecond: ok / seconds,
      p50: percentile(
        loads.map((load) => load.p50),
        50,
      ),
      p99: Math.max(...loads.map((load) => load.p99)),
      ok,
      failed: loads.reduce((sum, load) => sum + load.failed, 0),
      seconds,
      rounds: loads.map((load) => load.requestsPerSecond),
      cpuMsPerRequest: ok > 0 ? (cpuSeconds * 1000) / ok : Number.NaN,
    };
  });
}

/** A figure in milliseconds where lower is better: its ratio is the value over its baseline's. */
function costFigure(
  name: string,
  value: number,
  baseline: { name: string; value: number },
  notes: string,
): Figure {
  return {
    name,
    unit: 'ms',
    value,
    baseline,
    ratio: round(value / Math.max(baseline.value, 0.001), 3),
    notes: `${notes} (lower is better)`,
  };
}

/** Each round's ratio of two tallies, for the notes: how far the rounds agree. */
function roundRatios(value: Tally, baseline: Tally): string {
  return value.rounds.map((rate, index) => round(rate / baseline.rounds[index], 3)).join(', ');
}

const benchmark: Benchmark = {
  name: 'http',
  async run(context) {
    const turns = byScale(context, {
      smoke: { warmUpSeconds: 1, roundSeconds: 1, rounds: 1 },
      standard: { warmUpSeconds: 8, roundSeconds: 4, rounds: 3 },
    });
    const cases = byScale(context, { smoke: 100, standard: 2000 });
    const cleanups: Cleanups = [];
    try {
      const noopServer = await startNoop(cleanups);
      const apiServer = await startCasetrailApi(context, cases, 1, cleanups);
      const twoServer = await startCasetrailApi(context, cases, 2, cleanups);
      const emmettServer = await startEmmett(context, cases, cleanups);
      const [noop, api, two, emmett] = await measureInTurns(
        [noopServer, apiServer, twoServer, emmettServer],
        turns,
      );
      context.log(`  no-op route: ${round(noop.requestsPerSecond)} requests/s`);
      context.log(`  record a check-in: ${round(api.requestsPerSecond)} requests/s, ${api.failed} failed`);
      context.log(
        `  record a check-in, 2 api instances: ${round(two.requestsPerSecond)} requests/s, ${two.failed} failed`,
      );
      context.log(
        `  Emmett peer check-in: ${round(emmett.requestsPerSecond)} requests/s, ${emmett.failed} failed`,
      );
      const timing =
        `autocannon, ${CONNECTIONS} connections. The four servers (no-op, api, 2 api instances, Emmett peer) run ` +
        `together; each is warmed up for ${turns.warmUpSeconds} s, then loaded in turns, ${turns.rounds} round(s) ` +
        `of ${turns.roundSeconds} s each, so a ratio compares turns a few seconds apart; p50 is the median of the ` +
        'turns, p99 the highest.';
      const notes =
        `${timing} The command: POST /cases/:id/check-ins over ${cases} released cases in rotation ` +
        '(bearer token, class-validator DTO, snapshot load, decide, append with outbox rows, audit record). The ' +
        `baseline: a NestJS/Express route that parses the body and answers 201. Command: ${api.ok} 2xx, ` +
        `${api.failed} other; throughput counts 2xx only. Ratio by round: ${roundRatios(api, noop)}. The api ` +
        'runs with the per-address rate limit lifted (one generator stands in for many clients).';
      const figures: Figure[] = [
        throughputFigure({
          name: 'HTTP command throughput (record a check-in)',
          unit: 'requests/s',
          value: api.requestsPerSecond,
          baseline: { name: 'NestJS no-op route', value: noop.requestsPerSecond },
          goal: { description: '≥ 0.25 of the NestJS no-op route', minRatio: 0.25 },
          notes,
        }),
        throughputFigure({
          name: 'HTTP command throughput (record a check-in) vs a peer',
          unit: 'requests/s',
          value: api.requestsPerSecond,
          baseline: {
            name: 'the same NestJS route deciding with Emmett CommandHandler over emmett-postgresql',
            value: emmett.requestsPerSecond,
          },
          goal: { description: '≥ 1.5× the Emmett peer route', minRatio: 1.5 },
          notes:
            `Peer (bench/emmett-command-server.ts): the same DTO, ValidationPipe and domain decide/evolve; Emmett reads ` +
            `the stream and appends with the expected version. It does less than Casetrail's route: no token, office ` +
            `scope, idempotency, audit record or outbox. ${emmett.ok} 2xx, ${emmett.failed} other. Ratio by ` +
            `round: ${roundRatios(api, emmett)}.`,
        }),
        costFigure(
          'HTTP command latency p50',
          api.p50,
          { name: 'NestJS no-op route p50', value: noop.p50 },
          'ratio = command ÷ no-op; closed loop, so latency includes queueing',
        ),
        costFigure(
          'HTTP command latency p99',
          api.p99,
          { name: 'NestJS no-op route p99', value: noop.p99 },
          'ratio = command ÷ no-op; the highest of the turns',
        ),
        costFigure(
          'api process: CPU a request',
          round(api.cpuMsPerRequest, 3),
          { name: 'no-op server process', value: round(noop.cpuMsPerRequest, 3) },
          'CPU of the serving process over its turns (/proc), per 2xx answer. Emmett peer: ' +
            `${round(emmett.cpuMsPerRequest, 3)} ms; 2 api instances: ${round(two.cpuMsPerRequest, 3)} ms, summed ` +
            'over both.',
        ),
        peakRssFigure('api process', apiServer.peakRssMb()),
        {
          name: 'HTTP command throughput, 2 api instances (record a check-in)',
          unit: 'requests/s',
          value: round(two.requestsPerSecond),
          baseline: { name: '1 api instance', value: round(api.requestsPerSecond) },
          ratio: round(two.requestsPerSecond / api.requestsPerSecond, 3),
          notes:
            `API_INSTANCES=2 (Node cluster, one port), same load and cases. 2 instances: ${two.ok} 2xx, ` +
            `${two.failed} other. On a 2-core machine the load generator, Postgres and the broker share ` +
            'the cores with the instances, so the gain is bounded well below 2×.',
        },
        costFigure(
          'HTTP command latency p99, 2 api instances',
          two.p99,
          { name: '1 api instance p99', value: api.p99 },
          'ratio = 2 instances ÷ 1',
        ),
        peakRssFigure('api instance (of 2)', twoServer.peakRssMb(), 'the largest of the two instances'),
      ];
      return figures;
    } finally {
      // In reverse: each server stops before its database is dropped.
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    }
  },
};

export default benchmark;
