import type { CaseState } from './case.state';
import { addMs, canonicalInstant, HOUR_MS } from './case.time';

/**
 * Alert ids are derived from the deadline, never generated: the same missed deadline always gives
 * the same id, so a consumer drops a redelivered or re-derived alert as a duplicate.
 */
export function missedCheckInAlertId(caseId: string, dueAt: string): string {
  return `mci:${caseId}:${canonicalInstant(dueAt)}`;
}

export function rcaOverdueAlertId(caseId: string, dueAt: string): string {
  return `rca:${caseId}:${canonicalInstant(dueAt)}`;
}

export type CaseDeadlineKind = 'RISK_CLASSIFICATION' | 'CHECK_IN';

export interface CaseDeadline {
  kind: CaseDeadlineKind;
  /** The `dueAt` the scheduler's command must carry. */
  dueAt: string;
  /** The earliest `now` at which decide accepts the miss (dueAt, plus grace for check-ins). */
  fireAt: string;
}

/**
 * The deadlines the scheduler must hold for a case in this state: replace the case's rows with
 * these after every change. Same rule as decide, so a deadline fired at `fireAt` is accepted.
 */
export function caseDeadlines(state: CaseState): CaseDeadline[] {
  if (!state.opened) return [];
  const deadlines: CaseDeadline[] = [];
  const { detention, supervision } = state;
  if (state.docket === 'DETAINED' && detention?.riskClassificationStatus === 'DUE') {
    const dueAt = detention.riskClassificationDueAt;
    deadlines.push({ kind: 'RISK_CLASSIFICATION', dueAt, fireAt: canonicalInstant(dueAt) });
  }
  if (state.docket === 'NON_DETAINED' && supervision) {
    const dueAt = supervision.nextCheckInDueAt;
    deadlines.push({ kind: 'CHECK_IN', dueAt, fireAt: addMs(dueAt, supervision.graceHours * HOUR_MS) });
  }
  return deadlines;
}
