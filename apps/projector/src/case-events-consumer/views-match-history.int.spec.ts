import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { SystemClock, standaloneCaseRepository, type CaseRepository } from '@casetrail/case-commands';
import { toCaseEventMessage } from '@casetrail/contracts';
import { loadConfig } from '@casetrail/config';
import { TOPICS } from '@casetrail/contracts';
import {
  canonicalInstant,
  CaseRuleViolation,
  missedCheckInAlertId,
  type Actor,
  type CaseCommand,
} from '@casetrail/domain';
import { PostgresEventStore, START_OF_HISTORY, type StoredEvent } from '@casetrail/event-store';
import type { IncomingBatch } from '@casetrail/messaging';
import {
  caseProjections,
  findAlerts,
  findCustodyDeterminations,
  findDetainerOutcomes,
  findMonthlyOversightReports,
  findMissedCheckInOutcomes,
  findOfficeCaseloads,
  findOfficerCaseloads,
  findReleaseOverrides,
  findStaffingHistory,
  findTransfers,
  MONTHLY_OVERSIGHT_MEASURES,
  rebuildReadModels,
  type TransferDirection,
} from '@casetrail/read-models';
import { compileApp, createTestDatabase, uniqueTopicPrefix, type TestDatabase } from '@casetrail/testing';
import { CaseEventsConsumerService } from './case-events-consumer.service';
import { ProjectorModule } from '../projector.module';

const officer: Actor = { userId: 'officer-1', role: 'OFFICER' };
const supervisor: Actor = { userId: 'supervisor-1', role: 'SUPERVISOR' };
const scheduler: Actor = { userId: 'system:scheduler', role: 'ADMIN' };
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const PARTITIONS = 6;

/** What may happen to one case, drawn at random. */
const caseScript = fc.record({
  office: fc.integer({ min: 0, max: 2 }),
  officer: fc.integer({ min: 0, max: 3 }),
  detain: fc.boolean(),
  /** A case never detained is enrolled on the non-detained docket instead, or stays pending. */
  enrol: fc.boolean(),
  rca: fc.constantFrom('NONE', 'DETAIN', 'RELEASE', 'SUPERVISOR_REVIEW'),
  publicSafetyRisk: fc.constantFrom('LOW', 'HIGH'),
  determination: fc.constantFrom('NONE', 'RELEASE', 'DETAIN'),
  flag: fc.constantFrom('NONE', 'FLAGGED', 'CLEARED'),
  release: fc.boolean(),
  overrideApproved: fc.boolean(),
  checkIns: fc.integer({ min: 0, max: 2 }),
  misses: fc.integer({ min: 0, max: 3 }),
  /** Escalations of the open alert nobody acknowledged: to SUPERVISOR, then the director. */
  escalations: fc.integer({ min: 0, max: 2 }),
  /** How a miss ends: a check-in entered late voids the latest; the others settle the first. */
  missEnds: fc.constantFrom('NONE', 'RECORDED_LATE', 'EXCUSED', 'REOPENED', 'CONFIRMED'),
  /** The supervisor's answer once three misses in a row raised a suspicion; NONE leaves it open. */
  absconding: fc.constantFrom('NONE', 'NOT_ABSCONDED', 'ABSCONDED'),
  /** An absconder arrested afterwards. */
  arrest: fc.boolean(),
  reassignTo: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  detainer: fc.constantFrom('NONE', 'PENDING', 'HONORED', 'DECLINED'),
  transfer: fc.constantFrom('NONE', 'PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN'),
  transferTo: fc.integer({ min: 0, max: 2 }),
  end: fc.constantFrom('OPEN', 'CLOSED', 'REMOVED'),
});
type CaseScript = typeof caseScript extends fc.Arbitrary<infer T> ? T : never;

/**
 * After hundreds of random case histories, delivered in random batches with redeliveries, every
 * view equals the figures computed here directly from the stored events — and again after a
 * rebuild from the event store.
 */
