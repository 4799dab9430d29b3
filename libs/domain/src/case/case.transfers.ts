/**
 * Moving a case to another office: the sending office asks, a supervisor of the receiving office
 * accepts (naming the officer who takes it) or declines, and the sending office may withdraw the
 * request while it is pending. Until it is accepted the case stays where it is.
 */

export interface TransferRequested {
  type: 'TransferRequested';
  version: 1;
  data: {
    caseId: string;
    transferId: string;
    fromOfficeId: string;
    fromOfficerId: string;
    toOfficeId: string;
    reason: string;
    requestedBy: string;
    requestedAt: string;
  };
}

export interface TransferAccepted {
  type: 'TransferAccepted';
  version: 1;
  data: {
    caseId: string;
    transferId: string;
    fromOfficeId: string;
    fromOfficerId: string;
    toOfficeId: string;
    toOfficerId: string;
    acceptedBy: string;
    acceptedAt: string;
  };
}

export interface TransferDeclined {
  type: 'TransferDeclined';
  version: 1;
  data: {
    caseId: string;
    transferId: string;
    fromOfficeId: string;
    toOfficeId: string;
    reason: string;
    declinedBy: string;
    declinedAt: string;
  };
}

export interface TransferWithdrawn {
  type: 'TransferWithdrawn';
  version: 1;
  data: {
    caseId: string;
    transferId: string;
    fromOfficeId: string;
    toOfficeId: string;
    withdrawnBy: string;
    withdrawnAt: string;
  };
}

export type TransferEvent = TransferRequested | TransferAccepted | TransferDeclined | TransferWithdrawn;

export interface RequestTransfer {
  type: 'RequestTransfer';
  data: { transferId: string; toOfficeId: string; reason: string; requestedAt: string };
}

export interface AcceptTransfer {
  type: 'AcceptTransfer';
  data: {
    transferId: string;
    toOfficerId: string;
    /**
     * The office whose roster lists `toOfficerId`, looked up at the edge; absent when no roster
     * does. The domain compares it with the transfer's receiving office.
     */
    toOfficerRosterOfficeId?: string;
    acceptedAt: string;
  };
}

export interface DeclineTransfer {
  type: 'DeclineTransfer';
  data: { transferId: string; reason: string; declinedAt: string };
}

export interface WithdrawTransfer {
  type: 'WithdrawTransfer';
  data: { transferId: string; withdrawnAt: string };
}

export type TransferCommand = RequestTransfer | AcceptTransfer | DeclineTransfer | WithdrawTransfer;

/**
 * PENDING → ACCEPTED | DECLINED | WITHDRAWN. A case closed while its transfer is pending ends
 * that transfer as LAPSED.
 */
export const TRANSFER_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'LAPSED'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export interface TransferState {
  transferId: string;
  status: TransferStatus;
  fromOfficeId: string;
  fromOfficerId: string;
  toOfficeId: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  /** Once accepted: who takes the case. */
  toOfficerId?: string;
  /** Who accepted, declined or withdrew it, when, and (declined) why. */
  settledBy?: string;
  settledAt?: string;
  declineReason?: string;
}
