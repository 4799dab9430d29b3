import { Agent, request as httpRequest } from 'node:http';
import { Pool } from 'pg';
import { TOPICS } from '@casetrail/contracts';
import { benchKafka, deleteTopicsWithPrefix } from '../kafka';
import {
  byScale,
  createBenchDatabase,
  peakRssFigure,
  percentile,
  round,
  sleep,
  startApp,
  type BenchContext,
  type BenchProcess,
  type Benchmark,
  type Figure,
} from '../harness';
import { freePort } from '@casetrail/testing';
import { BENCH_CALLER, benchToken, projectHistories, seedReleasedCases, seedRoster } from '../system';

/**
 * End to end at fixed open-loop rates: commands are sent on a fixed schedule whatever the
 * responses do, through the api, relay and projector as separate processes on one Postgres and
 * one broker. For each command: when it was accepted (2xx), when its event was visible in the
 * read model, and, for every tenth (a check-in on a case with an open missed-check-in alert), when
 * the RESOLVED alert arrived on `alerts.missed-check-in.v1`.
 */
const ALERTING_EVERY = 10;
/** How often the read model is polled for the commands not yet visible: the resolution of that figure. */
const POLL_MS = 10;
const MAX_CONNECTIONS = 64;

/** POSTs JSON with a bearer token; never throws (a failure is in the outcome). */
function postJson(
  agent: Agent,
  port: number,
  path: string,
  token: string,
  payload: unknown,
): Promise<{ status: number; body?: unknown; error?: string }> {
  const body = JSON.stringify(payload);
  return new Promise((resolve) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown });
          } catch {
            resolve({ status: response.statusCode ?? 0 });
          }
        });
      },
    );
    request.on('error', (error) => resolve({ status: 0, error: error.name }));
    request.end(body);
  });
}

interface Command {
  caseId: string;
  alerting: boolean;
  sentAt: number;
  acceptedAt?: number;
  version?: number;
  failed?: string;
  visibleAt?: number;
  alertAt?: number;
}

interface Rate {
  perSecond: number;
  seconds: number;
}

interface PhaseResult {
  rate: Rate;
  commands: Command[];
  /** Commands actually sent per second (the schedule can slip if the driver itself is starved). */
  sentPerSecond: number;
}

async function startSystem(
  context: BenchContext,
  databaseUrl: string,
  port: number,
): Promise<BenchProcess[]> {
  const common = {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: context.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: context.topicPrefix,
    PROJECTOR_GROUP_ID: `${context.topicPrefix}projector`,
  };
  const started: BenchProcess[] = [];
  try {
    started.push(await startApp('projector', { ...common, PROJECTOR_OPS_PORT: '0' }));
    started.push(await startApp('relay', { ...common, RELAY_OPS_PORT: '0' }));
    // One load generator stands in for many clients: the per-address limit would answer it 429.
    started.push(
      await startApp('api', { ...common, PORT: String(port), RATE_LIMIT_PER_MINUTE: '100000000' }),
    );
    return started;
  } catch (error) {
    for (const app of started.reverse()) await app.stop();
    throw error;
  }
}

async function runPhase(
  rate: Rate,
  send: (command: Command) => Promise<void>,
  nextCase: (alerting: boolean) => string,
): Promise<PhaseResult> {
  const total = Math.round(rate.perSecond * rate.seconds);
  const commands: Command[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  while (commands.length < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - started) / 1000) * rate.perSecond) + 1);
    while (commands.length < due) {
      const alerting = commands.length % ALERTING_EVERY === ALERTING_EVERY - 1;
      const command: Command = { caseId: nextCase(alerting), alerting, sentAt: performance.now() };
      commands.push(command);
      inFlight.push(send(command));
    }
    await sleep(1);
  }
  const sentPerSecond = total / ((performance.now() - started) / 1000);
  await Promise.all(inFlight);
  return { rate, commands, sentPerSecond };
}