describe('read models after a random history', () => {
  let database: TestDatabase;
  let moduleRef: TestingModule;
  let db: DataSource;
  let consumer: CaseEventsConsumerService;
  let cases: CaseRepository;
  let eventStore: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    moduleRef = await compileApp(ProjectorModule, {
      DATABASE_URL: database.url,
      KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
    });
    consumer = moduleRef.get(CaseEventsConsumerService);
    db = moduleRef.get(DataSource);
    await db.initialize().catch(() => undefined);
    // Escalation windows of a millisecond: the history's alerts escalate as soon as it asks. Two
    // misses in a row raise a suspicion, so a third one meets an open suspicion.
    const config = loadConfig({
      DATABASE_URL: database.url,
      ALERT_ESCALATION_WINDOWS_MS: '1,1',
      ABSCONDING_CONSECUTIVE_MISSES: '2',
    });
    cases = standaloneCaseRepository(db, config, new SystemClock());
    eventStore = new PostgresEventStore(db);
  });

  afterAll(async () => {
    await moduleRef.close();
    await database.drop();
  });

  it('matches the stored history, before and after a rebuild', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseScript, { minLength: 120, maxLength: 160 }),
        fc.integer({ min: 1, max: 40 }),
        async (scripts, batchSize) => {
          run += 1;
          const offices = [0, 1, 2].map((index) => `R${run}O${index}`);
          for (const script of scripts) await playCase(cases, script, offices);
          await deliverAll(consumer, eventStore, batchSize);
          const expected = await figuresFromEvents(eventStore, offices);
          // The histories reach the non-detained docket's events, not only the release path.
          expect(expected.custodyDeterminations).toBeGreaterThan(0);
          expect(Object.values(expected.officers).some((officer) => officer.flagged > 0)).toBe(true);
          // The histories drawn include transfers still waiting, so that part is compared too.
          expect(Object.keys(expected.pendingTransfers)).not.toEqual([]);
          // Caseloads change on many days, and every kind of monthly figure is drawn.
          expect(Object.keys(Object.values(expected.dailyCases)[0] ?? {}).length).toBeGreaterThan(20);
          const measured = new Set(Object.values(expected.monthly).flatMap((counts) => Object.keys(counts)));
          for (const measure of [
            'releasesAgainstRca',
            'rcasCompletedWithinWindow',
            'missedCheckIns',
            'missedCheckInsLate',
            'missedCheckInsExcused',
            'missedCheckInsConfirmed',
            'absconderReferrals',
            'detainersDeclined',
          ])
            expect(measured).toContain(measure);
          // …and every way a miss ends, and escalations to both levels.
          const outcomes = Object.values(expected.missedCheckIns);
          for (const outcome of ['missed', 'recordedLate', 'excused', 'confirmed'] as const)
            expect(outcomes.some((office) => office[outcome] > 0)).toBe(true);
          const levels = Object.values(expected.missedCheckInAlertLevels);
          expect(levels).toContain('SUPERVISOR');
          expect(levels).toContain('DEPUTY_FIELD_OFFICE_DIRECTOR');
          // …and suspicions determined or left open, absconders at large, and absconders arrested.
          expect(Object.values(expected.suspicions)).toContain('RESOLVED');
          expect(Object.values(expected.officers).some((officer) => officer.fugitive > 0)).toBe(true);
          expect(await arrestsOfAbsconders(eventStore)).toBeGreaterThan(0);
          expect(await figuresFromViews(db, offices)).toEqual(expected);

          await rebuildReadModels(db, eventStore, caseProjections());
          expect(await figuresFromViews(db, offices)).toEqual(expected);
        },
      ),
      { numRuns: 2, seed: 20261123, endOnFailure: true },
    );
  }, 180_000);
});

