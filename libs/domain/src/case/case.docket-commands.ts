import type {
  CustodyDecision,
  EnrolmentBasis,
  PriorityFlagKind,
  ReportingCondition,
} from './case.docket-events';
import type { RequestedCheckInPlan } from './case.events';

export interface EnrolSubject {
  type: 'EnrolSubject';
  data: {
    basis: EnrolmentBasis;
    reportingConditions: ReportingCondition[];
    enrolledAt: string;
    checkInPlan: RequestedCheckInPlan;
  };
}

export interface RecordCustodyDetermination {
  type: 'RecordCustodyDetermination';
  data: { decision: CustodyDecision; rationale: string; determinedAt: string };
}

export interface FlagCase {
  type: 'FlagCase';
  data: { kind: PriorityFlagKind; reason: string; flaggedAt: string };
}

export interface ClearCaseFlag {
  type: 'ClearCaseFlag';
  data: { kind: PriorityFlagKind; reason: string; clearedAt: string };
}

export type DocketCommand = EnrolSubject | RecordCustodyDetermination | FlagCase | ClearCaseFlag;
