/**
 * Every fact that can happen to a case. Past tense, tagged by `type`, versioned by `version`.
 * Identity and time live in the event data; who/when/correlation metadata is added by the
 * event store at the edge.
 */
export type Docket = 'PENDING' | 'DETAINED' | 'NON_DETAINED' | 'CLOSED';

export interface SubjectIdentity {
  givenName: string;
  familyName: string;
  /** Alien registration number, e.g. "A123456789". Personal data. */
  aNumber: string;
  /** ISO date (YYYY-MM-DD). Personal data. */
  dateOfBirth: string;
  countryOfCitizenship: string;
}

export interface CaseOpened {
  type: 'CaseOpened';
  version: 1;
  data: { caseId: string; officeId: string; officerId: string; subject: SubjectIdentity; openedAt: string };
}

export interface DetentionBooked {
  type: 'DetentionBooked';
  version: 1;
  data: { caseId: string; facilityId: string; bookedInAt: string; riskClassificationDueAt: string };
}

export type CaseEvent = CaseOpened | DetentionBooked;
export type CaseEventType = CaseEvent['type'];
