import { CASE_STREAM_TYPE } from '@casetrail/case-commands';
import type { BulkStream } from '@casetrail/event-store';
import { generateCaseHistory, type CaseHistory, type CasePlan } from './case-history';
import { planRoster, type SeedOfficer, type SeedRoster } from './seed-roster';
import type { SeedScale } from './seed-scales';

export const DEFAULT_SEED = 20261123;

export interface SeedOptions {
  scale: SeedScale;
  seed?: number;
  /** Epoch ms at which the generated history ends. Same seed, scale and asOf: same events. */
  asOf: number;
  /**
   * A deadline storm: this many non-detained cases, spread evenly over the seed, whose check-in
   * deadlines (grace included) all pass unrecorded in the minute before `asOf`.
   */
  stormCases?: number;
}

export interface Seed {
  /** What planned it: the same options plan the same seed, on another thread too. */
  options: SeedOptions;
  roster: SeedRoster;
  /** Cases in the order they are generated. */
  caseCount: number;
  /**
   * Every case's history (or those with an index in `[from, to)`), generated as it is read: a
   * national seed never sits in memory at once.
   */
  cases(range?: { from: number; to: number }): Iterable<CaseHistory>;
}

export const STORM_MINUTE_MS = 60_000;

export function planSeed(options: SeedOptions): Seed {
  const { scale, seed = DEFAULT_SEED, asOf, stormCases = 0 } = options;
  const roster = planRoster(scale, seed);
  const caseCount = scale.nonDetainedCases + scale.detainedCases;
  if (stormCases > scale.nonDetainedCases)
    throw new Error(
      `a storm of ${stormCases} needs as many non-detained cases; the scale has ${scale.nonDetainedCases}`,
    );
  const supervisorOf = new Map(
    roster.officers
      .filter((officer) => officer.unit === 'SUPERVISOR')
      .map((officer) => [officer.officeId, officer]),
  );
  const nonDetainedByOffice = new Map<string, SeedOfficer[]>();
  for (const officer of roster.officers.filter((candidate) => candidate.unit === 'NON_DETAINED')) {
    nonDetainedByOffice.set(officer.officeId, [
      ...(nonDetainedByOffice.get(officer.officeId) ?? []),
      officer,
    ]);
  }

  function* plans(from: number, to: number): Generator<CasePlan> {
    let index = 0;
    let nonDetainedOrdinal = 0;
    for (const officer of roster.officers) {
      if (index >= to) return;
      if (index + officer.caseload <= from) {
        // An officer whose cases all lie before the range: only the counts move on.
        index += officer.caseload;
        if (officer.unit === 'NON_DETAINED') nonDetainedOrdinal += officer.caseload;
        continue;
      }
      const supervisor = supervisorOf.get(officer.officeId);
      if (!supervisor) throw new Error(`office ${officer.officeId} has no supervisor`);
      const colleagues = (nonDetainedByOffice.get(officer.officeId) ?? []).filter(
        (colleague) => colleague.officerId !== officer.officerId,
      );
      for (let n = 0; n < officer.caseload; n += 1) {
        if (index >= to) return;
        if (index < from) {
          if (officer.unit === 'NON_DETAINED') nonDetainedOrdinal += 1;
          index += 1;
          continue;
        }
        const plan: CasePlan = { index, officer, supervisorId: supervisor.officerId, colleagues };
        if (officer.unit === 'NON_DETAINED') {
          const storm = stormOrdinal(nonDetainedOrdinal, scale.nonDetainedCases, stormCases);
          if (storm !== undefined)
            plan.stormFireAt = asOf - STORM_MINUTE_MS + Math.floor((storm * STORM_MINUTE_MS) / stormCases);
          nonDetainedOrdinal += 1;
        }
        yield plan;
        index += 1;
      }
    }
  }

  return {
    options,
    roster,
    caseCount,
    *cases({ from, to } = { from: 0, to: caseCount }) {
      for (const plan of plans(from, to)) yield generateCaseHistory(plan, { seed, asOf });
    },
  };
}

/** The storm's k-th case is the one at which floor(j·S/N) steps up: S cases, evenly spread. */
function stormOrdinal(ordinal: number, total: number, storm: number): number | undefined {
  if (storm === 0) return undefined;
  const before = Math.floor((ordinal * storm) / total);
  const after = Math.floor(((ordinal + 1) * storm) / total);
  return after > before ? before : undefined;
}

/** Case histories as the event store's bulk loader takes them. */
export function* asBulkStreams(cases: Iterable<CaseHistory>): Generator<BulkStream> {
  for (const history of cases) {
    yield { streamId: history.caseId, streamType: CASE_STREAM_TYPE, events: history.events };
  }
}
