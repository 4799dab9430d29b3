import fc from 'fast-check';
import {
  caseDeadlines,
  evolve,
  initialCaseState,
  CASE_EVENT_TYPES,
  type CaseEvent,
  type CaseState,
} from '@casetrail/domain';
import { planSeed, STORM_MINUTE_MS } from './seed-generator';
import type { CaseHistory } from './case-history';
import { planRoster } from './seed-roster';
import { SEED_SCALES, type SeedScale } from './seed-scales';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const SMALL: SeedScale = {
  name: 'test',
  offices: 4,
  nonDetainedOfficersPerOffice: 2,
  detainedOfficersPerOffice: 1,
  nonDetainedCases: 1_600,
  detainedCases: 80,
};

function generate(options: { seed?: number; asOf?: number; stormCases?: number; scale?: SeedScale } = {}) {
  return [...planSeed({ scale: options.scale ?? SMALL, asOf: AS_OF, ...options }).cases()];
}

function replay(history: CaseHistory): CaseState {
  return history.events.reduce(
    (state, event) =>
      evolve(state, { type: event.type, version: event.schemaVersion, data: event.data } as CaseEvent),
    initialCaseState,
  );
}

describe('the seed generator', () => {
  describe('with the same seed', () => {
    it('produces the same events, ids and times', () => {
      expect(generate({ seed: 7 })).toEqual(generate({ seed: 7 }));
    });

    it('generates any range of cases as the whole seed generates them, storm cases included', () => {
      const seed = planSeed({ scale: SMALL, seed: 7, asOf: AS_OF, stormCases: 50 });
      // Ranges that split officers' caseloads, as a worker's batches do.
      const ends = [0, 1, 333, 800, 801, 1_500, seed.caseCount];
      const inRanges = ends.slice(1).flatMap((to, index) => [...seed.cases({ from: ends[index], to })]);
      expect(inRanges).toEqual([...seed.cases()]);
    });

    it('produces other histories for another seed', () => {
      const [first] = generate({ seed: 7 });
      const [other] = generate({ seed: 8 });
      expect(other.caseId).not.toBe(first.caseId);
      expect(other.events.map((event) => event.occurredAt)).not.toEqual(
        first.events.map((event) => event.occurredAt),
      );
    });
  });

  describe('every history', () => {
    it('is one the domain decided, whatever the seed and end time', () => {
      // The generator runs every step through decide, which throws on an impossible one.
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          fc.integer({ min: 0, max: 400 }),
          (seed, days) => {
            const asOf = AS_OF + days * 86_400_000 + (seed % 86_400_000);
            const histories = [
              ...planSeed({
                scale: { ...SMALL, nonDetainedCases: 120, detainedCases: 40 },
                seed,
                asOf,
                stormCases: 10,
              }).cases(),
            ];
            expect(histories).toHaveLength(160);
          },
        ),
        { numRuns: 25 },
      );
    });

    const histories = generate();

    it('folds, event by event, into the state the generator ended with', () => {
      for (const history of histories) expect(replay(history)).toEqual(history.state);
    });

    it('uses only known event types, numbers versions from 1 and never goes back in time', () => {
      for (const history of histories) {
        const times = history.events.map((event) => Date.parse(event.occurredAt));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(Math.max(...times)).toBeLessThanOrEqual(AS_OF);
        expect(history.events[0].type).toBe('CaseOpened');
        for (const event of history.events) expect(CASE_EVENT_TYPES).toContain(event.type);
      }
      const ids = histories.flatMap((history) => history.events.map((event) => event.eventId));
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('leaves no deadline due before the end of the history, so no scheduler catches up at start', () => {
      for (const history of histories) {
        for (const deadline of caseDeadlines(history.state))
          expect(Date.parse(deadline.fireAt)).toBeGreaterThan(AS_OF);
      }
    });

    it('names subjects so that nobody could mistake them for real people', () => {
      for (const history of histories) {
        const opened = history.events[0].data as { subject: { givenName: string; aNumber: string } };
        expect(opened.subject.givenName).toBe('Synthetic');
        expect(opened.subject.aNumber).toMatch(/^A00\d{7}$/);
      }
    });
  });

  describe('the history as a whole', () => {
    const histories = generate();
    const states = histories.map((history) => history.state);

    it('supervises the released and keeps the detained', () => {
      const byDocket = (docket: string) => states.filter((state) => state.docket === docket).length;
      expect(byDocket('NON_DETAINED')).toBeGreaterThan(1_500);
      expect(byDocket('DETAINED')).toBeGreaterThan(60);
      expect(byDocket('CLOSED')).toBeGreaterThan(0);
    });

    it('enrols most of the non-detained docket without a detention, as the real docket is', () => {
      const supervised = histories.filter((history) =>
        history.events.some((event) => event.type === 'SubjectEnrolled' || event.type === 'SubjectReleased'),
      );
      const enrolled = supervised.filter((history) =>
        history.events.some((event) => event.type === 'SubjectEnrolled'),
      );
      expect(enrolled.length / supervised.length).toBeGreaterThan(0.6);
      for (const history of enrolled)
        expect(history.events.map((event) => event.type)).not.toContain('DetentionBooked');
    });

    it('has short histories: about eight million events for 2.2 million cases', () => {
      const events = histories.reduce((sum, history) => sum + history.events.length, 0);
      expect(events / histories.length).toBeGreaterThan(3.3);
      expect(events / histories.length).toBeLessThan(5);
    });

    it('records misses, acknowledgements, overrides and detainer responses, as the reports describe', () => {
      const types = new Set(histories.flatMap((history) => history.events.map((event) => event.type)));
      for (const type of [
        'CheckInRecorded',
        'CheckInMissed',
        'MissedCheckInAcknowledged',
        'RiskClassificationOverdue',
        'ReleaseOverrideDecided',
        'CustodyDeterminationRecorded',
        'CaseFlagged',
        'DetainerResponded',
        'SubjectRemoved',
      ])
        expect(types).toContain(type);
    });
  });

  describe('with a deadline storm', () => {
    const histories = generate({ stormCases: 200 });
    const fireTimes = histories.flatMap((history) =>
      caseDeadlines(history.state).map((deadline) => ({
        kind: deadline.kind,
        at: Date.parse(deadline.fireAt),
      })),
    );

    it('lets exactly that many check-in deadlines pass in the minute before the end, and no other', () => {
      const due = fireTimes.filter(({ at }) => at <= AS_OF);
      expect(due).toHaveLength(200);
      for (const { kind, at } of due) {
        expect(kind).toBe('CHECK_IN');
        expect(at).toBeGreaterThanOrEqual(AS_OF - STORM_MINUTE_MS);
      }
    });
  });
});

