import { evolveAbsconding } from './case.absconding-evolve';
import { evolveDocket, supervisionStarted } from './case.docket-evolve';
import type { CaseEvent } from './case.events';
import {
  initialCaseState,
  type CaseState,
  type OpenedCaseState,
  type OverrideRequestState,
  type SupervisionState,
} from './case.state';
import { evolveTransfer, lapsePendingTransfer } from './case.transfers.decide';
import { evolveMissedCheckIn, withMissRecorded } from './case.missed-check-ins';

/**
 * Applies one stored event to the state. Never throws: history is a fact. An event the state
 * cannot place (which decide would never have produced) leaves the state as it is.
 */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseOpened') {
    return {
      opened: true,
      caseId: event.data.caseId,
      officeId: event.data.officeId,
      officerId: event.data.officerId,
      docket: 'PENDING',
      openedAt: event.data.openedAt,
      overrideRequests: {},
      detainers: {},
    };
  }
  if (!state.opened) return state;
  return evolveOpened(state, event);
}

function evolveOpened(
  state: OpenedCaseState,
  event: Exclude<CaseEvent, { type: 'CaseOpened' }>,
): OpenedCaseState {
  switch (event.type) {
    case 'DetentionBooked': {
      // A new detention ends supervision: its deadline and any open missed-check-in alert go with it.
      // From FUGITIVE, the booking is the arrest.
      const { supervision: _ended, fugitive: _arrested, ...rest } = state;
      return {
        ...rest,
        docket: 'DETAINED',
        detention: {
          facilityId: event.data.facilityId,
          bookedInAt: event.data.bookedInAt,
          riskClassificationDueAt: event.data.riskClassificationDueAt,
          riskClassificationStatus: 'DUE',
        },
      };
    }
    case 'RiskClassificationCompleted': {
      if (!state.detention) return state;
      const { recommendation, publicSafetyRisk, flightRisk, completedAt } = event.data;
      // A new RCA supersedes a custody determination made on the one before.
      const { custodyDetermination: _superseded, ...detention } = state.detention;
      return {
        ...state,
        detention: {
          ...detention,
          riskClassificationStatus: 'COMPLETED',
          riskClassificationRecommendation: recommendation,
        },
        latestRiskClassification: { publicSafetyRisk, flightRisk, recommendation, completedAt },
      };
    }
    case 'RiskClassificationOverdue':
      if (state.detention?.riskClassificationStatus !== 'DUE') return state;
      return { ...state, detention: { ...state.detention, riskClassificationStatus: 'OVERDUE' } };
    case 'ReleaseOverrideRequested': {
      const { requestId, reasonCodes, narrative, requestedBy, requestedAt } = event.data;
      return withOverrideRequest(state, {
        requestId,
        status: 'PENDING',
        reasonCodes,
        narrative,
        requestedBy,
        requestedAt,
      });
    }
    case 'ReleaseOverrideDecided': {
      const request = state.overrideRequests[event.data.requestId];
      if (!request) return state;
      const { decision, decidedBy, decidedAt, comment } = event.data;
      return withOverrideRequest(state, {
        ...request,
        status: decision,
        decision: { decision, decidedBy, decidedAt, ...(comment === undefined ? {} : { comment }) },
      });
    }
    case 'SubjectReleased': {
      const { detention: _ended, ...rest } = state;
      const { checkInPlan, overrideRequestId } = event.data;
      return {
        ...rest,
        docket: 'NON_DETAINED',
        overrideRequests: settleOverrideRequests(state.overrideRequests, overrideRequestId),
        supervision: supervisionStarted(
          { kind: 'RELEASE', releaseType: event.data.releaseType },
          event.data.releasedAt,
          checkInPlan,
        ),
      };
    }
    case 'CheckInScheduleChanged':
      return withSupervision(state, (supervision) => ({
        ...supervision,
        intervalDays: event.data.intervalDays,
        graceHours: event.data.graceHours,
        nextCheckInDueAt: event.data.nextDueAt,
      }));
    case 'CheckInRecorded':
      // Contact again: the open alert resolves, and so does any absconding suspicion.
      return withSupervision(
        state,
        ({ openMissedCheckInAlert: _resolved, abscondingSuspicion: _contact, ...supervision }) => ({
          ...supervision,
          nextCheckInDueAt: event.data.nextDueAt,
          consecutiveMisses: 0,
          lastCheckIn: { checkedInAt: event.data.checkedInAt, method: event.data.method },
        }),
      );
    case 'CheckInMissed': {
      const { dueAt, detectedAt, consecutiveMisses, nextDueAt } = event.data;
      // One open alert per case: a further miss raises the open one again, with its id kept. Histories
      // stored before that named a new alert per miss, so the open alert's id wins over the event's.
      // The level an alert has been escalated to stays: a further miss does not take it back.
      if (!state.supervision) return state;
      const { escalationLevel, escalatedAt } = state.supervision.openMissedCheckInAlert ?? {};
      return withMissRecorded(
        withSupervision(state, (supervision) => ({
          ...supervision,
          nextCheckInDueAt: nextDueAt,
          consecutiveMisses,
          lastMissedDueAt: dueAt,
          openMissedCheckInAlert: {
            alertId: supervision.openMissedCheckInAlert?.alertId ?? event.data.alertId,
            dueAt,
            detectedAt,
            consecutiveMisses,
            acknowledged: false,
            ...(escalationLevel === undefined ? {} : { escalationLevel }),
            ...(escalatedAt === undefined ? {} : { escalatedAt }),
          },
        })),
        state.supervision,
        dueAt,
        detectedAt,
      );
    }
    case 'MissedCheckInAcknowledged':
      return withSupervision(state, (supervision) => {
        const alert = supervision.openMissedCheckInAlert;
        if (alert?.alertId !== event.data.alertId) return supervision;
        const { acknowledgedBy, acknowledgedAt } = event.data;
        return {
          ...supervision,
          openMissedCheckInAlert: { ...alert, acknowledged: true, acknowledgedBy, acknowledgedAt },
        };
      });
    case 'CaseReassigned':
      return { ...state, officeId: event.data.toOfficeId, officerId: event.data.toOfficerId };
    case 'DetainerRequested': {
      const { detainerId, jurisdictionId, requestedAt } = event.data;
      return {
        ...state,
        detainers: { ...state.detainers, [detainerId]: { detainerId, jurisdictionId, requestedAt } },
      };
    }
    case 'DetainerResponded': {
      const detainer = state.detainers[event.data.detainerId];
      if (!detainer) return state;
      const { response, respondedAt } = event.data;
      return {
        ...state,
        detainers: { ...state.detainers, [detainer.detainerId]: { ...detainer, response, respondedAt } },
      };
    }
    case 'RemovalScheduled': {
      const { removalId, scheduledFor, destinationCountry } = event.data;
      return {
        ...state,
        scheduledRemoval: {
          ...(removalId === undefined ? {} : { removalId }),
          scheduledFor,
          destinationCountry,
        },
      };
    }
    case 'RemovalFailed': {
      const { scheduledRemoval: _failed, ...rest } = state;
      return rest;
    }
    case 'SubjectRemoved':
      return closed(state, event.data.removedAt);
    case 'CaseClosed':
      return closed(state, event.data.closedAt);
    case 'SubjectEnrolled':
    case 'CustodyDeterminationRecorded':
    case 'CaseFlagged':
    case 'CaseFlagCleared':
      return evolveDocket(state, event);
    case 'TransferRequested':
    case 'TransferAccepted':
    case 'TransferDeclined':
    case 'TransferWithdrawn':
      return evolveTransfer(state, event);
    case 'MissedCheckInAlertEscalated':
    case 'MissedCheckInVoided':
    case 'MissedCheckInExcused':
    case 'MissedCheckInExcusalReopened':
    case 'MissedCheckInConfirmed':
      return evolveMissedCheckIn(state, event);
    case 'AbscondingSuspected':
    case 'AbscondingDetermined':
      return evolveAbsconding(state, event);
    default: {
      const unhandled: never = event;
      return unhandledEvent(state, unhandled);
    }
  }
}

