import type { CaseCommand, DecisionContext } from './case.commands';
import { notInFuture } from './case.decide';
import { CaseRuleViolation } from './case.errors';
import type { CaseState, OpenedCaseState } from './case.state';
import type {
  AcceptTransfer,
  DeclineTransfer,
  RequestTransfer,
  TransferAccepted,
  TransferCommand,
  TransferDeclined,
  TransferEvent,
  TransferRequested,
  TransferState,
  TransferWithdrawn,
  WithdrawTransfer,
} from './case.transfers';

/** Decides a transfer command for an open case (decide has already refused closed ones). Pure. */
export function decideTransfer(
  command: TransferCommand,
  state: OpenedCaseState,
  context: DecisionContext,
): TransferEvent {
  switch (command.type) {
    case 'RequestTransfer':
      return requestTransfer(command, state, context);
    case 'AcceptTransfer':
      return acceptTransfer(command, state, context);
    case 'DeclineTransfer':
      return declineTransfer(command, state, context);
    case 'WithdrawTransfer':
      return withdrawTransfer(command, state, context);
  }
}

/**
 * The office whose staff may send `command` to the case. It is the case's office, except that the
 * receiving office decides (accepts or declines) a transfer addressed to it: a supervisor there
 * reaches that transfer of the case and nothing else.
 */
export function officeActingOn(command: CaseCommand, state: CaseState): string | undefined {
  if (!state.opened) return undefined;
  if (command.type === 'AcceptTransfer' || command.type === 'DeclineTransfer') {
    const transfer = state.transfers?.[command.data.transferId];
    if (transfer) return transfer.toOfficeId;
  }
  return state.officeId;
}

/** The transfer still waiting for the receiving office, if any: at most one per case. */
export function pendingTransferOf(state: OpenedCaseState): TransferState | undefined {
  return Object.values(state.transfers ?? {}).find((transfer) => transfer.status === 'PENDING');
}

function requestTransfer(
  { data }: RequestTransfer,
  state: OpenedCaseState,
  context: DecisionContext,
): TransferRequested {
  if (state.transfers?.[data.transferId]) throw new CaseRuleViolation('CASE.TRANSFER_ALREADY_REQUESTED');
  if (pendingTransferOf(state)) throw new CaseRuleViolation('CASE.TRANSFER_ALREADY_PENDING');
  if (data.toOfficeId === state.officeId) throw new CaseRuleViolation('CASE.TRANSFER_SAME_OFFICE');
  const reason = requiredReason(data.reason);
  notInFuture(data.requestedAt, context);
  return {
    type: 'TransferRequested',
    version: 1,
    data: {
      caseId: state.caseId,
      transferId: data.transferId,
      fromOfficeId: state.officeId,
      fromOfficerId: state.officerId,
      toOfficeId: data.toOfficeId,
      reason,
      requestedBy: context.actor.userId,
      requestedAt: data.requestedAt,
    },
  };
}

function acceptTransfer(
  { data }: AcceptTransfer,
  state: OpenedCaseState,
  context: DecisionContext,
): TransferAccepted {
  const transfer = pendingTransfer(state, data.transferId);
  receivingSupervisor(context);
  if (data.toOfficerRosterOfficeId !== transfer.toOfficeId)
    throw new CaseRuleViolation('CASE.OFFICER_NOT_IN_OFFICE');
  notInFuture(data.acceptedAt, context);
  return {
    type: 'TransferAccepted',
    version: 1,
    data: {
      caseId: state.caseId,
      transferId: transfer.transferId,
      fromOfficeId: state.officeId,
      fromOfficerId: state.officerId,
      toOfficeId: transfer.toOfficeId,
      toOfficerId: data.toOfficerId,
      acceptedBy: context.actor.userId,
      acceptedAt: data.acceptedAt,
    },
  };
}

