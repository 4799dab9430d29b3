/**
 * Rebalancing one docket of one office: which cases to move so that every officer carries about
 * the office average. Pure: the caller says which officers take part and which cases may move.
 */

export interface RebalancingCase {
  caseId: string;
  officerId: string;
  /** False for a case that must stay with its officer (a priority flag, an open alert). */
  movable: boolean;
}

export interface CaseMove {
  caseId: string;
  fromOfficerId: string;
  toOfficerId: string;
}

export interface OfficerLoad {
  officerId: string;
  before: number;
  after: number;
}

export interface RebalancingProposal {
  moves: CaseMove[];
  /** Every officer taking part, by officer id. */
  officers: OfficerLoad[];
  /** Cases ÷ officers. */
  average: number;
  /** The heaviest caseload ÷ the average, before and after the moves; null without cases. */
  maxToAverageBefore: number | null;
  maxToAverageAfter: number | null;
}

/**
 * The fewest moves that bring each officer to ⌊average⌋ or ⌈average⌉ cases, where the cases that
 * may not move allow it. The heaviest officers keep the one case over ⌊average⌋ that the division
 * leaves over, so no officer gives up a case only to take another. A case whose officer is not among
 * `officerIds` (absent, or on another unit) stays where it is and is not counted.
 *
 * Which cases leave an officer follows the order of `cases`: the caller puts first the ones it
 * would rather move.
 */
export function proposeRebalancing(
  officerIds: readonly string[],
  cases: readonly RebalancingCase[],
): RebalancingProposal {
  const officers = [...new Set(officerIds)].sort();
  const held = new Map<string, RebalancingCase[]>(officers.map((officerId) => [officerId, []]));
  for (const item of cases) held.get(item.officerId)?.push(item);
  const total = [...held.values()].reduce((sum, list) => sum + list.length, 0);
  if (officers.length === 0) {
    return { moves: [], officers: [], average: 0, maxToAverageBefore: null, maxToAverageAfter: null };
  }

  const base = Math.floor(total / officers.length);
  const heaviestFirst = officers.toSorted(
    (a, b) => (held.get(b)?.length ?? 0) - (held.get(a)?.length ?? 0) || (a < b ? -1 : 1),
  );
  const targets = new Map(
    heaviestFirst.map((officerId, rank) => [
      officerId,
      base + (rank < total - base * officers.length ? 1 : 0),
    ]),
  );

  const offered: CaseMove[] = [];
  for (const officerId of heaviestFirst) {
    const list = held.get(officerId) ?? [];
    const surplus = list.length - (targets.get(officerId) ?? 0);
    if (surplus <= 0) continue;
    for (const item of list.filter((candidate) => candidate.movable).slice(0, surplus)) {
      offered.push({ caseId: item.caseId, fromOfficerId: officerId, toOfficerId: '' });
    }
  }
  const moves: CaseMove[] = [];
  let next = 0;
  for (const officerId of heaviestFirst.toReversed()) {
    const deficit = (targets.get(officerId) ?? 0) - (held.get(officerId)?.length ?? 0);
    for (let taken = 0; taken < deficit && next < offered.length; taken += 1) {
      moves.push({ ...offered[next], toOfficerId: officerId });
      next += 1;
    }
  }

  const afterCounts = new Map(officers.map((officerId) => [officerId, held.get(officerId)?.length ?? 0]));
  for (const move of moves) {
    afterCounts.set(move.fromOfficerId, (afterCounts.get(move.fromOfficerId) ?? 0) - 1);
    afterCounts.set(move.toOfficerId, (afterCounts.get(move.toOfficerId) ?? 0) + 1);
  }
  const average = total / officers.length;
  return {
    moves,
    officers: officers.map((officerId) => ({
      officerId,
      before: held.get(officerId)?.length ?? 0,
      after: afterCounts.get(officerId) ?? 0,
    })),
    average: Math.round(average * 100) / 100,
    maxToAverageBefore: maxToAverage(
      [...held.values()].map((list) => list.length),
      average,
    ),
    maxToAverageAfter: maxToAverage([...afterCounts.values()], average),
  };
}

/** The heaviest load ÷ the average (4 decimals); null without cases. */
export function maxToAverage(loads: readonly number[], average: number): number | null {
  if (average === 0) return null;
  return Math.round((Math.max(...loads) / average) * 10_000) / 10_000;
}
