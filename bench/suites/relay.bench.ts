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
 * The relay (apps/relay, its own process) draining an outbox backlog to Kafka, against a raw
 * kafkajs producer loop sending the same messages, in the same chunk size, with the same producer
 * settings (idempotent, one request in flight, acks from all in-sync replicas).
 */
const PARTITIONS = 6;
/** apps/relay's batch size: the baseline sends chunks of the same size. */
const RELAY_BATCH = 500;

function workload(count: number): CaseEventMessage[] {
  const messages: CaseEventMessage[] = [];
  for (let index = 0; messages.length < count; index += 1)
    messages.push(...caseEventMessages(caseHistory(index, 8)));
  return messages.slice(0, count);
}

/** The outbox rows the command path would have written for these events. */
async function seedOutbox(database: BenchDatabase, messages: CaseEventMessage[]): Promise<void> {
  const pool = new Pool({ connectionString: database.url, max: 1 });
  try {
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
  } finally {
    await pool.end();
  }
}

async function casetrailRelay(
  context: BenchContext,
  database: BenchDatabase,
  count: number,
): Promise<{ messagesPerSecond: number; cpuSeconds: number; peakRssMb: number }> {
  const prefix = `${context.topicPrefix}ct.`;
  const kafka = benchKafka(context, 'bench-relay-admin');
  // Created before the relay starts, so its start-up does not include creating topics.
  await createTopic(kafka, `${prefix}${TOPICS.caseEvents}`, PARTITIONS);
  const pool = new Pool({ connectionString: database.url, max: 1 });
  let relay: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    const started = process.hrtime.bigint();
    relay = await startApp('relay', {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: context.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      CASE_EVENTS_PARTITIONS: String(PARTITIONS),
      RELAY_OPS_PORT: '0',
    });
    const ready = process.hrtime.bigint();
    for (;;) {
      const { rows } = await pool.query<{ left: string }>('SELECT count(*) AS left FROM outbox');
      if (Number(rows[0]?.left) === 0) break;
      if (elapsedMs(started) > 600_000) throw new Error('the relay did not drain the outbox in time');
      await sleep(20);
    }
    // From "ready": the relay starts draining as soon as it is connected, which is what it logs.
    const seconds = Number(process.hrtime.bigint() - ready) / 1e9;
    const usage = relay.usage();
    return {
      messagesPerSecond: count / seconds,
      cpuSeconds: usage?.cpuSeconds ?? Number.NaN,
      peakRssMb: usage?.peakRssMb ?? Number.NaN,
    };
  } finally {
    await relay?.stop();
    await pool.end();
  }
}

async function rawProducerLoop(
  context: BenchContext,
  messages: CaseEventMessage[],
): Promise<{ messagesPerSecond: number; cpuSeconds: number }> {
  const topic = `${context.topicPrefix}raw.${TOPICS.caseEvents}`;
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
      await seedOutbox(database, messages);
      const casetrail = await casetrailRelay(context, database, count);
      context.log(`  Casetrail relay: ${round(casetrail.messagesPerSecond)} messages/s`);
      const raw = await rawProducerLoop(context, messages);
      context.log(`  raw producer loop: ${round(raw.messagesPerSecond)} messages/s`);
      const figures: Figure[] = [
        throughputFigure({
          name: `relay, outbox backlog of ${count} case events`,
          unit: 'messages/s',
          value: casetrail.messagesPerSecond,
          baseline: {
            name: 'raw kafkajs producer loop, same messages and chunk size',
            value: raw.messagesPerSecond,
          },
          notes:
            `Relay: claim ${RELAY_BATCH} outbox rows under the drain lock, publish them, delete them, commit; timed ` +
            'from the relay reporting ready to an empty outbox. Baseline: pre-serialised messages sent in chunks ' +
            `of ${RELAY_BATCH} (idempotent producer, one request in flight, acks -1), no database at all.`,
        }),
        ...processUsageFigures({
          name: 'relay process',
          usage: casetrail,
          baseline: { name: 'raw producer loop (in the bench process)', cpuSeconds: raw.cpuSeconds },
          notes: 'Casetrail: whole relay process life including start-up.',
        }),
      ];
      return figures;
    } finally {
      await deleteTopicsWithPrefix(kafka, context.topicPrefix);
      await database.drop();
    }
  },
};

export default benchmark;