async function playCase(cases: CaseRepository, script: CaseScript, offices: string[]): Promise<void> {
  const caseId = randomUUID();
  const start = Date.now() - 30 * DAY;
  const at = (ms: number) => new Date(start + ms).toISOString();
  const officeId = offices[script.office];
  const run = async (command: CaseCommand, actor: Actor = officer) => {
    try {
      // Each event at its command's business time, so the history spans days and months.
      await cases.execute(caseId, command, {
        actor,
        correlationId: 'scenario',
        occurredAt: businessTimeOf(command),
      });
    } catch (error) {
      // A random script may ask what the rules refuse; a refusal stores nothing, which is the point.
      if (!(error instanceof CaseRuleViolation)) throw error;
    }
  };
  const subject = {
    givenName: 'R',
    familyName: 'S',
    aNumber: 'A12345678',
    dateOfBirth: '1990-01-01',
    countryOfCitizenship: 'MX',
  };
  await run({
    type: 'OpenCase',
    data: { caseId, officeId, officerId: `${officeId}-${script.officer}`, subject, openedAt: at(0) },
  });
  if (script.detainer !== 'NONE') {
    const detainerId = randomUUID();
    await run({
      type: 'RequestDetainer',
      data: { detainerId, jurisdictionId: `${officeId}J`, requestedAt: at(HOUR / 2) },
    });
    if (script.detainer !== 'PENDING') {
      await run({
        type: 'RecordDetainerResponse',
        data: { detainerId, response: script.detainer, respondedAt: at(HOUR) },
      });
    }
  }
  if (script.detain) {
    await run({ type: 'BookDetention', data: { facilityId: 'F', bookedInAt: at(2 * HOUR) } });
    if (script.rca !== 'NONE') {
      await run({
        type: 'CompleteRiskClassification',
        data: {
          publicSafetyRisk: script.publicSafetyRisk,
          flightRisk: 'MEDIUM',
          specialVulnerabilities: [],
          recommendation: script.rca,
          completedAt: at(3 * HOUR),
        },
      });
    }
    if (script.rca === 'SUPERVISOR_REVIEW' && script.determination !== 'NONE') {
      await run(
        {
          type: 'RecordCustodyDetermination',
          data: { decision: script.determination, rationale: 'y'.repeat(120), determinedAt: at(4 * HOUR) },
        },
        supervisor,
      );
    }
    if (script.release) {
      const requestId = randomUUID();
      const needsOverride = script.rca === 'NONE' || script.rca === 'DETAIN';
      if (needsOverride) {
        await run({
          type: 'RequestReleaseOverride',
          data: {
            requestId,
            reasonCodes: ['HUMANITARIAN'],
            narrative: 'x'.repeat(120),
            requestedAt: at(4 * HOUR),
          },
        });
        await run(
          {
            type: 'DecideReleaseOverride',
            data: {
              requestId,
              decision: script.overrideApproved ? 'APPROVED' : 'REJECTED',
              decidedAt: at(5 * HOUR),
            },
          },
          supervisor,
        );
      }
      await run({
        type: 'ReleaseSubject',
        data: {
          releaseType: 'OWN_RECOGNIZANCE',
          releasedAt: at(6 * HOUR),
          checkInPlan: { firstDueAt: at(DAY), intervalDays: 7, graceHours: 0 },
          ...(needsOverride ? { overrideRequestId: requestId } : {}),
        },
      });
      await superviseFor(run, script, at, caseId);
    }
  } else if (script.enrol) {
    await run({
      type: 'EnrolSubject',
      data: {
        basis: 'PAROLE',
        reportingConditions: ['REPORT_IN_PERSON'],
        enrolledAt: at(6 * HOUR),
        checkInPlan: { firstDueAt: at(DAY), intervalDays: 7, graceHours: 0 },
      },
    });
    await superviseFor(run, script, at, caseId);
  }
  if (script.flag !== 'NONE') {
    await run({
      type: 'FlagCase',
      data: { kind: 'NATIONAL_SECURITY', reason: 'bulletin', flaggedAt: at(22 * DAY) },
    });
    if (script.flag === 'CLEARED') {
      await run(
        {
          type: 'ClearCaseFlag',
          data: { kind: 'NATIONAL_SECURITY', reason: 'withdrawn', clearedAt: at(23 * DAY) },
        },
        supervisor,
      );
    }
  }
  if (script.reassignTo !== undefined) {
    await run({
      type: 'ReassignCase',
      data: {
        toOfficeId: officeId,
        toOfficerId: `${officeId}-${script.reassignTo}`,
        toOfficerRosterOfficeId: officeId,
        reason: 'rebalancing',
        reassignedAt: at(25 * DAY),
      },
    });
  }
  if (script.transfer !== 'NONE') {
    const transferId = randomUUID();
    const toOfficeId = offices[script.transferTo];
    await run({
      type: 'RequestTransfer',
      data: { transferId, toOfficeId, reason: 'subject moved', requestedAt: at(25 * DAY + HOUR) },
    });
    const settledAt = at(25 * DAY + 2 * HOUR);
    if (script.transfer === 'ACCEPTED') {
      const toOfficerId = `${toOfficeId}-${script.officer}`;
      await run(
        {
          type: 'AcceptTransfer',
          data: { transferId, toOfficerId, toOfficerRosterOfficeId: toOfficeId, acceptedAt: settledAt },
        },
        supervisor,
      );
    }
    if (script.transfer === 'DECLINED')
      await run(
        { type: 'DeclineTransfer', data: { transferId, reason: 'no room', declinedAt: settledAt } },
        supervisor,
      );
    if (script.transfer === 'WITHDRAWN')
      await run({ type: 'WithdrawTransfer', data: { transferId, withdrawnAt: settledAt } });
  }
  if (script.end === 'CLOSED')
    await run({ type: 'CloseCase', data: { reason: 'RELIEF_GRANTED', closedAt: at(26 * DAY) } });
  if (script.end === 'REMOVED') {
    await run({ type: 'ScheduleRemoval', data: { scheduledFor: at(26 * DAY), destinationCountry: 'MX' } });
    await run({ type: 'RecordRemoval', data: { country: 'MX', removedAt: at(27 * DAY) } });
  }
}

