import { TOPICS } from '@casetrail/contracts';
import { projectionCoverage } from './projection-ledger';
import { sleep } from './random';
import type { FaultSystem, StoreSnapshot } from './system';
import { eventIdOf, TopicLog } from './topic-log';

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

/** One fault's line in the report. */
export interface FaultOutcome {
  fault: string;
  title: string;
  /** Events committed to the store. */
  written: number;
  /** Events the writers were told were stored (2xx, or an append that returned). */
  acknowledged: number;
  /** Acknowledged but not stored + stored but never on the topic + stored but never projected. */
  lost: number;
  lostBreakdown: { store: number; topic: number; projection: number };
  /** Messages on the topic beyond the first copy of each event (at-least-once redelivery). */
  duplicatedOnTopic: number;
  /** Events a projection committed more than once. */
  appliedTwice: number;
  /**
   * Seconds from the end of the fault (the worst of its repetitions) until everything stored before
   * it was published and projected; for faults without an outage, the catch-up after the load.
   */
  recoverySeconds: number | null;
  checks: Check[];
  notes: string[];
}

export interface Tally {
  written: number;
  lostBreakdown: FaultOutcome['lostBreakdown'];
  duplicatedOnTopic: number;
  appliedTwice: number;
  /** Projection advances past a case's stored version. */
  beyondStore: number;
  recoveredAt: number;
  topic: TopicLog;
  store: StoreSnapshot;
}

/**
 * Waits until the outbox is empty and every stored event is on the topic and projected (or the
 * time is up), then counts. `acknowledged` are the event ids the writers were told were stored.
 * The caller stops the returned topic log.
 */
export async function settleAndCount(
  system: FaultSystem,
  acknowledged: Iterable<string>,
  timeoutMs: number,
  extraTopics: string[] = [],
): Promise<Tally> {
  const topic = await new TopicLog(system.kafkaBrokers, system.topicPrefix, [
    TOPICS.caseEvents,
    ...extraTopics,
  ]).start();
  const deadline = Date.now() + timeoutMs;
  let store = await system.store();
  for (;;) {
    store = await retrying(() => system.store());
    const onTopic = new Set(topic.on(TOPICS.caseEvents).map(eventIdOf));
    const coverage = await retrying(() => projectionCoverage(system.db, store.streams));
    const backlog = await retrying(() => system.outboxBacklog());
    const missingOnTopic = [...store.eventIds].filter((id) => !onTopic.has(id)).length;
    if ((backlog === 0 && missingOnTopic === 0 && coverage.notApplied === 0) || Date.now() > deadline) break;
    await sleep(250);
  }
  const recoveredAt = Date.now();
  // Anything still in flight has had its chance; a little longer catches a late duplicate.
  await sleep(1_000);
  store = await retrying(() => system.store());
  const caseEvents = topic.on(TOPICS.caseEvents);
  const ids = caseEvents.map(eventIdOf).filter((id): id is string => id !== undefined);
  const onTopic = new Set(ids);
  const coverage = await retrying(() => projectionCoverage(system.db, store.streams));
  return {
    written: store.eventIds.size,
    lostBreakdown: {
      store: [...acknowledged].filter((id) => !store.eventIds.has(id)).length,
      topic: [...store.eventIds].filter((id) => !onTopic.has(id)).length,
      projection: coverage.notApplied,
    },
    duplicatedOnTopic: ids.length - onTopic.size,
    appliedTwice: coverage.appliedTwice,
    beyondStore: coverage.beyondStore,
    recoveredAt,
    topic,
    store,
  };
}

export function outcomeOf(
  fault: string,
  title: string,
  tally: Tally,
  acknowledged: number,
  recovery: { faultEndedAt: number } | { seconds: number },
  checks: Check[] = [],
  notes: string[] = [],
): FaultOutcome {
  const lost = tally.lostBreakdown.store + tally.lostBreakdown.topic + tally.lostBreakdown.projection;
  return {
    fault,
    title,
    written: tally.written,
    acknowledged,
    lost,
    lostBreakdown: tally.lostBreakdown,
    duplicatedOnTopic: tally.duplicatedOnTopic,
    appliedTwice: tally.appliedTwice,
    recoverySeconds: round(
      'seconds' in recovery ? recovery.seconds : (tally.recoveredAt - recovery.faultEndedAt) / 1000,
    ),
    checks: [
      { name: 'nothing lost', passed: lost === 0, detail: JSON.stringify(tally.lostBreakdown) },
      { name: 'nothing applied twice', passed: tally.appliedTwice === 0, detail: String(tally.appliedTwice) },
      {
        name: 'no projection past the store',
        passed: tally.beyondStore === 0,
        detail: `${tally.beyondStore} case projections moved past their stored version`,
      },
      ...checks,
    ],
    notes,
  };
}

/** Retries a read that a restarting Postgres may refuse for a moment. */
export async function retrying<T>(read: () => Promise<T>, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(500);
    }
  }
}

/** Tenths of a second; null for a recovery that did not happen in time. */
function round(seconds: number): number | null {
  return Number.isFinite(seconds) ? Math.round(seconds * 10) / 10 : null;
}

/**
 * Starts watching, at the moment a fault ends, for everything stored so far to be published and
 * projected; resolves with the seconds from `endedAt` until then (NaN when the time is up).
 */
export async function recoveryAfter(
  system: FaultSystem,
  endedAt: number,
  timeoutMs: number,
): Promise<number> {
  const [{ rows }, store] = await retrying(() =>
    Promise.all([
      system.db.query<{ max: string | null }>('SELECT max(id) AS max FROM outbox'),
      system.store(),
    ]),
  );
  const lastOutboxId = rows[0].max ?? '0';
  for (;;) {
    const done = await retrying(async () => {
      const pending = await system.db.query<{ count: string }>(
        'SELECT count(*) AS count FROM outbox WHERE id <= $1',
        [lastOutboxId],
      );
      if (Number(pending.rows[0].count) > 0) return false;
      return (await projectionCoverage(system.db, store.streams, { snapshot: true })).notApplied === 0;
    });
    if (done) return (Date.now() - endedAt) / 1000;
    if (Date.now() - endedAt > timeoutMs) return Number.NaN;
    await sleep(200);
  }
}
