import type { SubjectIdentity } from './case.events';

export type Role = 'OFFICER' | 'SUPERVISOR' | 'OVERSIGHT' | 'ADMIN';

export interface Actor {
  userId: string;
  role: Role;
}

/** Durations that operators may shorten for a demo; the defaults are the agency's rules. */
export interface CasePolicy {
  /** The Risk Classification Assessment is due this long after booking (5 days). */
  riskClassificationWindowMs: number;
}

export const DEFAULT_CASE_POLICY: CasePolicy = {
  riskClassificationWindowMs: 5 * 24 * 60 * 60 * 1000,
};

/** What every decision knows besides the command: who asks, and the time, both from the edge. */
export interface DecisionContext {
  actor: Actor;
  /** Server time of the decision, ISO 8601. */
  now: string;
  policy: CasePolicy;
}

export interface OpenCase {
  type: 'OpenCase';
  data: { caseId: string; officeId: string; officerId: string; subject: SubjectIdentity; openedAt: string };
}

export interface BookDetention {
  type: 'BookDetention';
  data: { facilityId: string; bookedInAt: string };
}

export type CaseCommand = OpenCase | BookDetention;
export type CaseCommandType = CaseCommand['type'];
