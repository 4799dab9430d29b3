import type { CaseOpened, DetentionBooked } from './case.events';
import { given } from './case.given';

const caseId = '6f1c2a54-0d7e-4a43-9a55-2f1f3e6a9b10';
const subject = {
  givenName: 'Ana',
  familyName: 'Example',
  aNumber: 'A123456789',
  dateOfBirth: '1990-01-01',
  countryOfCitizenship: 'MX',
};
const caseOpened: CaseOpened = {
  type: 'CaseOpened',
  version: 1,
  data: { caseId, officeId: 'WAS', officerId: 'officer-1', subject, openedAt: '2026-11-20T09:00:00.000Z' },
};
const detentionBooked: DetentionBooked = {
  type: 'DetentionBooked',
  version: 1,
  data: {
    caseId,
    facilityId: 'FAC-1',
    bookedInAt: '2026-11-21T10:00:00.000Z',
    riskClassificationDueAt: '2026-11-26T10:00:00.000Z',
  },
};

describe('Case', () => {
  describe('when nothing has happened yet', () => {
    it('opens a case on the pending docket', () => {
      given()
        .when({ type: 'OpenCase', data: caseOpened.data })
        .then([caseOpened]);
    });

    it('refuses every other command for a case that was never opened', () => {
      given()
        .when({ type: 'BookDetention', data: { facilityId: 'FAC-1', bookedInAt: '2026-11-21T10:00:00.000Z' } })
        .thenRejects('CASE.NOT_FOUND');
    });

    it('refuses an opening time in the future', () => {
      given()
        .when({ type: 'OpenCase', data: { ...caseOpened.data, openedAt: '2026-11-24T00:00:00.000Z' } })
        .thenRejects('CASE.TIME_IN_FUTURE');
    });
  });

  describe('when the case is open', () => {
    it('refuses to open it again', () => {
      given(caseOpened).when({ type: 'OpenCase', data: caseOpened.data }).thenRejects('CASE.ALREADY_OPENED');
    });

    it('books a detention with the risk classification due five days later', () => {
      given(caseOpened)
        .when({ type: 'BookDetention', data: { facilityId: 'FAC-1', bookedInAt: '2026-11-21T10:00:00.000Z' } })
        .then([detentionBooked]);
    });
  });

  describe('when the subject is detained', () => {
    it('refuses a second booking', () => {
      given(caseOpened, detentionBooked)
        .when({ type: 'BookDetention', data: { facilityId: 'FAC-2', bookedInAt: '2026-11-22T10:00:00.000Z' } })
        .thenRejects('CASE.ALREADY_DETAINED');
    });
  });
});
