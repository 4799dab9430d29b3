import { claimsOf, session } from './api-client.js';
import { renderFeed, mergeAlert } from './alert-feed.js';
import { refreshOffice } from './office-chart.js';
import { renderOfficers } from './officers-table.js';
import { reportFailure, state } from './state.js';
import { loadWorklist } from './worklist.js';

/* What the caseload stream says changed, shown without a reload. */

/** Several changes in a row refresh an office's figures once. */
const REFRESH_DELAY_MS = 250;

const refreshTimers = new Map(); // officeId or 'worklist' → timer

export function cancelRefreshes() {
  for (const timer of refreshTimers.values()) clearTimeout(timer);
  refreshTimers.clear();
}

export function onStreamEvent({ type, data }) {
  if (type !== 'caseloads' && type !== 'alerts') return;
  const update = JSON.parse(data);
  // The api sends only the caller's offices; this keeps the page right should it ever send more.
  if (!mayView(update.officeId)) return;
  if (type === 'caseloads') {
    state.officers.set(update.officeId, update.officers);
    renderOfficers();
    scheduleRefresh(update.officeId);
  } else {
    for (const alert of update.alerts) mergeAlert(alert, { live: true });
    renderFeed();
    renderOfficers();
    if (state.worklist?.officeId === update.officeId) scheduleRefresh(`worklist`);
  }
}

function mayView(officeId) {
  const claims = claimsOf(session.token() ?? '');
  return claims?.role === 'OVERSIGHT' || (claims?.offices.includes(officeId) ?? false);
}

/** The office's totals and ratio (and the open worklist) follow a caseload change, once per burst. */
function scheduleRefresh(key) {
  clearTimeout(refreshTimers.get(key));
  refreshTimers.set(
    key,
    setTimeout(() => {
      refreshTimers.delete(key);
      const refresh = key === 'worklist' ? loadWorklist() : refreshOffice(key);
      refresh.catch(reportFailure);
    }, REFRESH_DELAY_MS),
  );
  if (key !== 'worklist' && state.worklist?.officeId === key) scheduleRefresh('worklist');
}
