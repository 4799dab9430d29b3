import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { standaloneCaseRepository, SystemClock } from '@casetrail/case-commands';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { POLICY_STREAM_ID } from '@casetrail/domain';
import { PostgresEventStore, START_OF_HISTORY, cursorAfter, type GlobalCursor } from '@casetrail/event-store';
import { openCaseBody, detainerBody } from './harness/api-client';
import type { Fault } from './harness/fault';
import { outcomeOf, settleAndCount } from './harness/outcome';
import { seededRandom, sleep } from './harness/random';
import { FaultSystem, ROSTER } from './harness/system';

class RolledBack extends Error {}

/**
 * Writers whose transactions commit out of order: each holds its transaction open for a random
 * time after appending, and some roll back. A global reader polls the store all along; afterwards
 * it, the topic and the projection must hold every committed event and none of the rolled back.
 */
export const outOfOrderCommits: Fault = {
  name: 'out-of-order-commits',
  title: 'transactions committing out of order, some delayed, some rolled back',
  async run({ profile, seed, postgresUrl, kafkaBrokers, log }) {
    const system = await FaultSystem.create('out-of-order', { databaseServerUrl: postgresUrl, kafkaBrokers });
    // Its pool (20) holds every writer's open transaction and the reader.
    const dataSource = await new DataSource(dataSourceOptions(system.databaseUrl)).initialize();
    try {
      await system.apps.relay.start();
      await system.apps.projector.start();
      const cases = standaloneCaseRepository(
        dataSource,
        loadConfig({ DATABASE_URL: system.databaseUrl }),
        new SystemClock(),
      );
      const eventStore = new PostgresEventStore(dataSource);
      const committed = new Set<string>();
      const rolledBack = new Set<string>();
      const actor = { userId: ROSTER.officers[0], role: 'OFFICER' as const };

      const writer = async (index: number) => {
        const random = seededRandom(seed + index);
        const mine: string[] = [];
        for (let round = 0; round < profile.outOfOrderTransactions; round += 1) {
          const delay = Math.floor(random() * profile.outOfOrderMaxDelayMs);
          const rollback = random() < 0.15;
          const existing =
            mine.length > 0 && random() < 0.4 ? mine[Math.floor(random() * mine.length)] : undefined;
          const caseId = existing ?? randomUUID();
          let eventIds: string[] = [];
          try {
            await dataSource.transaction(async (manager) => {
              const result = existing
                ? await cases.execute(
                    caseId,
                    { type: 'RequestDetainer', data: { detainerId: randomUUID(), ...detainerBody(round) } },
                    { actor, correlationId: 'faults-out-of-order', manager },
                  )
                : await cases.execute(
                    caseId,
                    { type: 'OpenCase', data: { caseId, ...openCaseBody() } },
                    { actor, correlationId: 'faults-out-of-order', manager },
                  );
              eventIds = result.events.map((event) => event.eventId);
              await sleep(delay);
              if (rollback) throw new RolledBack();
            });
            for (const id of eventIds) committed.add(id);
            if (!existing) mine.push(caseId);
          } catch (error) {
            if (!(error instanceof RolledBack)) throw error;
            for (const id of eventIds) rolledBack.add(id);
          }
        }
      };

      // The global reader: commit order, never past a transaction that may still commit.
      const seenByReader = new Set<string>();
      let cursor: GlobalCursor = START_OF_HISTORY;
      let writing = true;
      const readGlobally = async () => {
        const read = async () => {
          for (;;) {
            const page = await eventStore.readAll(cursor, 200);
            // The policy stream's version 1, which the apps seed, is not one of the fault's writes.
            for (const event of page)
              if (event.streamId !== POLICY_STREAM_ID) seenByReader.add(event.eventId);
            if (page.length === 0) return;
            cursor = cursorAfter(page[page.length - 1]);
          }
        };
        while (writing) {
          await read();
          await sleep(20);
        }
        // Commits of other databases' transactions on the same server hold the horizon back
        // too; what is committed becomes readable once they end.
        const deadline = Date.now() + 30_000;
        do {
          await read();
          await sleep(100);
        } while (seenByReader.size < committed.size && Date.now() < deadline);
      };

      const reader = readGlobally();
      await Promise.all(Array.from({ length: profile.outOfOrderWriters }, (_, index) => writer(index)));
      writing = false;
      await reader;
      const endedAt = Date.now();
      log(`${committed.size} events committed, ${rolledBack.size} rolled back`);

      const tally = await settleAndCount(system, committed, profile.settleTimeoutMs);
      const onTopic = new Set(
        tally.topic.messages.map((message) => {
          try {
            return (JSON.parse(message.value ?? '') as { eventId?: string }).eventId;
          } catch {
            return undefined;
          }
        }),
      );
      await tally.topic.stop();
      const readerMissed = [...committed].filter((id) => !seenByReader.has(id)).length;
      const phantoms = [...rolledBack].filter(
        (id) => seenByReader.has(id) || onTopic.has(id) || tally.store.eventIds.has(id),
      ).length;
      return outcomeOf(this.name, this.title, tally, committed.size, { faultEndedAt: endedAt }, [
        {
          name: 'global reader misses nothing',
          passed: readerMissed === 0 && seenByReader.size === committed.size,
          detail: `read ${seenByReader.size} of ${committed.size} committed events, missed ${readerMissed}`,
        },
        {
          name: 'rolled-back events appear nowhere',
          passed: phantoms === 0,
          detail: `${rolledBack.size} rolled back, ${phantoms} seen in the store, by the reader or on the topic`,
        },
      ]);
    } finally {
      await dataSource.destroy();
      await system.close();
    }
  },
};
