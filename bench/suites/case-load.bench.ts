import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseSnapshots, standaloneCaseRepository, SystemClock } from '@casetrail/case-commands';
import { toCaseEvent } from '@casetrail/contracts';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions } from '@casetrail/database';
import { evolve, initialCaseState, type Actor } from '@casetrail/domain';
import { PostgresEventStore } from '@casetrail/event-store';
import { byScale, createBenchDatabase, elapsedMs, round, type Benchmark, type Figure } from '../harness';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long it takes to load a case with many events: from its latest snapshot plus the tail,
 * against replaying every event (the baseline), in the same run on the same database.
 */
const benchmark: Benchmark = {
  name: 'case load (snapshot vs replay)',
  async run(context) {
    const events = byScale(context, { smoke: 200, standard: 1000 });
    const rounds = byScale(context, { smoke: 10, standard: 50 });
    const database = await createBenchDatabase(context, 'case_load');
    const dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
    try {
      const eventStore = new PostgresEventStore(dataSource);
      const snapshots = new CaseSnapshots(dataSource, eventStore);
      const config = loadConfig({ DATABASE_URL: database.url });
      const cases = standaloneCaseRepository(dataSource, config, new SystemClock());
      const officer: Actor = { userId: 'bench-officer', role: 'OFFICER' };
      const request = { actor: officer, correlationId: 'bench' };

      const caseId = randomUUID();
      const start = Date.now() - 60 * DAY_MS;
      const at = (ms: number) => new Date(start + ms).toISOString();
      await cases.execute(
        caseId,
        {
          type: 'OpenCase',
          data: {
            caseId,
            officeId: 'BENCH',
            officerId: 'bench-officer',
            subject: {
              givenName: 'B',
              familyName: 'Bench',
              aNumber: 'A100000000',
              dateOfBirth: '1980-01-01',
              countryOfCitizenship: 'MX',
            },
            openedAt: at(0),
          },
        },
        request,
      );
      await cases.execute(
        caseId,
        { type: 'BookDetention', data: { facilityId: 'F', bookedInAt: at(1000) } },
        request,
      );
      await cases.execute(
        caseId,
        {
          type: 'CompleteRiskClassification',
          data: {
            publicSafetyRisk: 'LOW',
            flightRisk: 'LOW',
            specialVulnerabilities: [],
            recommendation: 'RELEASE',
            completedAt: at(2000),
          },
        },
        request,
      );
      await cases.execute(
        caseId,
        {
          type: 'ReleaseSubject',
          data: {
            releaseType: 'OWN_RECOGNIZANCE',
            releasedAt: at(3000),
            checkInPlan: { firstDueAt: at(DAY_MS), intervalDays: 7, graceHours: 24 },
          },
        },
        request,
      );
      const writeStarted = process.hrtime.bigint();
      for (let index = 4; index < events; index += 1) {
        await cases.execute(
          caseId,
          { type: 'RecordCheckIn', data: { checkedInAt: at(3000 + index * 60_000), method: 'PHONE' } },
          request,
        );
      }
      const commandMs = elapsedMs(writeStarted) / (events - 4);

      const timeIt = async (load: () => Promise<unknown>) => {
        await load();
        const started = process.hrtime.bigint();
        for (let index = 0; index < rounds; index += 1) await load();
        return elapsedMs(started) / rounds;
      };
      const replayAll = async () =>
        (await eventStore.readStream(caseId)).map(toCaseEvent).reduce(evolve, initialCaseState);
      const fullReplayMs = await timeIt(replayAll);
      const snapshotMs = await timeIt(() => snapshots.load(caseId));
      const loaded = await snapshots.load(caseId);
      if (loaded.version !== events) throw new Error(`expected version ${events}, loaded ${loaded.version}`);

      const figures: Figure[] = [
        {
          name: `load a case of ${events} events`,
          unit: 'ms',
          value: round(snapshotMs),
          baseline: { name: 'replay every event', value: round(fullReplayMs) },
          ratio: round(fullReplayMs / snapshotMs, 3),
          notes: `ratio = replay time ÷ snapshot time (speed-up); mean of ${rounds} loads`,
        },
        {
          name: 'record a check-in on that case (load, decide, append, snapshot when due)',
          unit: 'ms',
          value: round(commandMs),
          notes: 'sequential commands, concurrency 1',
        },
      ];
      return figures;
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  },
};

export default benchmark;