const benchmark: Benchmark = {
  name: 'end to end',
  async run(context) {
    const rates: Rate[] = byScale(context, {
      smoke: [{ perSecond: 20, seconds: 2 }],
      standard: [
        { perSecond: 200, seconds: 8 },
        { perSecond: 1000, seconds: 5 },
      ],
    });
    const warmUp: Rate = byScale(context, {
      smoke: { perSecond: 10, seconds: 1 },
      standard: { perSecond: 50, seconds: 3 },
    });
    const alertingNeeded = [warmUp, ...rates].reduce(
      (sum, rate) => sum + Math.ceil((rate.perSecond * rate.seconds) / ALERTING_EVERY),
      0,
    );
    const plainCases = byScale(context, { smoke: 30, standard: 5000 });
    const settleMs = byScale(context, { smoke: 20_000, standard: 30_000 });

    const database = await createBenchDatabase(context, 'end_to_end');
    const kafka = benchKafka(context, 'bench-e2e');
    const pool = new Pool({
      connectionString: database.url,
      max: 3,
      options: '-c search_path=read_models,public',
    });
    let apps: BenchProcess[] = [];
    let agent: Agent | undefined;
    const consumer = kafka.consumer({ groupId: `${context.topicPrefix}alert-watch`, maxWaitTimeInMs: 50 });
    try {
      await seedRoster(database.url);
      const plain = await seedReleasedCases(database.url, plainCases);
      const alerting = await seedReleasedCases(database.url, alertingNeeded, {
        missedCheckIn: true,
        firstIndex: plainCases,
      });
      await projectHistories(database.url, [...plain, ...alerting]);
      context.log(
        `  seeded ${plain.length} released cases and ${alerting.length} with an open missed-check-in alert`,
      );

      const port = await freePort();
      apps = await startSystem(context, database.url, port);
      const token = await benchToken(BENCH_CALLER);
      // Bounded, kept-alive connections, as a load balancer in front of the api would hold; a
      // command waiting for a free one counts that wait in its latency (open loop).
      const connections = new Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS });
      agent = connections;

      const byCase = new Map<string, Command[]>();
      await consumer.connect();
      await consumer.subscribe({ topics: [`${context.topicPrefix}${TOPICS.missedCheckInAlerts}`] });
      const joined = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const alert = JSON.parse(message.value?.toString() ?? '{}') as { caseId?: string; status?: string };
          if (alert.status !== 'RESOLVED' || !alert.caseId) return;
          const command = byCase
            .get(alert.caseId)
            ?.find((candidate) => candidate.alerting && !candidate.alertAt);
          if (command) command.alertAt = performance.now();
        },
      });
      await joined;

      const send = async (command: Command) => {
        const list = byCase.get(command.caseId) ?? [];
        list.push(command);
        byCase.set(command.caseId, list);
        const outcome = await postJson(connections, port, `/cases/${command.caseId}/check-ins`, token, {
          checkedInAt: new Date(Date.now() - 1000).toISOString(),
          method: 'PHONE',
        });
        const version = (outcome.body as { version?: unknown } | undefined)?.version;
        if (outcome.status >= 200 && outcome.status < 300 && typeof version === 'number') {
          command.acceptedAt = performance.now();
          command.version = version;
        } else {
          command.failed = outcome.status ? `HTTP ${outcome.status}` : (outcome.error ?? 'error');
        }
      };

      // Watches the read model for every accepted command not yet visible.
      let watching = true;
      const pending = new Set<Command>();
      const watcher = (async () => {
        while (watching) {
          const waiting = [...pending].filter((command) => command.version !== undefined);
          if (waiting.length > 0) {
            const { rows } = await pool.query<{ case_id: string; stream_version: number }>(
              'SELECT case_id, stream_version FROM case_summaries WHERE case_id = ANY($1::uuid[])',
              [[...new Set(waiting.map((command) => command.caseId))]],
            );
            const now = performance.now();
            const versions = new Map(rows.map((row) => [row.case_id, row.stream_version]));
            for (const command of waiting) {
              if ((versions.get(command.caseId) ?? 0) >= (command.version ?? Infinity)) {
                command.visibleAt = now;
                pending.delete(command);
              }
            }
          }
          await sleep(POLL_MS);
        }
      })();
      const tracked = async (command: Command) => {
        pending.add(command);
        await send(command);
        if (command.failed) pending.delete(command);
      };

      let plainTurn = 0;
      let alertingTurn = 0;
      const nextCase = (isAlerting: boolean) =>
        isAlerting
          ? alerting[alertingTurn++ % alerting.length].caseId
          : plain[plainTurn++ % plain.length].caseId;

      // Not reported: lets the JIT, pools and connections of every process settle first.
      await runPhase(warmUp, tracked, nextCase);
      await sleep(1000);
      const figures: Figure[] = [];
      for (const rate of rates) {
        const phase = await runPhase(rate, tracked, nextCase);
        const settleBy = performance.now() + settleMs;
        const unsettled = () =>
          phase.commands.some(
            (command) => !command.failed && (!command.visibleAt || (command.alerting && !command.alertAt)),
          );
        while (unsettled() && performance.now() < settleBy) await sleep(50);
        figures.push(...phaseFigures(phase, settleMs));
        context.log(
          `  ${rate.perSecond}/s: ${figures
            .slice(-5)
            .map((figure) => `${figure.name.split(', ').pop()} ${figure.value}`)
            .join('; ')}`,
        );
      }
      watching = false;
      await watcher;
      for (const app of apps) {
        const usage = app.usage();
        figures.push(
          peakRssFigure(
            `${app.name} process (end to end)`,
            usage?.peakRssMb ?? Number.NaN,
            `CPU ${round(usage?.cpuSeconds ?? Number.NaN)} s over the whole run, start-up included`,
          ),
        );
      }
      return figures;
    } finally {
      agent?.destroy();
      await consumer.disconnect().catch(() => undefined);
      for (const app of apps.reverse()) await app.stop();
      await pool.end();
      await deleteTopicsWithPrefix(kafka, context.topicPrefix);
      await database.drop();
    }
  },
};

