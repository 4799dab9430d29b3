import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { CaseSnapshots, standaloneCaseRepository, SystemClock, toCaseEvent } from '@casetrail/cases';
import { loadConfig } from '@casetrail/config';
import { dataSourceOptions, migrate } from '@casetrail/database';
import { evolve, initialCaseState, type Actor } from '@casetrail/domain';
import { PostgresEventStore } from '@casetrail/event-store';

/**
 * How long it takes to load a case with 1,000 events: from its latest snapshot plus the tail,
 * against replaying every event (the baseline), in the same run on the same database.
 */
const EVENTS = Number(process.env.BENCH_CASE_EVENTS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const DAY_MS = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casetrail');
  base.pathname = '/casetrail_bench';
  const databaseUrl = base.toString();
  await migrate(databaseUrl);
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  const eventStore = new PostgresEventStore(dataSource);
  const snapshots = new CaseSnapshots(dataSource, eventStore);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
  const cases = standaloneCaseRepository(dataSource, config, new SystemClock());
  const officer: Actor = { userId: 'bench-officer', role: 'OFFICER' };
  const request = { actor: officer, correlationId: 'bench' };

  const caseId = randomUUID();
  const start = Date.now() - 60 * DAY_MS;
  const at = (ms: number) => new Date(start + ms).toISOString();
  const subject = {
    givenName: 'B',
    familyName: 'Bench',
    aNumber: 'A100000000',
    dateOfBirth: '1980-01-01',
    countryOfCitizenship: 'MX',
  };
  await cases.execute(
    caseId,
    {
      type: 'OpenCase',
      data: { caseId, officeId: 'BENCH', officerId: 'bench-officer', subject, openedAt: at(0) },
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
  for (let index = 4; index < EVENTS; index += 1) {
    await cases.execute(
      caseId,
      { type: 'RecordCheckIn', data: { checkedInAt: at(3000 + index * 60_000), method: 'PHONE' } },
      request,
    );
  }
  const commandMs = Number(process.hrtime.bigint() - writeStarted) / 1e6 / (EVENTS - 4);

  const timeIt = async (load: () => Promise<unknown>) => {
    await load();
    const started = process.hrtime.bigint();
    for (let round = 0; round < ROUNDS; round += 1) await load();
    return Number(process.hrtime.bigint() - started) / 1e6 / ROUNDS;
  };
  const replayAll = async () =>
    (await eventStore.readStream(caseId)).map(toCaseEvent).reduce(evolve, initialCaseState);
  const fullReplayMs = await timeIt(replayAll);
  const snapshotMs = await timeIt(() => snapshots.load(caseId));
  const loaded = await snapshots.load(caseId);
  if (loaded.version !== EVENTS) throw new Error(`expected version ${EVENTS}, loaded ${loaded.version}`);

  const report = {
    benchmark: 'load a case with many events',
    events: EVENTS,
    rounds: ROUNDS,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    baseline: { name: 'replay every event', msPerLoad: round(fullReplayMs) },
    casetrail: { name: 'snapshot + tail', msPerLoad: round(snapshotMs) },
    speedup: round(fullReplayMs / snapshotMs),
    commandMsWithSnapshots: round(commandMs),
  };
  const dir = join(__dirname, '..', '..', 'bench', 'reports');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'case-load.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await dataSource.destroy();
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
