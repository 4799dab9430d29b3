import type { CheckInPlan, RcaRecommendation } from './case.events';

/*
 * The non-detained docket standing on its own: enrolment without a detention, a supervisor's
 * custody determination under SUPERVISOR_REVIEW, and priority flags.
 */

/** Why a person is supervised who was never (or not now) in ICE custody. */
export const ENROLMENT_BASES = [
  'ORDER_OF_RECOGNIZANCE',
  'PAROLE',
  'BOND_SET_BY_JUDGE',
  'COURT_ORDER',
  'TRANSFER_FROM_AGENCY',
  'OTHER',
] as const;
export type EnrolmentBasis = (typeof ENROLMENT_BASES)[number];

/** What the person must do besides checking in; codes only, so no free text reaches the record. */
export const REPORTING_CONDITIONS = [
  'REPORT_IN_PERSON',
  'REPORT_BY_PHONE',
  'REPORT_BY_APP',
  'HOME_VISITS',
  'ELECTRONIC_MONITORING',
  'NOTIFY_ADDRESS_CHANGE',
  'TRAVEL_RESTRICTED',
  'SURRENDER_TRAVEL_DOCUMENTS',
] as const;
export type ReportingCondition = (typeof REPORTING_CONDITIONS)[number];

/** A supervisor's decision when the RCA recommends SUPERVISOR_REVIEW. */
export const CUSTODY_DECISIONS = ['DETAIN', 'RELEASE', 'RELEASE_ON_ATD'] as const;
export type CustodyDecision = (typeof CUSTODY_DECISIONS)[number];

export const PRIORITY_FLAG_KINDS = ['NATIONAL_SECURITY', 'PUBLIC_SAFETY', 'OTHER'] as const;
export type PriorityFlagKind = (typeof PRIORITY_FLAG_KINDS)[number];

/** Who raised a flag: a person, or the RCA that rated the public-safety risk HIGH. */
export const PRIORITY_FLAG_SOURCES = ['OFFICER', 'SUPERVISOR', 'RISK_CLASSIFICATION'] as const;
export type PriorityFlagSource = (typeof PRIORITY_FLAG_SOURCES)[number];

/** A pending case put straight on the non-detained docket, as a release would put it there. */
export interface SubjectEnrolled {
  type: 'SubjectEnrolled';
  version: 1;
  data: {
    caseId: string;
    basis: EnrolmentBasis;
    reportingConditions: ReportingCondition[];
    enrolledAt: string;
    enrolledBy: string;
    checkInPlan: CheckInPlan;
  };
}

export interface CustodyDeterminationRecorded {
  type: 'CustodyDeterminationRecorded';
  version: 1;
  data: {
    caseId: string;
    decision: CustodyDecision;
    /** Trimmed; at least OVERRIDE_NARRATIVE_MIN_LENGTH characters. */
    rationale: string;
    /** The recommendation the determination answers (always SUPERVISOR_REVIEW today). */
    rcaRecommendation: RcaRecommendation;
    determinedBy: string;
    determinedAt: string;
  };
}

export interface CaseFlagged {
  type: 'CaseFlagged';
  version: 1;
  data: {
    caseId: string;
    kind: PriorityFlagKind;
    reason: string;
    source: PriorityFlagSource;
    flaggedBy: string;
    flaggedAt: string;
  };
}

export interface CaseFlagCleared {
  type: 'CaseFlagCleared';
  version: 1;
  data: { caseId: string; kind: PriorityFlagKind; reason: string; clearedBy: string; clearedAt: string };
}

export type DocketEvent = SubjectEnrolled | CustodyDeterminationRecorded | CaseFlagged | CaseFlagCleared;
