import { replay } from './case.evolve';
import { given } from './case.given';
import type { CaseState, OpenedCaseState } from './case.state';
import {
  acceptTransfer,
  caseClosed,
  caseReassigned,
  caseOpened,
  declineTransfer,
  detained,
  NOW,
  officer,
  receivingSupervisor,
  requestTransfer,
  reassignCase,
  supervisor,
  TRANSFER_ID,
  transferAccepted,
  transferDeclined,
  transferRequested,
  transferWithdrawn,
  withdrawTransfer,
} from './case.test-data';
import { officeActingOn, pendingTransferOf } from './case.transfers.decide';

const IN_THE_FUTURE = '2026-11-24T00:00:00.000Z';
const asReceivingSupervisor = { actor: receivingSupervisor };
const pendingTransfer = [caseOpened(), transferRequested()];

function opened(state: CaseState): OpenedCaseState {
  if (!state.opened) throw new Error('expected an opened case');
  return state;
}

describe('Transfers between offices', () => {
  describe('when the case has no pending transfer', () => {
    it('records a request to the receiving office, with where the case is now', () => {
      given(caseOpened()).when(requestTransfer()).then([transferRequested()]);
    });

    it('lets a supervisor of the sending office request it too', () => {
      given(...detained)
        .when(requestTransfer(), { actor: supervisor })
        .then([transferRequested({ requestedBy: supervisor.userId })]);
    });

    it('stores the reason without surrounding blanks', () => {
      given(caseOpened())
        .when(requestTransfer({ reason: '  Subject moved to Georgia \n' }))
        .then([transferRequested()]);
    });

    it('refuses a request without a reason', () => {
      given(caseOpened())
        .when(requestTransfer({ reason: '  ' }))
        .thenRejects('CASE.REASON_REQUIRED');
    });

    it('refuses a transfer to the office the case is already in', () => {
      given(caseOpened())
        .when(requestTransfer({ toOfficeId: 'WAS' }))
        .thenRejects('CASE.TRANSFER_SAME_OFFICE');
    });

    it('refuses a request time in the future', () => {
      given(caseOpened())
        .when(requestTransfer({ requestedAt: IN_THE_FUTURE }))
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('refuses to accept, decline or withdraw a transfer the case does not have', () => {
      given(caseOpened())
        .when(acceptTransfer(), asReceivingSupervisor)
        .thenRejects('CASE.TRANSFER_NOT_FOUND');
      given(caseOpened())
        .when(declineTransfer(), asReceivingSupervisor)
        .thenRejects('CASE.TRANSFER_NOT_FOUND');
      given(caseOpened()).when(withdrawTransfer()).thenRejects('CASE.TRANSFER_NOT_FOUND');
    });
  });

  describe('when a transfer is pending', () => {
    it('refuses a second request, whichever office it names', () => {
      given(...pendingTransfer)
        .when(requestTransfer({ transferId: 'transfer-2', toOfficeId: 'SEA' }))
        .thenRejects('CASE.TRANSFER_ALREADY_PENDING');
    });

    it('refuses a request that reuses the transfer id', () => {
      given(...pendingTransfer)
        .when(requestTransfer())
        .thenRejects('CASE.TRANSFER_ALREADY_REQUESTED');
    });

    it('keeps the case in its office and with its officer', () => {
      expect(replay(pendingTransfer)).toMatchObject({ officeId: 'WAS', officerId: 'officer-1' });
      expect(pendingTransferOf(opened(replay(pendingTransfer)))).toMatchObject({
        transferId: TRANSFER_ID,
        status: 'PENDING',
        toOfficeId: 'ATL',
      });
    });

    it('lets the sending office go on reassigning the case within the office', () => {
      given(...pendingTransfer)
        .when(reassignCase())
        .then([caseReassigned({ toOfficeId: 'WAS' })]);
    });

    it('is accepted by a receiving supervisor, naming the officer who takes the case', () => {
      given(...pendingTransfer)
        .when(acceptTransfer(), asReceivingSupervisor)
        .then([transferAccepted()]);
    });

    it('moves the case to the receiving office and officer once accepted', () => {
      const state = opened(replay([...pendingTransfer, transferAccepted()]));
      expect(state).toMatchObject({ officeId: 'ATL', officerId: 'ATL-ND-001' });
      expect(state.transfers?.[TRANSFER_ID]).toMatchObject({
        status: 'ACCEPTED',
        toOfficerId: 'ATL-ND-001',
        settledBy: receivingSupervisor.userId,
      });
      expect(pendingTransferOf(state)).toBeUndefined();
    });

    it('refuses an acceptance naming an officer who is not on the receiving office’s roster', () => {
      given(...pendingTransfer)
        .when(acceptTransfer({ toOfficerRosterOfficeId: 'WAS' }), asReceivingSupervisor)
        .thenRejects('CASE.OFFICER_NOT_IN_OFFICE');
      given(...pendingTransfer)
        .when(acceptTransfer({ toOfficerRosterOfficeId: undefined }), asReceivingSupervisor)
        .thenRejects('CASE.OFFICER_NOT_IN_OFFICE');
    });

    it('refuses an acceptance or a decline by an officer', () => {
      given(...pendingTransfer)
        .when(acceptTransfer(), { actor: officer })
        .thenRejects('CASE.RECEIVING_SUPERVISOR_REQUIRED');
      given(...pendingTransfer)
        .when(declineTransfer(), { actor: officer })
        .thenRejects('CASE.RECEIVING_SUPERVISOR_REQUIRED');
    });

    it('refuses an acceptance time in the future', () => {
      given(...pendingTransfer)
        .when(acceptTransfer({ acceptedAt: IN_THE_FUTURE }), asReceivingSupervisor)
        .thenRejects('CASE.TIME_IN_FUTURE');
    });

    it('is declined by a receiving supervisor with a reason, and the case stays', () => {
      given(...pendingTransfer)
        .when(
          declineTransfer({ reason: ' No capacity on the non-detained docket this month ' }),
          asReceivingSupervisor,
        )
        .then([transferDeclined()]);
      const state = opened(replay([...pendingTransfer, transferDeclined()]));
      expect(state).toMatchObject({ officeId: 'WAS', officerId: 'officer-1' });
      expect(state.transfers?.[TRANSFER_ID]?.status).toBe('DECLINED');
    });

    it('refuses a decline without a reason', () => {
      given(...pendingTransfer)
        .when(declineTransfer({ reason: '' }), asReceivingSupervisor)
        .thenRejects('CASE.REASON_REQUIRED');
    });

    it('is withdrawn by the sending office, and the case stays', () => {
      given(...pendingTransfer)
        .when(withdrawTransfer())
        .then([transferWithdrawn()]);
      const state = opened(replay([...pendingTransfer, transferWithdrawn()]));
      expect(state).toMatchObject({ officeId: 'WAS', officerId: 'officer-1' });
      expect(state.transfers?.[TRANSFER_ID]?.status).toBe('WITHDRAWN');
    });

    it('lapses when the case is closed', () => {
      const state = opened(replay([...pendingTransfer, caseClosed()]));
      expect(state.transfers?.[TRANSFER_ID]).toMatchObject({ status: 'LAPSED', settledAt: NOW });
    });
  });

  describe('when the transfer is settled', () => {
    it.each([
      ['accepted', transferAccepted()],
      ['declined', transferDeclined()],
      ['withdrawn', transferWithdrawn()],
    ])('refuses to settle a transfer that was %s again', (_settled, settlement) => {
      given(...pendingTransfer, settlement)
        .when(acceptTransfer(), asReceivingSupervisor)
        .thenRejects('CASE.TRANSFER_NOT_PENDING');
      given(...pendingTransfer, settlement)
        .when(withdrawTransfer())
        .thenRejects('CASE.TRANSFER_NOT_PENDING');
    });

    it('accepts a new request once the earlier one was declined', () => {
      given(...pendingTransfer, transferDeclined())
        .when(requestTransfer({ transferId: 'transfer-2', toOfficeId: 'SEA' }))
        .then([transferRequested({ transferId: 'transfer-2', toOfficeId: 'SEA' })]);
    });
  });

  describe('when the case is closed', () => {
    it('refuses a transfer request', () => {
      given(caseOpened(), caseClosed()).when(requestTransfer()).thenRejects('CASE.CLOSED');
    });
  });

  describe('which office may act on the case', () => {
    it('is the case’s office for everything but deciding a transfer', () => {
      expect(officeActingOn(requestTransfer(), replay(pendingTransfer))).toBe('WAS');
      expect(officeActingOn(withdrawTransfer(), replay(pendingTransfer))).toBe('WAS');
      expect(officeActingOn(reassignCase(), replay(pendingTransfer))).toBe('WAS');
    });

    it('is the receiving office for accepting or declining that transfer', () => {
      expect(officeActingOn(acceptTransfer(), replay(pendingTransfer))).toBe('ATL');
      expect(officeActingOn(declineTransfer(), replay(pendingTransfer))).toBe('ATL');
    });

    it('is the case’s office when the transfer named is not the case’s', () => {
      expect(officeActingOn(acceptTransfer({ transferId: 'elsewhere' }), replay(pendingTransfer))).toBe(
        'WAS',
      );
    });

    it('is no office for a case that does not exist', () => {
      expect(officeActingOn(acceptTransfer(), replay([]))).toBeUndefined();
    });
  });
});
