import { GOAL_LIMITS } from './goal-limits';
import type { Figure } from './harness';
import { markdown, type Report } from './report-markdown';

const RELAY_GOAL = 'relay ≥ 0.8× the raw kafkajs producer';
const STAFFING_GOAL = 'answers for all 25 offices in < 200 ms';

function goal(name: string, description: string, met: boolean): Figure {
  return { name, unit: 'x', value: 1, goal: { description, met } };
}

function report(suites: Report['suites']): Report {
  return {
    title: 'Casetrail benchmark report',
    scale: 'standard',
    startedAt: '2026-12-06T10:00:00.000Z',
    finishedAt: '2026-12-06T10:10:00.000Z',
    machine: { cores: 2 },
    suites,
    runner: { cpuSeconds: 1, peakRssMb: 100 },
  };
}

/** The relay suite's report with its one- and two-relay goals met or missed as given. */
function relayGoalRows(oneRelayMet: boolean, twoRelaysMet: boolean): string[][] {
  return goalRows(
    markdown(
      report([
        {
          suite: 'relay',
          status: 'ok',
          seconds: 1,
          figures: [goal('one relay', RELAY_GOAL, oneRelayMet), goal('two relays', RELAY_GOAL, twoRelaysMet)],
        },
      ]),
    ),
  );
}

function goalRows(text: string): string[][] {
  const table = text.split('## Goals')[1].split('\n\n')[1];
  return table
    .split('\n')
    .slice(2)
    .map((row) => row.split(' | ').map((cell) => cell.replace(/^\| | \|$/g, '')));
}

describe('the report’s goals table', () => {
  it('names the suite of each goal, so the same figure measured by two suites can be told apart', () => {
    const rows = goalRows(
      markdown(
        report([
          {
            suite: 'staffing',
            status: 'ok',
            seconds: 1,
            figures: [goal('staffing view', STAFFING_GOAL, true)],
          },
          {
            suite: 'national',
            status: 'ok',
            seconds: 1,
            figures: [goal('staffing view', STAFFING_GOAL, true)],
          },
        ]),
      ),
    );
    expect(rows.map((row) => [row[0], row[1], row[3]])).toEqual([
      ['staffing', 'staffing view', 'yes'],
      ['national', 'staffing view', 'yes'],
    ]);
  });

  it('writes a missed goal’s limit out once and points the other goals missed for it there', () => {
    const rows = relayGoalRows(false, false);
    expect(rows[0][4]).toBe(GOAL_LIMITS[RELAY_GOAL]);
    expect(rows[1][4]).toBe('as for the first goal above missed for the same reason');
  });

  it('writes no limit beside a goal that was met', () => {
    const rows = relayGoalRows(true, false);
    expect(rows[0][4]).toBe('');
    expect(rows[1][4]).toBe(GOAL_LIMITS[RELAY_GOAL]);
  });
});
