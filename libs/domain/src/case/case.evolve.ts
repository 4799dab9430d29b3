import type { CaseEvent } from './case.events';
import { initialCaseState, type CaseState } from './case.state';

/** Applies one stored event to the state. Never throws: history is a fact. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return {
        ...state,
        opened: true,
        caseId: event.data.caseId,
        officeId: event.data.officeId,
        officerId: event.data.officerId,
        docket: 'PENDING',
      };
    case 'DetentionBooked':
      return {
        ...state,
        docket: 'DETAINED',
        facilityId: event.data.facilityId,
        bookedInAt: event.data.bookedInAt,
        riskClassificationDueAt: event.data.riskClassificationDueAt,
      };
    default: {
      const unhandled: never = event;
      return unhandledEvent(state, unhandled);
    }
  }
}

function unhandledEvent(state: CaseState, _event: never): CaseState {
  return state;
}

export function replay(events: readonly CaseEvent[], from: CaseState = initialCaseState): CaseState {
  return events.reduce(evolve, from);
}
