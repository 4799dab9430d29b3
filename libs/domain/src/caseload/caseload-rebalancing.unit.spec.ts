import fc from 'fast-check';
import { proposeRebalancing, type RebalancingCase } from './caseload-rebalancing';

function casesOf(loads: Record<string, number>, fixed: Record<string, number> = {}): RebalancingCase[] {
  return Object.entries(loads).flatMap(([officerId, count]) =>
    Array.from({ length: count }, (_, index) => ({
      caseId: `${officerId}/${String(index).padStart(5, '0')}`,
      officerId,
      movable: index >= (fixed[officerId] ?? 0),
    })),
  );
}

function loadsAfter(proposal: ReturnType<typeof proposeRebalancing>): Record<string, number> {
  return Object.fromEntries(proposal.officers.map(({ officerId, after }) => [officerId, after]));
}

describe('proposeRebalancing', () => {
  describe('when every case may move', () => {
    it('brings every officer to the average with the fewest moves', () => {
      const proposal = proposeRebalancing(['A', 'B', 'C'], casesOf({ A: 120, B: 60, C: 0 }));

      expect(loadsAfter(proposal)).toEqual({ A: 60, B: 60, C: 60 });
      expect(proposal.moves).toHaveLength(60);
      expect(proposal.moves.every((move) => move.fromOfficerId === 'A' && move.toOfficerId === 'C')).toBe(
        true,
      );
      expect(proposal.maxToAverageBefore).toBe(2);
      expect(proposal.maxToAverageAfter).toBe(1);
    });

    it('leaves the case the division leaves over with the heaviest officers, moving none twice', () => {
      const proposal = proposeRebalancing(['A', 'B', 'C'], casesOf({ A: 11, B: 10, C: 0 }));

      expect(loadsAfter(proposal)).toEqual({ A: 7, B: 7, C: 7 });
      expect(new Set(proposal.moves.map((move) => move.caseId)).size).toBe(proposal.moves.length);
    });

    it('moves nothing when the officers are balanced already', () => {
      expect(proposeRebalancing(['A', 'B'], casesOf({ A: 5, B: 4 })).moves).toEqual([]);
    });

    it('gives a share to an officer without cases and takes the first cases listed', () => {
      const proposal = proposeRebalancing(['A', 'B'], casesOf({ A: 4 }));

      expect(proposal.moves).toEqual([
        { caseId: 'A/00000', fromOfficerId: 'A', toOfficerId: 'B' },
        { caseId: 'A/00001', fromOfficerId: 'A', toOfficerId: 'B' },
      ]);
    });
  });

  describe('when some cases may not move', () => {
    it('never moves them, and balances the rest as far as they allow', () => {
      const cases = casesOf({ A: 30, B: 0 }, { A: 20 });
      const proposal = proposeRebalancing(['A', 'B'], cases);

      const fixed = new Set(cases.filter((item) => !item.movable).map((item) => item.caseId));
      expect(proposal.moves.some((move) => fixed.has(move.caseId))).toBe(false);
      expect(loadsAfter(proposal)).toEqual({ A: 20, B: 10 });
    });
  });

  describe('when officers are left out', () => {
    it('neither counts nor moves the cases of an officer not taking part', () => {
      const proposal = proposeRebalancing(['A', 'B'], casesOf({ A: 10, B: 0, ABSENT: 50 }));

      expect(loadsAfter(proposal)).toEqual({ A: 5, B: 5 });
      expect(proposal.moves.every((move) => move.fromOfficerId === 'A')).toBe(true);
    });

    it('proposes nothing without officers', () => {
      expect(proposeRebalancing([], casesOf({ A: 3 }))).toMatchObject({ moves: [], maxToAverageAfter: null });
    });
  });

  it('after its moves, the heaviest officer carries at most 1.1 × the average when all may move', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 12 }), (counts) => {
        const loads = Object.fromEntries(counts.map((count, index) => [`O${index}`, count]));
        const total = counts.reduce((sum, count) => sum + count, 0);
        fc.pre(total >= 10 * counts.length);
        const proposal = proposeRebalancing(Object.keys(loads), casesOf(loads));

        expect(proposal.maxToAverageAfter).toBeLessThanOrEqual(1.1);
        const after = Object.values(loadsAfter(proposal));
        expect(after.reduce((sum, count) => sum + count, 0)).toBe(total);
        expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(1);
        // The fewest moves: each surplus case over the officer's share moves once, and no more.
        const surplus = proposal.officers.reduce(
          (sum, { before, after: load }) => sum + Math.max(0, before - load),
          0,
        );
        expect(proposal.moves).toHaveLength(surplus);
      }),
    );
  });
});
