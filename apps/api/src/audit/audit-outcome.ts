import type { Response } from 'express';
import type { AuditOutcome } from '@casetrail/audit';

const DENIED = 'casetrailAccessDenied';
const COMMAND = 'casetrailCaseCommand';
const AUDITED_WITH_COMMAND = 'casetrailAuditedWithCommand';

/** Marks a response as an access denial, whatever status it shows the caller (401, 403 or 404). */
export function markAccessDenied(response: Response): void {
  response.locals[DENIED] = true;
}

/** Names the case command a write sent, for its audit record. */
export function markCaseCommand(response: Response, command: string): void {
  response.locals[COMMAND] = command;
}

/** Marks a response whose audit record the command wrote in its own transaction. */
export function markAuditedWithCommand(response: Response): void {
  response.locals[AUDITED_WITH_COMMAND] = true;
}

export function auditedWithCommand(response: Response): boolean {
  return response.locals[AUDITED_WITH_COMMAND] === true;
}

export function caseCommandOf(response: Response): string | null {
  return (response.locals[COMMAND] as string | undefined) ?? null;
}

export function auditOutcomeOf(response: Response): AuditOutcome {
  if (response.locals[DENIED] === true) return 'DENIED';
  if (response.statusCode >= 500) return 'FAILED';
  if (response.statusCode >= 400) return 'REFUSED';
  return 'ALLOWED';
}