/** The command's own time (`openedAt`, `bookedInAt`, a miss's `dueAt`, …). */
function businessTimeOf(command: CaseCommand): string | undefined {
  const times = Object.entries(command.data).filter(
    ([field, value]) => /At$/.test(field) && typeof value === 'string',
  );
  return times.at(0)?.[1] as string | undefined;
}

/**
 * Misses (escalated, and ended one way or another), then check-ins, of a subject released or
 * enrolled at 6 h, first check-in due at a day.
 */
async function superviseFor(
  run: (command: CaseCommand, actor?: Actor) => Promise<void>,
  script: CaseScript,
  at: (ms: number) => string,
  caseId: string,
): Promise<void> {
  const dueAts: string[] = [];
  for (let miss = 0; miss < script.misses; miss += 1) {
    dueAts.push(at(DAY + miss * 7 * DAY));
    await run({ type: 'RecordMissedCheckIn', data: { dueAt: at(DAY + miss * 7 * DAY) } }, scheduler);
  }
  const [first] = dueAts;
  const latest = dueAts.at(-1);
  if (first !== undefined && latest !== undefined) {
    const alertId = missedCheckInAlertId(caseId, canonicalInstant(first));
    const levels = (['SUPERVISOR', 'DEPUTY_FIELD_OFFICE_DIRECTOR'] as const).slice(0, script.escalations);
    for (const level of levels) {
      await run(
        { type: 'EscalateMissedCheckInAlert', data: { alertId, level, consecutiveMisses: dueAts.length } },
        scheduler,
      );
    }
    const settledAt = at(19 * DAY);
    switch (script.missEnds) {
      case 'RECORDED_LATE':
        // On time (no grace) for the latest deadline, entered only now.
        await run({
          type: 'RecordCheckIn',
          data: { checkedInAt: new Date(Date.parse(latest) - HOUR).toISOString(), method: 'PHONE' },
        });
        break;
      case 'EXCUSED':
      case 'REOPENED':
        await run({
          type: 'ExcuseMissedCheckIn',
          data: { dueAt: first, reasonCode: 'MEDICAL', note: 'z'.repeat(120), excusedAt: settledAt },
        });
        if (script.missEnds === 'REOPENED') {
          await run(
            {
              type: 'ReopenMissedCheckInExcusal',
              data: { dueAt: first, reason: 'no record', reopenedAt: settledAt },
            },
            supervisor,
          );
        }
        break;
      case 'CONFIRMED':
        await run({ type: 'ConfirmMissedCheckIn', data: { dueAt: first, confirmedAt: settledAt } });
        break;
      case 'NONE':
        break;
    }
  }
  // The scheduler's misses are detected now, so the suspicion is raised now: answered after it.
  if (script.absconding !== 'NONE') {
    const narrative = 'z'.repeat(120);
    const determinedAt = new Date().toISOString();
    await run(
      { type: 'DetermineAbsconding', data: { decision: script.absconding, narrative, determinedAt } },
      supervisor,
    );
  }
  for (let checkIn = 0; checkIn < script.checkIns; checkIn += 1) {
    await run({
      type: 'RecordCheckIn',
      data: { checkedInAt: at(20 * DAY + checkIn * HOUR), method: 'PHONE' },
    });
  }
  if (script.absconding === 'ABSCONDED' && script.arrest)
    await run({ type: 'BookDetention', data: { facilityId: 'F', bookedInAt: new Date().toISOString() } });
}

/**
 * Every event of this test's private database. Its commands have all returned, so everything is
 * committed; `readAll`'s horizon is server-wide and would hide events behind a transaction that
 * some other database on the same server happens to hold open.
 */
function everyStoredEvent(eventStore: PostgresEventStore): Promise<StoredEvent[]> {
  return eventStore.readAllCommitted(START_OF_HISTORY);
}

