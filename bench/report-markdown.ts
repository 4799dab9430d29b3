import { round, type BenchContext, type Figure } from './harness';
import { GOAL_LIMITS } from './goal-limits';

/** One suite's outcome in a run. */
export interface SuiteResult {
  suite: string;
  status: 'ok' | 'failed' | 'skipped';
  seconds: number;
  figures: Figure[];
  error?: string;
}

/** What one run of the benchmarks wrote: bench/reports/*.json, rendered as the .md beside it. */
export interface Report {
  title: string;
  scale: BenchContext['scale'];
  startedAt: string;
  finishedAt: string;
  machine: Record<string, string | number>;
  suites: SuiteResult[];
  runner: { cpuSeconds: number; peakRssMb: number };
  /** What the run cannot show by itself (figures counted by tests, profiles), added by hand. */
  remarks?: string[];
}

/** The report as markdown: the machine, the goals with what limits each one missed, then every suite's figures. */
export function markdown(report: Report): string {
  const lines: string[] = [];
  lines.push(`# ${report.title}`, '');
  lines.push(
    `Scale **${report.scale}**, ${report.startedAt} → ${report.finishedAt}. ` +
      'Every baseline was measured in the same run, on the same Postgres and broker. ' +
      'Ratio = Casetrail ÷ baseline (above 1: Casetrail is faster / bigger), unless the notes say otherwise.',
    '',
  );
  lines.push('## Machine', '', '| | |', '|---|---|');
  for (const [key, value] of Object.entries(report.machine)) lines.push(`| ${key} | ${value} |`);
  lines.push('');
  const goals = report.suites.flatMap((suite) =>
    suite.figures.filter((figure) => figure.goal).map((figure) => ({ suite: suite.suite, figure })),
  );
  if (goals.length > 0) {
    lines.push(
      '## Goals',
      '',
      '| Suite | Figure | Goal | Met | When not met: what limits it |',
      '|---|---|---|---|---|',
    );
    // A limit is written out at the first goal missed for it; the others missed for it point there.
    const limitsWritten = new Set<string>();
    for (const { suite, figure } of goals) {
      const description = figure.goal?.description ?? '';
      let limit = '';
      if (!figure.goal?.met) {
        limit = limitsWritten.has(description)
          ? 'as for the first goal above missed for the same reason'
          : (GOAL_LIMITS[description] ?? 'not yet profiled');
        limitsWritten.add(description);
      }
      lines.push(
        `| ${suite} | ${figure.name} | ${description} | ${figure.goal?.met ? 'yes' : '**no**'} | ${limit} |`,
      );
    }
    lines.push('');
  }
  for (const suite of report.suites) {
    lines.push(`## ${suite.suite} (${suite.status}, ${round(suite.seconds, 1)} s)`, '');
    if (suite.error) lines.push('```', suite.error, '```', '');
    if (suite.figures.length === 0) continue;
    lines.push('| Figure | Value | Baseline | Ratio | Goal | Notes |', '|---|---|---|---|---|---|');
    for (const figure of suite.figures) {
      const baseline = figure.baseline
        ? `${figure.baseline.value} ${figure.unit} (${figure.baseline.name})`
        : '';
      const goal = figure.goal
        ? `${figure.goal.met ? 'met' : '**not met**'}: ${figure.goal.description}`
        : '';
      lines.push(
        `| ${figure.name} | ${figure.value} ${figure.unit} | ${baseline} | ${figure.ratio ?? ''} | ${goal} | ${(figure.notes ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
      );
    }
    lines.push('');
  }
  if (report.remarks?.length)
    lines.push('## Remarks', '', ...report.remarks.flatMap((remark) => [remark, '']));
  lines.push(
    `Runner process: ${report.runner.cpuSeconds} CPU s, peak RSS ${report.runner.peakRssMb} MB ` +
      '(the driver, its clients and the in-process baselines).',
    '',
  );
  return `${lines.join('\n')}\n`;
}
