import { OVERRIDE_NARRATIVE_MIN_LENGTH } from './case.commands';

/**
 * Stable codes for every rule a command can break. The HTTP edge maps each code to a status and
 * an RFC 9457 problem type; tests assert codes, never messages.
 *
 * The scheduler treats CASE.DEADLINE_ALREADY_RECORDED and CASE.DEADLINE_NOT_CURRENT as "nothing
 * to do": a retried or superseded deadline is refused without harm.
 */
export const CASE_RULES = {
  'CASE.NOT_FOUND': 'No case with this id.',
  'CASE.ALREADY_OPENED': 'A case with this id already exists.',
  'CASE.CLOSED': 'The case is closed and accepts nothing more.',
  'CASE.TIME_IN_FUTURE': 'A business time may not lie in the future.',
  'CASE.TIME_INVALID': 'A time is not a valid ISO 8601 instant.',
  'CASE.ALREADY_DETAINED': 'The subject is already detained.',
  'CASE.NOT_DETAINED': 'Only a detained subject allows this.',
  'CASE.NOT_UNDER_SUPERVISION': 'Check-ins exist only for a subject released under supervision.',
  'CASE.DEADLINE_NOT_REACHED': 'The deadline (with its grace period) has not passed yet.',
  'CASE.DEADLINE_ALREADY_RECORDED': 'This deadline has already been recorded as missed.',
  'CASE.DEADLINE_NOT_CURRENT':
    'The deadline no longer applies: it was met, moved, or belongs to an earlier one.',
  'CASE.OVERRIDE_ALREADY_REQUESTED': 'A release override request with this id already exists.',
  'CASE.OVERRIDE_REASON_REQUIRED': 'A release override needs at least one reason code.',
  'CASE.OVERRIDE_REASON_UNKNOWN': 'A release override reason code is not on the fixed list.',
  'CASE.OVERRIDE_NARRATIVE_TOO_SHORT': `A release override narrative needs at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters.`,
  'CASE.OVERRIDE_NOT_FOUND': 'No release override request with this id on this case.',
  'CASE.OVERRIDE_NOT_PENDING': 'The release override request has already been decided or has lapsed.',
  'CASE.SUPERVISOR_REQUIRED':
    'Only a supervisor may decide a release override or custody, or reopen an excused missed check-in.',
  'CASE.OVERRIDE_SELF_APPROVAL': 'The requesting officer may not decide their own release override.',
  'CASE.OVERRIDE_REQUIRED':
    'Releasing against a DETAIN recommendation, or without an RCA, needs an approved release override.',
  'CASE.OVERRIDE_NOT_APPROVED': 'The release override request has not been approved.',
  'CASE.OVERRIDE_ALREADY_USED': 'The release override has already been used for a release.',
  'CASE.OVERRIDE_LAPSED': 'The release override belongs to an earlier detention.',
  'CASE.CHECK_IN_PLAN_INVALID':
    'A check-in plan needs whole intervalDays ≥ 1, graceHours ≥ 0 and a due time after it starts.',
  'CASE.ALERT_NOT_FOUND': 'No open missed-check-in alert with this id on this case.',
  'CASE.ALERT_ALREADY_ACKNOWLEDGED': 'The alert has already been acknowledged.',
  'CASE.REASON_REQUIRED': 'A reason is required.',
  'CASE.ALREADY_ASSIGNED': 'The case is already assigned to this officer in this office.',
  'CASE.DETAINER_ALREADY_REQUESTED': 'A detainer with this id already exists.',
  'CASE.DETAINER_NOT_FOUND': 'No detainer with this id on this case.',
  'CASE.DETAINER_ALREADY_RESPONDED': 'The detainer already has a response.',
  'CASE.REMOVAL_ALREADY_SCHEDULED': 'A removal is already scheduled.',
  'CASE.REMOVAL_NOT_SCHEDULED': 'No removal is scheduled.',
  'CASE.NOT_PENDING': 'Only a pending case (never detained or released) can be enrolled without detention.',
  'CASE.CUSTODY_DETERMINATION_NOT_CALLED_FOR':
    'A custody determination answers an RCA of this detention that recommends SUPERVISOR_REVIEW.',
  'CASE.CUSTODY_RATIONALE_TOO_SHORT': `A custody determination's rationale needs at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters.`,
  'CASE.CUSTODY_DETERMINATION_REQUIRED':
    'The RCA recommends SUPERVISOR_REVIEW: a release needs a supervisor’s recorded custody determination.',
  'CASE.RELEASE_CONTRADICTS_DETERMINATION':
    'The release does not match the supervisor’s custody determination.',
  'CASE.ALREADY_FLAGGED': 'The case already carries a priority flag of this kind.',
  'CASE.FLAG_NOT_FOUND': 'The case carries no priority flag of this kind.',
  'CASE.TRANSFER_REQUIRED':
    'A reassignment stays within the case’s office; request a transfer to move the case to another office.',
  'CASE.TRANSFER_SAME_OFFICE': 'A transfer goes to another office; within the office, reassign the case.',
  'CASE.TRANSFER_ALREADY_REQUESTED': 'A transfer with this id already exists.',
  'CASE.TRANSFER_ALREADY_PENDING': 'The case already has a transfer waiting for the receiving office.',
  'CASE.TRANSFER_NOT_FOUND': 'No transfer with this id on this case.',
  'CASE.TRANSFER_NOT_PENDING':
    'The transfer has already been accepted, declined or withdrawn, or has lapsed.',
  'CASE.RECEIVING_SUPERVISOR_REQUIRED':
    'Only a supervisor of the receiving office may accept or decline a transfer.',
  'CASE.OFFICER_NOT_IN_OFFICE': 'The officer is not on the roster of the office the case is to be with.',
  'CASE.ALERT_ALREADY_ESCALATED': 'The alert is already at this escalation level or above.',
  'CASE.MISS_NOT_FOUND': 'No missed check-in with this due time is recorded on this case.',
  'CASE.MISS_NOT_OPEN':
    'The missed check-in has already been voided, excused or confirmed; only an open miss allows this.',
  'CASE.MISS_NOT_EXCUSED': 'Only an excused missed check-in can be reopened.',
  'CASE.EXCUSAL_REASON_UNKNOWN': 'The excusal reason code is not on the fixed list.',
  'CASE.EXCUSAL_NOTE_TOO_SHORT': `An excusal note needs at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters.`,
  'CASE.FUGITIVE':
    'The subject is a fugitive: no check-ins or removals until an arrest is booked as a detention.',
  'CASE.ABSCONDING_NOT_SUSPECTED': 'The case has no open absconding suspicion to determine.',
  'CASE.ABSCONDING_DETERMINED_BEFORE_SUSPECTED':
    'An absconding determination cannot be dated before the suspicion it answers was raised.',
  'CASE.ABSCONDING_NARRATIVE_TOO_SHORT': `An absconding determination's narrative needs at least ${OVERRIDE_NARRATIVE_MIN_LENGTH} characters.`,
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
