import type { Docket } from './case.events';

export interface CaseState {
  /** False until CaseOpened: every other command needs an opened case. */
  opened: boolean;
  caseId?: string;
  officeId?: string;
  officerId?: string;
  docket: Docket;
  facilityId?: string;
  bookedInAt?: string;
  riskClassificationDueAt?: string;
}

export const initialCaseState: CaseState = { opened: false, docket: 'PENDING' };