function phaseFigures(phase: PhaseResult, settleMs: number): Figure[] {
  const { rate, commands } = phase;
  const label = `${rate.perSecond} commands/s for ${rate.seconds} s`;
  const accepted = commands.filter((command) => command.acceptedAt !== undefined);
  const failed = commands.length - accepted.length;
  const toProjection = accepted.map((command) => (command.visibleAt ?? Infinity) - (command.acceptedAt ?? 0));
  const alerting = accepted.filter((command) => command.alerting);
  const toAlert = alerting.map((command) => (command.alertAt ?? Infinity) - (command.acceptedAt ?? 0));
  const httpLatency = accepted.map((command) => (command.acceptedAt ?? 0) - command.sentAt);
  const notVisible = toProjection.filter((ms) => !Number.isFinite(ms)).length;
  const noAlert = toAlert.filter((ms) => !Number.isFinite(ms)).length;
  const ms = (value: number) => (Number.isFinite(value) ? round(value, 1) : Number.MAX_SAFE_INTEGER);
  const reasons = new Map<string, number>();
  for (const command of commands) {
    if (command.failed) reasons.set(command.failed, (reasons.get(command.failed) ?? 0) + 1);
  }
  const failures = [...reasons].map(([reason, count]) => `${count} ${reason}`).join(', ');
  const common =
    `Open loop: ${commands.length} check-ins sent at ${round(phase.sentPerSecond, 1)}/s (target ${rate.perSecond}/s), ` +
    `${accepted.length} accepted, ${failed} failed${failures ? ` (${failures})` : ''}. Read model polled every ${POLL_MS} ms. ` +
    `A value of ${Number.MAX_SAFE_INTEGER} means more than 1% never arrived within ${settleMs / 1000} s.`;
  const atGoalRate = rate.perSecond === 1000;
  return [
    {
      name: `end to end, ${label}, accepted → projection visible p50`,
      unit: 'ms',
      value: ms(percentile(toProjection, 50)),
      notes: common,
    },
    {
      name: `end to end, ${label}, accepted → projection visible p99`,
      unit: 'ms',
      value: ms(percentile(toProjection, 99)),
      goal: atGoalRate
        ? {
            description: 'p99 < 250 ms to projection at 1,000 commands/s',
            met: percentile(toProjection, 99) < 250 && failed === 0,
          }
        : undefined,
      notes: `${notVisible} accepted commands never became visible. ${common}`,
    },
    {
      name: `end to end, ${label}, accepted → alert on the topic p50`,
      unit: 'ms',
      value: ms(percentile(toAlert, 50)),
      notes: `Every ${ALERTING_EVERY}th command resolves an open missed-check-in alert (${alerting.length} alerts).`,
    },
    {
      name: `end to end, ${label}, accepted → alert on the topic p99`,
      unit: 'ms',
      value: ms(percentile(toAlert, 99)),
      goal: atGoalRate
        ? {
            description: 'p99 < 500 ms to alert at 1,000 commands/s',
            met: percentile(toAlert, 99) < 500 && failed === 0,
          }
        : undefined,
      notes: `${noAlert} alerts never arrived.`,
    },
    {
      name: `end to end, ${label}, sent → accepted (HTTP) p99`,
      unit: 'ms',
      value: ms(percentile(httpLatency, 99)),
      notes: `p50 ${ms(percentile(httpLatency, 50))} ms. Add it to the figures above for sent → visible.`,
    },
  ];
}

export default benchmark;