/** Every stored event, as Kafka would deliver it: per-case order kept, batches of random size, some twice. */
async function deliverAll(
  consumer: CaseEventsConsumerService,
  eventStore: PostgresEventStore,
  batchSize: number,
): Promise<void> {
  const all = await everyStoredEvent(eventStore);
  const partitions = new Map<number, StoredEvent[]>();
  for (const event of all) {
    const partition = parseInt(event.streamId.slice(0, 8), 16) % PARTITIONS;
    partitions.set(partition, [...(partitions.get(partition) ?? []), event]);
  }
  let offset = 0;
  for (const [partition, events] of partitions) {
    for (let from = 0; from < events.length; from += batchSize) {
      const batch: IncomingBatch = {
        topic: TOPICS.caseEvents,
        partition,
        messages: events.slice(from, from + batchSize).map((event) => ({
          topic: TOPICS.caseEvents,
          partition,
          offset: String((offset += 1)),
          key: event.streamId,
          value: JSON.stringify(toCaseEventMessage(event, '')),
          headers: {},
        })),
      };
      await consumer.handle(batch);
      if (from % (3 * batchSize) === 0) await consumer.handle(batch);
    }
  }
}

interface Figures {
  officers: Record<
    string,
    { pending: number; detained: number; nonDetained: number; fugitive: number; flagged: number }
  >;
  offices: Record<string, { total: number; detained: number; nonDetained: number; fugitive: number }>;
  overrideReleases: number;
  custodyDeterminations: number;
  declinedByJurisdiction: Record<string, number>;
  /** Per office, the transfers waiting for it (incoming) and those it waits on (outgoing). */
  pendingTransfers: Record<string, { incoming: number; outgoing: number }>;
  /** Per office and staffed docket, its cases at the end of each day of the history. */
  dailyCases: Record<string, Record<string, number>>;
  /** Per office and month, the monthly oversight measures that are not 0. */
  monthly: Record<string, Record<string, number>>;
  /** Per case with an open missed-check-in alert, the miss count and level of its open alerts: one. */
  openMissedCheckIns: Record<string, string[]>;
  /** Every missed-check-in alert, open or resolved, and the escalation level it reached. */
  missedCheckInAlertLevels: Record<string, string>;
  /** Per office of the case when the miss was recorded, the misses by how they ended. */
  missedCheckIns: Record<
    string,
    { missed: number; recordedLate: number; excused: number; confirmed: number }
  >;
  /** Every suspected-absconding alert of the offices, by id: open, or resolved in that office. */
  suspicions: Record<string, 'OPEN' | 'RESOLVED'>;
}

function noFigures(): Figures {
  return {
    officers: {},
    offices: {},
    overrideReleases: 0,
    custodyDeterminations: 0,
    declinedByJurisdiction: {},
    pendingTransfers: {},
    openMissedCheckIns: {},
    dailyCases: {},
    monthly: {},
    missedCheckIns: {},
    missedCheckInAlertLevels: {},
    suspicions: {},
  };
}

/** The first and last day (UTC) of the stored history: the span the daily figures cover. */
async function historyDays(
  eventStore: PostgresEventStore,
): Promise<{ from: string; to: string; months: string[] }> {
  const days = (await everyStoredEvent(eventStore)).map((event) => event.occurredAt.slice(0, 10)).sort();
  const months = [...new Set(days.map((day) => day.slice(0, 7)))];
  return { from: days[0], to: days[days.length - 1], months };
}

function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(from); at <= Date.parse(to); at += DAY)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

