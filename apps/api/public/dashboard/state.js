/*
 * Everything the page shows, as last read from the api or the stream: one object the panels read
 * and change, emptied on sign-out.
 */

export const DOCKETS = ['PENDING', 'DETAINED', 'NON_DETAINED', 'FUGITIVE'];

export const state = emptyState();

function emptyState() {
  return {
    offices: new Map(), // officeId → OfficeCaseload
    officers: new Map(), // officeId → OfficerCaseload[]
    alerts: new Map(), // alertId → AlertView
    feed: [], // alertIds, the latest change first
    shownAt: new Map(), // alertId → when its current status was first shown
    worklist: undefined, // { officerId, officeId, docket }
  };
}

/** Forgets everything the page was showing. */
export function resetState() {
  Object.assign(state, emptyState());
}

let failureHandler = () => undefined;

/** A panel's own load or refresh failed; the page decides what that means (see dashboard.js). */
export function reportFailure(error) {
  failureHandler(error);
}

export function handleFailures(handler) {
  failureHandler = handler;
}
