export const ROSTER_RULES = {
  'ROSTER.OFFICE_NOT_FOUND': 'No office with this id.',
  'ROSTER.OFFICE_EXISTS': 'An office with this id already exists.',
  'ROSTER.OFFICER_EXISTS': 'An officer with this id already exists.',
  'ROSTER.OFFICER_NOT_IN_OFFICE': 'The officer is not on the roster of this office.',
  'ROSTER.ABSENCE_NOT_FOUND': 'No absence with this id for this officer.',
  'ROSTER.ABSENCE_ENDED': 'The absence has already ended.',
  'ROSTER.ABSENCE_OVERLAPS': 'The officer already has an absence in this period.',
  'ROSTER.ABSENCE_PERIOD_INVALID': 'An absence must end after it starts.',
  'ROSTER.COVER_SELF': 'An absent officer cannot cover their own absence.',
} as const;

export type RosterRuleCode = keyof typeof ROSTER_RULES;

export class RosterViolation extends Error {
  constructor(readonly code: RosterRuleCode) {
    super(ROSTER_RULES[code]);
    this.name = 'RosterViolation';
  }
}