function declineTransfer(
  { data }: DeclineTransfer,
  state: OpenedCaseState,
  context: DecisionContext,
): TransferDeclined {
  const transfer = pendingTransfer(state, data.transferId);
  receivingSupervisor(context);
  const reason = requiredReason(data.reason);
  notInFuture(data.declinedAt, context);
  return {
    type: 'TransferDeclined',
    version: 1,
    data: {
      caseId: state.caseId,
      transferId: transfer.transferId,
      fromOfficeId: transfer.fromOfficeId,
      toOfficeId: transfer.toOfficeId,
      reason,
      declinedBy: context.actor.userId,
      declinedAt: data.declinedAt,
    },
  };
}

function withdrawTransfer(
  { data }: WithdrawTransfer,
  state: OpenedCaseState,
  context: DecisionContext,
): TransferWithdrawn {
  const transfer = pendingTransfer(state, data.transferId);
  notInFuture(data.withdrawnAt, context);
  return {
    type: 'TransferWithdrawn',
    version: 1,
    data: {
      caseId: state.caseId,
      transferId: transfer.transferId,
      fromOfficeId: transfer.fromOfficeId,
      toOfficeId: transfer.toOfficeId,
      withdrawnBy: context.actor.userId,
      withdrawnAt: data.withdrawnAt,
    },
  };
}

/** Applies a transfer event; like evolve, never throws. */
export function evolveTransfer(state: OpenedCaseState, event: TransferEvent): OpenedCaseState {
  if (event.type === 'TransferRequested') {
    const { transferId, fromOfficeId, fromOfficerId, toOfficeId, reason, requestedBy, requestedAt } =
      event.data;
    return withTransfer(state, {
      transferId,
      status: 'PENDING',
      fromOfficeId,
      fromOfficerId,
      toOfficeId,
      reason,
      requestedBy,
      requestedAt,
    });
  }
  const transfer = state.transfers?.[event.data.transferId];
  if (!transfer) return state;
  switch (event.type) {
    case 'TransferAccepted': {
      const { toOfficeId, toOfficerId, acceptedBy, acceptedAt } = event.data;
      const settled = { ...transfer, status: 'ACCEPTED' as const, toOfficerId, settledBy: acceptedBy };
      return {
        ...withTransfer(state, { ...settled, settledAt: acceptedAt }),
        officeId: toOfficeId,
        officerId: toOfficerId,
      };
    }
    case 'TransferDeclined':
      return withTransfer(state, {
        ...transfer,
        status: 'DECLINED',
        settledBy: event.data.declinedBy,
        settledAt: event.data.declinedAt,
        declineReason: event.data.reason,
      });
    case 'TransferWithdrawn':
      return withTransfer(state, {
        ...transfer,
        status: 'WITHDRAWN',
        settledBy: event.data.withdrawnBy,
        settledAt: event.data.withdrawnAt,
      });
  }
}

/** A closed case goes nowhere: a transfer still pending lapses with it. */
export function lapsePendingTransfer(state: OpenedCaseState, closedAt: string): OpenedCaseState {
  const pending = pendingTransferOf(state);
  return pending ? withTransfer(state, { ...pending, status: 'LAPSED', settledAt: closedAt }) : state;
}

function withTransfer(state: OpenedCaseState, transfer: TransferState): OpenedCaseState {
  return { ...state, transfers: { ...state.transfers, [transfer.transferId]: transfer } };
}

function pendingTransfer(state: OpenedCaseState, transferId: string): TransferState {
  const transfer = state.transfers?.[transferId];
  if (!transfer) throw new CaseRuleViolation('CASE.TRANSFER_NOT_FOUND');
  if (transfer.status !== 'PENDING') throw new CaseRuleViolation('CASE.TRANSFER_NOT_PENDING');
  return transfer;
}

/** Who may be sent the decision is settled by office scope (officeActingOn); the role is the domain's. */
function receivingSupervisor(context: DecisionContext): void {
  if (context.actor.role !== 'SUPERVISOR') throw new CaseRuleViolation('CASE.RECEIVING_SUPERVISOR_REQUIRED');
}

function requiredReason(text: string): string {
  const reason = text.trim();
  if (reason === '') throw new CaseRuleViolation('CASE.REASON_REQUIRED');
  return reason;
}
