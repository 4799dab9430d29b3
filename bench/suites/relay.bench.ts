import { Pool } from 'pg';
import { TOPICS, type CaseEventMessage } from '@casetrail/contracts';
import { benchKafka, benchProducer, createTopic, deleteTopicsWithPrefix } from '../kafka';
import {
  byScale,
  createBenchDatabase,
  elapsedMs,
  ownUsage,
  round,
  sleep,
  startApp,
  processUsageFigures,
  throughputFigure,
  type BenchContext,
  type BenchDatabase,
  type Benchmark,
  type Figure,
} from '../harness';
import { caseEventHeaders, caseEventMessages, caseHistory } from '../workload';

/**
 * The relay (apps/relay, its own process; then two and three sharing the shards) draining an outbox backlog to Kafka, against a raw
 * kafkajs producer loop sending the same messages, in the same chunk size, with the same producer
 * settings (idempotent, one request in flight, acks from all in-sync replicas).
 */
const PARTITIONS = 6;
/** apps/relay's batch size: the baseline sends chunks of the same size. */
const RELAY_BATCH = 500;
/** The outbox shards the relays share (the default RELAY_SHARDS). */
const SHARDS = 12;
/** How many relays share the outbox in each run. */
const RELAY_COUNTS = [1, 2, 3];

function workload(count: number): CaseEventMessage[] {
  const messages: CaseEventMessage[] = [];
  for (let index = 0; messages.length < count; index += 1)
    messages.push(...caseEventMessages(caseHistory(index, 8)));
  return messages.slice(0, count);
}

/**
 * The outbox rows the command path would have written for these events, committed at once (the
 * relays, already running, see the whole backlog together); resolves at the commit.
 */
async function seedOutbox(database: BenchDatabase, messages: CaseEventMessage[]): Promise<void> {
  const pool = new Pool({ connectionString: database.url, max: 1 });
  try {
    await pool.query('BEGIN');
    for (let start = 0; start < messages.length; start += 2000) {
      const chunk = messages.slice(start, start + 2000);
      await pool.query(
        `INSERT INTO outbox (topic, message_key, payload, headers)
         SELECT * FROM unnest($1::text[], $2::text[], $3::json[], $4::jsonb[])`,
        [
          chunk.map(() => TOPICS.caseEvents),
          chunk.map((message) => message.caseId),
          chunk.map((message) => JSON.stringify(message)),
          chunk.map((message) => JSON.stringify(caseEventHeaders(message))),
        ],
      );
    }
    await pool.query('COMMIT');
  } finally {
    await pool.end();
  }
}

/** Waits until `relays` relays own every shard between them, each its fair share. */
async function waitForBalancedShards(pool: Pool, relays: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await pool.query<{ owned: number }>(
      `SELECT count(*)::int AS owned FROM outbox_shard_leases
       WHERE owner IS NOT NULL AND expires_at > clock_timestamp() GROUP BY owner`,
    );
    const owned = rows.map((row) => row.owned);
    if (owned.length === relays && owned.reduce((sum, count) => sum + count, 0) === SHARDS) {
      if (Math.max(...owned) - Math.min(...owned) <= 1) return;
    }
    if (Date.now() > deadline) throw new Error(`${relays} relays did not share the shards in time`);
    await sleep(50);
  }
}

/**
 * `relays` relay processes sharing the outbox's shards: started on an empty outbox, left to share
 * the shards, then the backlog committed at once; timed from the commit to an empty outbox.
 */
async function casetrailRelays(
  context: BenchContext,
  database: BenchDatabase,
  messages: CaseEventMessage[],
  relays: number,
): Promise<{ messagesPerSecond: number; cpuSeconds: number; peakRssMb: number }> {
  const prefix = `${context.topicPrefix}ct${relays}.`;
  const kafka = benchKafka(context, 'bench-relay-admin');
  // Created before the relays start, so their start-up does not include creating topics.
  await createTopic(kafka, `${prefix}${TOPICS.caseEvents}`, PARTITIONS);
  const pool = new Pool({ connectionString: database.url, max: 1 });
  const started: Awaited<ReturnType<typeof startApp>>[] = [];
  try {
    for (let index = 0; index < relays; index += 1) {
      started.push(
        await startApp('relay', {
          DATABASE_URL: database.url,
          KAFKA_BROKERS: context.kafkaBrokers.join(','),
          KAFKA_TOPIC_PREFIX: prefix,
          CASE_EVENTS_PARTITIONS: String(PARTITIONS),
          RELAY_OPS_PORT: '0',
          RELAY_SHARDS: String(SHARDS),
        }),
      );
    }
    await waitForBalancedShards(pool, relays);
    await seedOutbox(database, messages);
    const committed = process.hrtime.bigint();
    for (;;) {
      // Only whether a row is left, found by the primary key. Counting the rows scanned the whole
      // backlog every 20 ms: a Postgres backend busy for about half the drain (1.2 of 2.6 s with
      // one relay), competing for the two cores with the relays it timed.
      const { rows } = await pool.query('SELECT id FROM outbox ORDER BY id LIMIT 1');
      if (rows.length === 0) break;
      if (elapsedMs(committed) > 600_000) throw new Error('the relays did not drain the outbox in time');
      await sleep(20);
    }
    const seconds = Number(process.hrtime.bigint() - committed) / 1e9;
    const usages = started.map((relay) => relay.usage());
    return {
      messagesPerSecond: messages.length / seconds,
      cpuSeconds: usages.reduce((sum, usage) => sum + (usage?.cpuSeconds ?? Number.NaN), 0),
      peakRssMb: Math.max(...usages.map((usage) => usage?.peakRssMb ?? Number.NaN)),
    };
  } finally {
    // Stopped one by one: each gives its shards up on the way out, as in a rolling stop.
    for (const relay of started) await relay.stop();
    await pool.end();
  }
}

