import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultOutcome } from './outcome';

export interface SuiteReport {
  profile: string;
  seed: number;
  startedAt: string;
  durationSeconds: number;
  passed: boolean;
  faults: FaultOutcome[];
}

export function passed(outcome: FaultOutcome): boolean {
  return outcome.checks.every((check) => check.passed);
}

export function writeReport(dir: string, report: SuiteReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'faults.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'faults.md'), markdown(report));
}

function markdown(report: SuiteReport): string {
  const lines = [
    `# Fault suite (${report.profile} profile)`,
    '',
    `Run ${report.startedAt}, ${Math.round(report.durationSeconds)} s, seed ${report.seed}: **${report.passed ? 'passed' : 'FAILED'}**.`,
    'Events: written = committed to the store; acknowledged = the writer was told so; lost = acknowledged but not stored, ' +
      'stored but never on `case-events.v1`, or stored but never projected; duplicated = extra copies on the topic ' +
      '(at-least-once); applied twice = events a projection committed more than once. Recovery = seconds from the end ' +
      'of the fault (its worst repetition) until everything stored before it was published and projected.',
    '',
    '| Fault | Written | Acknowledged | Lost | Duplicated on topic | Applied twice | Recovery (s) | Result |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...report.faults.map(
      (outcome) =>
        `| ${outcome.title} | ${outcome.written} | ${outcome.acknowledged} | ${outcome.lost} | ${outcome.duplicatedOnTopic} | ` +
        `${outcome.appliedTwice} | ${outcome.recoverySeconds ?? 'not in time'} | ${passed(outcome) ? 'passed' : 'FAILED'} |`,
    ),
    '',
  ];
  for (const outcome of report.faults) {
    lines.push(`## ${outcome.title}`, '');
    for (const check of outcome.checks)
      lines.push(`- ${check.passed ? '✓' : '✗'} ${check.name}: ${check.detail}`);
    for (const note of outcome.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return lines.join('\n');
}
