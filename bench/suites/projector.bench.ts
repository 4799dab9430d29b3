import { Pool, type PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import type { CaseEventMessage } from '@casetrail/contracts';
import type { PostgresEventStore } from '@casetrail/event-store';
import { liveCaseProjections } from '@casetrail/deadlines';
import { CaseEventApplier } from '@casetrail/read-models';
import { benchKafka, benchProducer, createTopic, deleteTopicsWithPrefix, publishCaseEvents } from '../kafka';
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
import { caseEventMessages, caseHistory } from '../workload';

/**
 * The projector (apps/projector, its own process) against a raw kafkajs `eachBatch` consumer that
 * runs the same read-model upserts and the same checkpoint write, one transaction per batch.
 * Both start on an empty topic, then the same events are published and timed until the last
 * checkpoint lands.
 */
const PARTITIONS = 6;
const EVENTS_PER_CASE = 8;

/** Case events interleaved across cases, as live traffic arrives: every case's first event, then its second… */
function workload(events: number): CaseEventMessage[] {
  const histories = Array.from({ length: Math.ceil(events / EVENTS_PER_CASE) }, (_, index) =>
    caseEventMessages(caseHistory(index, EVENTS_PER_CASE)),
  );
  const messages: CaseEventMessage[] = [];
  for (let version = 0; version < EVENTS_PER_CASE; version += 1) {
    for (const history of histories) if (history[version]) messages.push(history[version]);
  }
  return messages.slice(0, events);
}

async function consumedSoFar(pool: Pool, group: string): Promise<number> {
  const { rows } = await pool.query<{ consumed: string | null }>(
    'SELECT sum(next_offset) AS consumed FROM projection_checkpoints WHERE consumer_group = $1',
    [group],
  );
  return Number(rows[0]?.consumed ?? 0);
}

async function waitUntilConsumed(pool: Pool, group: string, total: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const consumed = await consumedSoFar(pool, group);
    if (consumed >= total) return;
    if (Date.now() > deadline) throw new Error(`only ${consumed} of ${total} events projected in time`);
    await sleep(50);
  }
}

/** What the read models hold afterwards: both sides must end with the same counts. */
async function readModelDigest(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ digest: string }>(
    `SELECT concat_ws(',',
       (SELECT count(*) FROM read_models.case_summaries),
       (SELECT coalesce(sum(case_count), 0) FROM read_models.officer_caseloads),
       (SELECT count(*) FROM read_models.case_worklist)) AS digest`,
  );
  return rows[0]?.digest ?? '';
}

async function casetrailProjector(
  context: BenchContext,
  database: BenchDatabase,
  messages: CaseEventMessage[],
): Promise<{ eventsPerSecond: number; cpuSeconds: number; peakRssMb: number; digest: string }> {
  const prefix = `${context.topicPrefix}ct.`;
  const group = `${prefix}projector`;
  const projector = await startApp('projector', {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: context.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    CASE_EVENTS_PARTITIONS: String(PARTITIONS),
    PROJECTOR_GROUP_ID: group,
    PROJECTOR_OPS_PORT: '0',
  });
  const kafka = benchKafka(context, 'bench-projector-feed');
  const producer = await benchProducer(kafka);
  const pool = new Pool({ connectionString: database.url, max: 2 });
  try {
    const started = process.hrtime.bigint();
    await publishCaseEvents(producer, `${prefix}case-events.v1`, messages);
    await waitUntilConsumed(pool, group, messages.length, 600_000);
    const seconds = elapsedMs(started) / 1000;
    const usage = projector.usage();
    return {
      eventsPerSecond: messages.length / seconds,
      cpuSeconds: usage?.cpuSeconds ?? Number.NaN,
      peakRssMb: usage?.peakRssMb ?? Number.NaN,
      digest: await readModelDigest(pool),
    };
  } finally {
    await producer.disconnect();
    await pool.end();
    await projector.stop();
  }
}

