import type {
  ClearCaseFlag,
  EnrolSubject,
  FlagCase,
  RecordCustodyDetermination,
} from './case.docket-commands';
import type {
  CaseFlagCleared,
  CaseFlagged,
  CustodyDeterminationRecorded,
  SubjectEnrolled,
} from './case.docket-events';
import {
  caseId,
  caseOpened,
  detained,
  FIRST_CHECK_IN_DUE_AT,
  OVERRIDE_DECIDED_AT,
  riskClassificationCompleted,
} from './case.test-data';

/*
 * The non-detained docket's events and commands, on the timeline of `case.test-data.ts`: a case
 * opened at OPENED_AT is enrolled the next day; a detainee's RCA asks for supervisor review.
 */
export const ENROLLED_AT = '2026-11-23T09:00:00.000Z';
export const DETERMINED_AT = OVERRIDE_DECIDED_AT;
export const FLAGGED_AT = '2026-11-23T10:00:00.000Z';

/** 130 characters: a rationale past the same floor as an override's narrative. */
export const determinationRationale =
  'Subject has a verified address with a sponsor, attended every immigration hearing so far and ' +
  'has no criminal history in any database.';

const checkInPlan = { firstDueAt: FIRST_CHECK_IN_DUE_AT, intervalDays: 7, graceHours: 24 };

// Events

export function subjectEnrolled(data: Partial<SubjectEnrolled['data']> = {}): SubjectEnrolled {
  return {
    type: 'SubjectEnrolled',
    version: 1,
    data: {
      caseId,
      basis: 'ORDER_OF_RECOGNIZANCE',
      reportingConditions: ['REPORT_IN_PERSON'],
      enrolledAt: ENROLLED_AT,
      enrolledBy: 'officer-1',
      checkInPlan,
      ...data,
    },
  };
}

export function custodyDeterminationRecorded(
  data: Partial<CustodyDeterminationRecorded['data']> = {},
): CustodyDeterminationRecorded {
  return {
    type: 'CustodyDeterminationRecorded',
    version: 1,
    data: {
      caseId,
      decision: 'RELEASE',
      rationale: determinationRationale,
      rcaRecommendation: 'SUPERVISOR_REVIEW',
      determinedBy: 'supervisor-1',
      determinedAt: DETERMINED_AT,
      ...data,
    },
  };
}

export function caseFlagged(data: Partial<CaseFlagged['data']> = {}): CaseFlagged {
  return {
    type: 'CaseFlagged',
    version: 1,
    data: {
      caseId,
      kind: 'NATIONAL_SECURITY',
      reason: 'Named in a partner agency bulletin.',
      source: 'OFFICER',
      flaggedBy: 'officer-1',
      flaggedAt: FLAGGED_AT,
      ...data,
    },
  };
}

export function caseFlagCleared(data: Partial<CaseFlagCleared['data']> = {}): CaseFlagCleared {
  return {
    type: 'CaseFlagCleared',
    version: 1,
    data: {
      caseId,
      kind: 'NATIONAL_SECURITY',
      reason: 'The bulletin was withdrawn.',
      clearedBy: 'supervisor-1',
      clearedAt: FLAGGED_AT,
      ...data,
    },
  };
}

// Histories

export const enrolled = [caseOpened(), subjectEnrolled()];
export const underSupervisorReview = [
  ...detained,
  riskClassificationCompleted({ recommendation: 'SUPERVISOR_REVIEW' }),
];

// Commands

export function enrolSubject(data: Partial<EnrolSubject['data']> = {}): EnrolSubject {
  return {
    type: 'EnrolSubject',
    data: {
      basis: 'ORDER_OF_RECOGNIZANCE',
      reportingConditions: ['REPORT_IN_PERSON'],
      enrolledAt: ENROLLED_AT,
      checkInPlan,
      ...data,
    },
  };
}

export function recordCustodyDetermination(
  data: Partial<RecordCustodyDetermination['data']> = {},
): RecordCustodyDetermination {
  return {
    type: 'RecordCustodyDetermination',
    data: { decision: 'RELEASE', rationale: determinationRationale, determinedAt: DETERMINED_AT, ...data },
  };
}

export function flagCase(data: Partial<FlagCase['data']> = {}): FlagCase {
  return {
    type: 'FlagCase',
    data: {
      kind: 'NATIONAL_SECURITY',
      reason: 'Named in a partner agency bulletin.',
      flaggedAt: FLAGGED_AT,
      ...data,
    },
  };
}

export function clearCaseFlag(data: Partial<ClearCaseFlag['data']> = {}): ClearCaseFlag {
  return {
    type: 'ClearCaseFlag',
    data: {
      kind: 'NATIONAL_SECURITY',
      reason: 'The bulletin was withdrawn.',
      clearedAt: FLAGGED_AT,
      ...data,
    },
  };
}