/** The figures straight from the events, without the projections' code or the domain's evolve. */
async function figuresFromEvents(eventStore: PostgresEventStore, offices: string[]): Promise<Figures> {
  const figures = noFigures();
  const pendingTransfers = new Map<string, { from: string; to: string }>();
  const byCase = new Map<
    string,
    {
      office: string;
      officer: string;
      docket: string;
      flags: Set<string>;
      openMisses?: number;
      level?: string;
      alertId?: string;
      openSuspicion?: string;
    }
  >();
  /** Each recorded miss by case and deadline: the office it was recorded in, and where it stands. */
  const misses = new Map<string, { office: string; outcome: keyof Figures['missedCheckIns'][string] }>();
  const settleMiss = (caseId: string, dueAt: string, outcome: keyof Figures['missedCheckIns'][string]) => {
    const miss = misses.get(`${caseId}/${canonicalInstant(dueAt)}`);
    if (miss) miss.outcome = outcome;
  };
  const detainerJurisdiction = new Map<string, string>();
  const staffedSlot = (caseId: string) => {
    const state = byCase.get(caseId);
    return state && ['DETAINED', 'NON_DETAINED'].includes(state.docket)
      ? `${state.office}/${state.docket}`
      : null;
  };
  const dailyDeltas = new Map<string, Map<string, number>>();
  const addDelta = (slot: string | null, day: string, delta: number) => {
    if (!slot) return;
    const days = dailyDeltas.get(slot) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + delta);
    dailyDeltas.set(slot, days);
  };
  /** Per case, the RCA due time of its current booking, and whether its first RCA was done. */
  const bookings = new Map<string, { dueAt: string; classified: boolean }>();
  const measured: { office: string; month: string; measure: string }[] = [];
  const suspicionOffices = new Map<string, string>();
  /** A suspicion ends in the office the case is in at that moment; an open one follows the case. */
  const endSuspicion = (current?: { office: string; openSuspicion?: string }) => {
    if (current?.openSuspicion === undefined) return;
    suspicionOffices.set(current.openSuspicion, current.office);
    current.openSuspicion = undefined;
  };
  for (const page of [await everyStoredEvent(eventStore)]) {
    for (const event of page) {
      const data = event.data as Record<string, string> & { override?: { reasonCodes: string[] } };
      const current = byCase.get(event.streamId);
      const slotBefore = staffedSlot(event.streamId);
      const measures: string[] = [];
      switch (event.type) {
        case 'CaseOpened':
          byCase.set(event.streamId, {
            office: data.officeId,
            officer: data.officerId,
            docket: 'PENDING',
            flags: new Set(),
          });
          break;
        case 'DetentionBooked':
          endSuspicion(current);
          if (current) Object.assign(current, { docket: 'DETAINED', openMisses: undefined });
          bookings.set(event.streamId, { dueAt: data.riskClassificationDueAt, classified: false });
          break;
        case 'RiskClassificationCompleted': {
          const booking = bookings.get(event.streamId);
          if (booking && !booking.classified) {
            booking.classified = true;
            measures.push('rcasCompleted');
            if (Date.parse(data.completedAt) <= Date.parse(booking.dueAt))
              measures.push('rcasCompletedWithinWindow');
          }
          break;
        }
        case 'AbscondingSuspected':
          if (current) current.openSuspicion = data.alertId;
          break;
        case 'AbscondingDetermined':
          endSuspicion(current);
          if (current && data.decision === 'ABSCONDED')
            Object.assign(current, { docket: 'FUGITIVE', openMisses: undefined });
          if (data.decision === 'ABSCONDED') measures.push('absconderReferrals');
          break;
        case 'CheckInMissed':
          if (current) {
            if (current.openMisses === undefined) {
              // A new alert; a further miss raises the open one again, at the level it reached.
              Object.assign(current, { level: 'OFFICER', alertId: data.alertId });
              if (offices.includes(current.office))
                figures.missedCheckInAlertLevels[data.alertId] = 'OFFICER';
            }
            current.openMisses = Number(data.consecutiveMisses);
            misses.set(`${event.streamId}/${canonicalInstant(data.dueAt)}`, {
              office: current.office,
              outcome: 'missed',
            });
          }
          measures.push('missedCheckIns');
          break;
        case 'MissedCheckInAlertEscalated':
          if (current) current.level = data.level;
          if (current?.alertId !== undefined && current.alertId in figures.missedCheckInAlertLevels)
            figures.missedCheckInAlertLevels[current.alertId] = data.level;
          break;
        case 'MissedCheckInVoided':
          if (current) current.openMisses = undefined;
          settleMiss(event.streamId, data.dueAt, 'recordedLate');
          measures.push('missedCheckInsLate');
          break;
        case 'MissedCheckInExcused':
          settleMiss(event.streamId, data.dueAt, 'excused');
          measures.push('missedCheckInsExcused');
          break;
        case 'MissedCheckInExcusalReopened':
          settleMiss(event.streamId, data.dueAt, 'missed');
          measures.push('missedCheckInExcusalsReopened');
          break;
        case 'MissedCheckInConfirmed':
          settleMiss(event.streamId, data.dueAt, 'confirmed');
          measures.push('missedCheckInsConfirmed');
          break;
        case 'CheckInRecorded':
          endSuspicion(current);
          if (current) current.openMisses = undefined;
          break;
        case 'SubjectReleased':
          if (current) current.docket = 'NON_DETAINED';
          if (data.override && current && offices.includes(current.office)) figures.overrideReleases += 1;
          bookings.delete(event.streamId);
          measures.push('releases');
          if (data.override)
            measures.push(
              'releasesAgainstRca',
              ...data.override.reasonCodes.map((code) => `releasesAgainstRca_${code}`),
            );
          break;
        case 'SubjectEnrolled':
          if (current) current.docket = 'NON_DETAINED';
          break;
        case 'CustodyDeterminationRecorded':
          if (current && offices.includes(current.office)) figures.custodyDeterminations += 1;
          measures.push('custodyDeterminations', `custodyDeterminations_${data.decision}`);
          break;
        case 'CaseFlagged':
          current?.flags.add(data.kind);
          break;
        case 'CaseFlagCleared':
          current?.flags.delete(data.kind);
          break;
        case 'SubjectRemoved':
        case 'CaseClosed':
          endSuspicion(current);
          if (current) Object.assign(current, { docket: 'CLOSED', openMisses: undefined });
          pendingTransfers.delete(event.streamId);
          break;
        case 'CaseReassigned':
          if (current) Object.assign(current, { office: data.toOfficeId, officer: data.toOfficerId });
          break;
        case 'TransferRequested':
          pendingTransfers.set(event.streamId, { from: data.fromOfficeId, to: data.toOfficeId });
          break;
        case 'TransferAccepted':
          if (current) Object.assign(current, { office: data.toOfficeId, officer: data.toOfficerId });
          pendingTransfers.delete(event.streamId);
          break;
        case 'TransferDeclined':
        case 'TransferWithdrawn':
          pendingTransfers.delete(event.streamId);
          break;
        case 'DetainerRequested':
          detainerJurisdiction.set(data.detainerId, data.jurisdictionId);
          break;
        case 'DetainerResponded': {
          const jurisdiction = detainerJurisdiction.get(data.detainerId) ?? '?';
          if (data.response === 'DECLINED' && offices.some((office) => `${office}J` === jurisdiction)) {
            figures.declinedByJurisdiction[jurisdiction] =
              (figures.declinedByJurisdiction[jurisdiction] ?? 0) + 1;
          }
          if (data.response === 'DECLINED') measures.push('detainersDeclined');
          break;
        }
      }
      const slotAfter = staffedSlot(event.streamId);
      const day = event.occurredAt.slice(0, 10);
      if (slotBefore !== slotAfter) {
        addDelta(slotBefore, day, -1);
        addDelta(slotAfter, day, 1);
      }
      const office = byCase.get(event.streamId)?.office;
      if (office && offices.includes(office))
        for (const measure of measures) measured.push({ office, month: day.slice(0, 7), measure });
    }
  }
  const { from, to } = await historyDays(eventStore);
  for (const [slot, deltas] of dailyDeltas) {
    if (!offices.includes(slot.split('/')[0])) continue;
    let cases = 0;
    const daily: Record<string, number> = {};
    for (const day of daysFrom(from, to)) {
      cases += deltas.get(day) ?? 0;
      daily[day] = cases;
    }
    figures.dailyCases[slot] = daily;
  }
  for (const { office, month, measure } of measured) {
    const counts = (figures.monthly[`${office}/${month}`] ??= {});
    counts[measure] = (counts[measure] ?? 0) + 1;
  }
  for (const { from, to } of pendingTransfers.values()) {
    if (offices.includes(to)) (figures.pendingTransfers[to] ??= { incoming: 0, outgoing: 0 }).incoming += 1;
    if (offices.includes(from))
      (figures.pendingTransfers[from] ??= { incoming: 0, outgoing: 0 }).outgoing += 1;
  }
  for (const [alertId, office] of suspicionOffices)
    if (offices.includes(office)) figures.suspicions[alertId] = 'RESOLVED';
  for (const { office, outcome } of misses.values()) {
    if (!offices.includes(office)) continue;
    (figures.missedCheckIns[office] ??= { missed: 0, recordedLate: 0, excused: 0, confirmed: 0 })[outcome] +=
      1;
  }
  for (const [caseId, { office, officer, docket, flags, openMisses, level, openSuspicion }] of byCase) {
    if (docket === 'CLOSED' || !offices.includes(office)) continue;
    if (openMisses !== undefined) figures.openMissedCheckIns[caseId] = [`${openMisses}@${level}`];
    if (openSuspicion !== undefined) figures.suspicions[openSuspicion] = 'OPEN';
    const officerFigures = (figures.officers[officer] ??= {
      pending: 0,
      detained: 0,
      nonDetained: 0,
      fugitive: 0,
      flagged: 0,
    });
    if (flags.size > 0) officerFigures.flagged += 1;
    const officeFigures = (figures.offices[office] ??= {
      total: 0,
      detained: 0,
      nonDetained: 0,
      fugitive: 0,
    });
    if (docket === 'FUGITIVE') {
      officerFigures.fugitive += 1;
      officeFigures.fugitive += 1;
    }
    officeFigures.total += 1;
    if (docket === 'PENDING') officerFigures.pending += 1;
    if (docket === 'DETAINED') {
      officerFigures.detained += 1;
      officeFigures.detained += 1;
    }
    if (docket === 'NON_DETAINED') {
      officerFigures.nonDetained += 1;
      officeFigures.nonDetained += 1;
    }
  }
  return figures;
}