/** The same SQL the projector runs, on a plain node-postgres client: TypeORM's `query` shape. */
function clientManager(client: PoolClient): EntityManager {
  return {
    query: async (sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows,
  } as unknown as EntityManager;
}

async function rawConsumer(
  context: BenchContext,
  database: BenchDatabase,
  messages: CaseEventMessage[],
): Promise<{ eventsPerSecond: number; cpuSeconds: number; digest: string }> {
  const prefix = `${context.topicPrefix}raw.`;
  const topic = `${prefix}case-events.v1`;
  const group = `${prefix}raw-consumer`;
  const kafka = benchKafka(context, 'bench-raw-consumer');
  await createTopic(kafka, topic, PARTITIONS);
  const pool = new Pool({
    connectionString: database.url,
    max: 4,
    options: '-c search_path=read_models,public',
  });
  // Never asked to fill a hole: every event arrives in order.
  const noEventStore = {} as PostgresEventStore;
  const applier = new CaseEventApplier(liveCaseProjections(), noEventStore);
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 1000 });
  const producer = await benchProducer(kafka);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const joined = new Promise<void>((resolve) => {
      const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        if (batch.messages.length === 0) return;
        const records = batch.messages.map(
          (message) => JSON.parse(message.value?.toString() ?? '') as CaseEventMessage,
        );
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await applier.apply(clientManager(client), records);
          await client.query(
            `INSERT INTO projection_checkpoints (consumer_group, topic, partition, next_offset, updated_at)
             VALUES ($1, $2, $3, $4, now())
             ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = $4, updated_at = now()`,
            [group, topic, batch.partition, (BigInt(batch.lastOffset()) + 1n).toString()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        } finally {
          client.release();
        }
        resolveOffset(batch.lastOffset());
        await consumer.commitOffsets([
          { topic, partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() },
        ]);
      },
    });
    await joined;
    const cpuBefore = ownUsage().cpuSeconds;
    const started = process.hrtime.bigint();
    await publishCaseEvents(producer, topic, messages);
    await waitUntilConsumed(pool, group, messages.length, 600_000);
    const seconds = elapsedMs(started) / 1000;
    return {
      eventsPerSecond: messages.length / seconds,
      cpuSeconds: ownUsage().cpuSeconds - cpuBefore,
      digest: await readModelDigest(pool),
    };
  } finally {
    await producer.disconnect();
    await consumer.disconnect();
    await pool.end();
  }
}

const benchmark: Benchmark = {
  name: 'projector',
  async run(context) {
    const events = byScale(context, { smoke: 800, standard: 64_000 });
    const messages = workload(events);
    const ours = await createBenchDatabase(context, 'projector_casetrail');
    const theirs = await createBenchDatabase(context, 'projector_raw');
    const kafka = benchKafka(context, 'bench-projector-admin');
    try {
      const casetrail = await casetrailProjector(context, ours, messages);
      context.log(`  Casetrail projector: ${round(casetrail.eventsPerSecond)} events/s`);
      const raw = await rawConsumer(context, theirs, messages);
      context.log(`  raw kafkajs eachBatch: ${round(raw.eventsPerSecond)} events/s`);
      if (casetrail.digest !== raw.digest) {
        throw new Error(`read models differ: Casetrail ${casetrail.digest}, raw ${raw.digest}`);
      }
      const figures: Figure[] = [
        throughputFigure({
          name: `projector, ${messages.length} events over ${PARTITIONS} partitions`,
          unit: 'events/s',
          value: casetrail.eventsPerSecond,
          baseline: {
            name: 'raw kafkajs eachBatch consumer, same upserts and checkpoint',
            value: raw.eventsPerSecond,
          },
          goal: { description: 'projector ≥ 0.9× the raw kafkajs baseline', minRatio: 0.9 },
          notes:
            'Timed from the first publish to the last checkpoint, both consumers already joined on an empty topic. ' +
            'The baseline runs the same read-model SQL (same applier and projections) and the same checkpoint ' +
            'upsert per batch on a plain pg client, without Nest, TypeORM, the read-model swap lock, NOTIFY, ' +
            `metrics or dead-lettering. Both ended with the same read models (${casetrail.digest}).`,
        }),
        ...processUsageFigures({
          name: 'projector process',
          usage: casetrail,
          baseline: { name: 'raw consumer (in the bench process)', cpuSeconds: raw.cpuSeconds },
          notes:
            'Casetrail: whole projector process life including start-up; baseline: bench process while it consumed.',
        }),
      ];
      return figures;
    } finally {
      await deleteTopicsWithPrefix(kafka, context.topicPrefix);
      await ours.drop();
      await theirs.drop();
    }
  },
};

export default benchmark;