function unhandledEvent(state: OpenedCaseState, _event: never): OpenedCaseState {
  return state;
}

/** A closed case holds no detention, supervision or removal: nothing is due any more. */
function closed(state: OpenedCaseState, closedAt: string): OpenedCaseState {
  const {
    detention: _d,
    supervision: _s,
    scheduledRemoval: _r,
    ...rest
  } = lapsePendingTransfer(state, closedAt);
  return { ...rest, docket: 'CLOSED', closedAt };
}

function withOverrideRequest(state: OpenedCaseState, request: OverrideRequestState): OpenedCaseState {
  return { ...state, overrideRequests: { ...state.overrideRequests, [request.requestId]: request } };
}

/** The release uses its override; every other open request was about the detention now ended. */
function settleOverrideRequests(
  requests: Record<string, OverrideRequestState>,
  usedRequestId: string | undefined,
): Record<string, OverrideRequestState> {
  const settled: Record<string, OverrideRequestState> = {};
  for (const [requestId, request] of Object.entries(requests)) {
    if (requestId === usedRequestId && request.status === 'APPROVED') {
      settled[requestId] = { ...request, status: 'USED' };
    } else if (request.status === 'PENDING' || request.status === 'APPROVED') {
      settled[requestId] = { ...request, status: 'LAPSED' };
    } else {
      settled[requestId] = request;
    }
  }
  return settled;
}

function withSupervision(
  state: OpenedCaseState,
  change: (supervision: SupervisionState) => SupervisionState,
): OpenedCaseState {
  return state.supervision ? { ...state, supervision: change(state.supervision) } : state;
}

export function replay(events: readonly CaseEvent[], from: CaseState = initialCaseState): CaseState {
  return events.reduce(evolve, from);
}
