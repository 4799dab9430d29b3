/**
 * Stable codes for every rule a command can break. The HTTP edge maps each code to a status and
 * an RFC 9457 problem type; tests assert codes, never messages.
 */
export const CASE_RULES = {
  'CASE.NOT_FOUND': 'No case with this id.',
  'CASE.ALREADY_OPENED': 'A case with this id already exists.',
  'CASE.CLOSED': 'The case is closed and accepts nothing more.',
  'CASE.ALREADY_DETAINED': 'The subject is already detained.',
  'CASE.TIME_IN_FUTURE': 'A business time may not lie in the future.',
} as const;

export type CaseRuleCode = keyof typeof CASE_RULES;

export class CaseRuleViolation extends Error {
  constructor(
    readonly code: CaseRuleCode,
    readonly detail: string = CASE_RULES[code],
  ) {
    super(`${code}: ${detail}`);
    this.name = 'CaseRuleViolation';
  }
}