describe('caseloads', () => {
  it('give a national Washington officer the 10,156 cases the reports name', () => {
    const roster = planRoster(SEED_SCALES.national, 1);
    expect(roster.officers.find((officer) => officer.officerId === 'WAS-ND-001')?.caseload).toBe(10_156);
  });

  it.each([SEED_SCALES.national, SEED_SCALES.standard])(
    'put thousands of cases on non-detained officers and about 100 on detained ones ($name)',
    (scale) => {
      const { officers } = planRoster(scale, 1);
      const caseloads = (unit: string) =>
        officers.filter((officer) => officer.unit === unit).map((officer) => officer.caseload);
      expect(Math.min(...caseloads('NON_DETAINED'))).toBeGreaterThanOrEqual(1_000);
      for (const caseload of caseloads('DETAINED')) {
        expect(caseload).toBeGreaterThanOrEqual(70);
        expect(caseload).toBeLessThanOrEqual(150);
      }
      expect(caseloads('NON_DETAINED').reduce((a, b) => a + b, 0)).toBe(scale.nonDetainedCases);
    },
  );

  it('keep the same shape at a small scale: non-detained caseloads many times the detained ones', () => {
    const histories = generate();
    const counts = new Map<string, number>();
    for (const { state } of histories) {
      if (state.opened && state.docket !== 'CLOSED')
        counts.set(state.officerId, (counts.get(state.officerId) ?? 0) + 1);
    }
    const average = (unit: string) => {
      const loads = [...counts].filter(([officerId]) => officerId.includes(unit)).map(([, count]) => count);
      return loads.reduce((a, b) => a + b, 0) / loads.length;
    };
    expect(average('-ND-') / average('-DET-')).toBeGreaterThan(10);
  });
});