/** Detentions booked while the case was FUGITIVE: the histories reach the arrest too. */
async function arrestsOfAbsconders(eventStore: PostgresEventStore): Promise<number> {
  const fugitive = new Set<string>();
  let arrests = 0;
  for (const event of await everyStoredEvent(eventStore)) {
    const decision = (event.data as { decision?: string }).decision;
    if (event.type === 'AbscondingDetermined' && decision === 'ABSCONDED') fugitive.add(event.streamId);
    if (event.type === 'DetentionBooked' && fugitive.delete(event.streamId)) arrests += 1;
  }
  return arrests;
}

async function figuresFromViews(db: DataSource, offices: string[]): Promise<Figures> {
  const figures = noFigures();
  for (const officeId of offices) {
    const pending = async (direction: TransferDirection) =>
      (await findTransfers(db, { officeId, direction, status: 'PENDING', limit: 500, offset: 0 })).length;
    const [incoming, outgoing] = [await pending('incoming'), await pending('outgoing')];
    if (incoming + outgoing > 0) figures.pendingTransfers[officeId] = { incoming, outgoing };
    for (const row of await findOfficerCaseloads(db, { officeId, limit: 500, offset: 0 })) {
      if (row.total > 0)
        figures.officers[row.officerId] = {
          pending: row.pending,
          detained: row.detained,
          nonDetained: row.nonDetained,
          fugitive: row.fugitive,
          flagged: row.flagged,
        };
    }
    for (const office of await findOfficeCaseloads(db, { officeId, limit: 500, offset: 0 })) {
      figures.offices[office.officeId] = {
        total: office.totalCases,
        detained: office.dockets.DETAINED.cases,
        nonDetained: office.dockets.NON_DETAINED.cases,
        fugitive: office.dockets.FUGITIVE.cases,
      };
    }
    figures.overrideReleases += (await findReleaseOverrides(db, { officeId, limit: 500, offset: 0 })).length;
    figures.custodyDeterminations += (
      await findCustodyDeterminations(db, { officeId, limit: 500, offset: 0 })
    ).length;
    for (const alert of await findAlerts(db, { officeId, kind: 'MISSED_CHECK_IN', limit: 5000, offset: 0 })) {
      if (alert.escalationLevel !== null)
        figures.missedCheckInAlertLevels[alert.alertId] = alert.escalationLevel;
      if (alert.status === 'RESOLVED' || alert.consecutiveMisses === null) continue;
      (figures.openMissedCheckIns[alert.caseId] ??= []).push(
        `${alert.consecutiveMisses}@${alert.escalationLevel}`,
      );
    }
    for (const row of await findMissedCheckInOutcomes(db, { officeId })) {
      const { missed, recordedLate, excused, confirmed } = row;
      figures.missedCheckIns[row.officeId] = { missed, recordedLate, excused, confirmed };
    }
  }
  const { from, to, months } = await historyDays(new PostgresEventStore(db));
  const targets = { DETAINED: 100, NON_DETAINED: 1000 };
  for (const officeId of offices) {
    for (const point of await findStaffingHistory(db, { officeId, from, to }, targets))
      (figures.dailyCases[`${point.officeId}/${point.docket}`] ??= {})[point.day] = point.cases;
    for (const month of months) {
      for (const report of await findMonthlyOversightReports(db, { month, officeId })) {
        const counts = Object.fromEntries(
          MONTHLY_OVERSIGHT_MEASURES.filter((measure) => report[measure] > 0).map((measure) => [
            measure,
            report[measure],
          ]),
        );
        if (Object.keys(counts).length > 0) figures.monthly[`${report.officeId}/${month}`] = counts;
      }
    }
    for (const alert of await findAlerts(db, {
      officeId,
      kind: 'SUSPECTED_ABSCONDING',
      limit: 5000,
      offset: 0,
    })) {
      figures.suspicions[alert.alertId] = alert.status === 'RESOLVED' ? 'RESOLVED' : 'OPEN';
    }
  }
  for (const row of await findDetainerOutcomes(db, { limit: 500, offset: 0 })) {
    if (row.declined > 0 && offices.some((office) => row.jurisdictionId === `${office}J`)) {
      figures.declinedByJurisdiction[row.jurisdictionId] = row.declined;
    }
  }
  return figures;
}