async function rawProducerLoop(
  context: BenchContext,
  messages: CaseEventMessage[],
  run: 'before' | 'after',
): Promise<{ messagesPerSecond: number; cpuSeconds: number }> {
  const topic = `${context.topicPrefix}raw-${run}.${TOPICS.caseEvents}`;
  const kafka = benchKafka(context, 'bench-raw-producer');
  await createTopic(kafka, topic, PARTITIONS);
  const producer = await benchProducer(kafka);
  // Serialised up front, as the outbox stores them: the loop only sends.
  const prepared = messages.map((message) => ({
    key: message.caseId,
    value: JSON.stringify(message),
    headers: caseEventHeaders(message),
  }));
  try {
    const cpuBefore = ownUsage().cpuSeconds;
    const started = process.hrtime.bigint();
    for (let start = 0; start < prepared.length; start += RELAY_BATCH) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [{ topic, messages: prepared.slice(start, start + RELAY_BATCH) }],
      });
    }
    const seconds = elapsedMs(started) / 1000;
    return { messagesPerSecond: messages.length / seconds, cpuSeconds: ownUsage().cpuSeconds - cpuBefore };
  } finally {
    await producer.disconnect();
  }
}

const benchmark: Benchmark = {
  name: 'relay',
  async run(context) {
    const count = byScale(context, { smoke: 2_000, standard: 50_000 });
    const messages = workload(count);
    const database = await createBenchDatabase(context, 'relay');
    const kafka = benchKafka(context, 'bench-relay-cleanup');
    try {
      // The baseline is sent before the relays run and again after them, and the faster counts: the
      // broker's speed drifts over the suite (it flushes and rolls what the runs before wrote), and
      // a baseline taken only at one end would favour the runs at that end.
      const rawBefore = await rawProducerLoop(context, messages, 'before');
      context.log(`  raw producer loop, before the relays: ${round(rawBefore.messagesPerSecond)} messages/s`);
      const runs: { relays: number; result: Awaited<ReturnType<typeof casetrailRelays>> }[] = [];
      for (const relays of RELAY_COUNTS) {
        const result = await casetrailRelays(context, database, messages, relays);
        context.log(`  Casetrail relay × ${relays}: ${round(result.messagesPerSecond)} messages/s`);
        runs.push({ relays, result });
      }
      const rawAfter = await rawProducerLoop(context, messages, 'after');
      context.log(`  raw producer loop, after the relays: ${round(rawAfter.messagesPerSecond)} messages/s`);
      const raw = rawAfter.messagesPerSecond > rawBefore.messagesPerSecond ? rawAfter : rawBefore;
      const baseline = {
        name: 'raw kafkajs producer loop, same messages and chunk size',
        value: raw.messagesPerSecond,
      };
      const figures: Figure[] = runs.map(({ relays, result }) =>
        throughputFigure({
          name:
            relays === 1
              ? `relay, outbox backlog of ${count} case events`
              : `${relays} relays sharing ${SHARDS} shards, outbox backlog of ${count} case events`,
          unit: 'messages/s',
          value: result.messagesPerSecond,
          baseline,
          goal: { description: 'relay ≥ 0.8× the raw kafkajs producer', minRatio: 0.8 },
          notes:
            `${relays} relay process${relays === 1 ? '' : 'es'} (${SHARDS} shards, each relay its fair share under a lease): ` +
            `renew the leases, claim up to ${RELAY_BATCH} rows of the owned shards, publish them, delete them, commit; ` +
            'timed from the commit of the whole backlog (relays already running and balanced) to an empty outbox. ' +
            `Baseline: pre-serialised messages sent in chunks of ${RELAY_BATCH} (idempotent producer, one request in ` +
            'flight, acks -1), no database at all; sent before the relays and again after them, the faster ' +
            `counting (${round(rawBefore.messagesPerSecond)} and ${round(rawAfter.messagesPerSecond)} messages/s).`,
        }),
      );
      const single = runs[0].result;
      figures.push(
        ...processUsageFigures({
          name: 'relay process',
          usage: single,
          baseline: { name: 'raw producer loop (in the bench process)', cpuSeconds: raw.cpuSeconds },
          notes: "Casetrail: the single relay's whole process life including start-up.",
        }),
      );
      return figures;
    } finally {
      await deleteTopicsWithPrefix(kafka, context.topicPrefix);
      await database.drop();
    }
  },
};

export default benchmark;
