import {
  authorization,
  claimsOf,
  getAllItems,
  getJson,
  NotAllowed,
  session,
  SessionEnded,
} from './api-client.js';
import { mergeAlert, renderFeed, sortFeedByLatestChange } from './alert-feed.js';
import { openEventStream } from './event-stream.js';
import { cancelRefreshes, onStreamEvent } from './live-updates.js';
import { clearOffices, renderOffices } from './office-chart.js';
import { renderOfficers } from './officers-table.js';
import { loadOversight } from './oversight.js';
import { $, replaceChildren } from './render.js';
import { clearStaffing, loadStaffing } from './staffing.js';
import { setLive, showSession, showSignIn, wireSignIn } from './sign-in.js';
import { handleFailures, resetState, state } from './state.js';
import { closeWorklist, loadWorklist } from './worklist.js';

/*
 * The supervisors' dashboard: what the signed-in user's token lets them read, kept live by the
 * caseload stream. Everything shown comes from the api's read models, which hold ids, codes,
 * counts and times only: no subject's name, A-number or date of birth ever reaches this page.
 * This module signs in and out and loads everything; each panel lives in its own module.
 */

const OPEN_STATUSES = ['RAISED', 'ACKNOWLEDGED', 'ESCALATED'];
const RECENT_ALERTS_PER_OFFICE = 50;
const SESSION_ENDED_MESSAGE = 'Your session has ended or your token was not accepted. Please sign in again.';

let stream;

function signOut(message) {
  stream?.close();
  stream = undefined;
  session.end();
  clearOffices();
  clearStaffing();
  cancelRefreshes();
  resetState();
  replaceChildren($('officers'));
  replaceChildren($('alert-feed'));
  $('worklist').hidden = true;
  showSignIn(message);
}

function onFailure(error) {
  if (error instanceof SessionEnded) {
    signOut(SESSION_ENDED_MESSAGE);
    return;
  }
  showProblem('Some figures could not be loaded; they will refresh with the next update.');
}

function showProblem(message) {
  const notice = $('dashboard-message');
  notice.textContent = message;
  notice.hidden = !message;
}

async function start() {
  const token = session.token();
  const claims = token ? claimsOf(token) : undefined;
  if (!token || !claims) {
    showSignIn();
    return;
  }
  if (claims.role !== 'SUPERVISOR' && claims.role !== 'OVERSIGHT') {
    signOut('This dashboard is for supervisors and the oversight office. Sign in with such a token.');
    return;
  }
  showSession(claims);
  setLive('connecting');
  stream = openEventStream({
    url: '/stream/caseloads',
    headers: authorization(),
    onOpen: async () => {
      try {
        await loadEverything();
      } catch (error) {
        if (error instanceof NotAllowed)
          signOut(
            'Your token does not allow reading caseloads. Sign in as a supervisor or the oversight office.',
          );
        throw error;
      }
      setLive('live');
    },
    onEvent: (event) => {
      try {
        onStreamEvent(event);
      } catch (error) {
        onFailure(error);
      }
    },
    onDown: () => setLive('down'),
    onUnauthorized: () => signOut(SESSION_ENDED_MESSAGE),
  });
}

async function loadEverything() {
  showProblem('');
  const { items: offices } = await getJson('/caseloads/offices', { limit: 500 });
  state.offices = new Map(offices.map((office) => [office.officeId, office]));
  state.officers = new Map();
  await Promise.all(offices.map((office) => loadOffice(office.officeId)));
  sortFeedByLatestChange();
  renderOffices();
  renderOfficers();
  renderFeed();
  await Promise.all([loadOversight(), loadStaffing(), state.worklist ? loadWorklist() : undefined]);
}

async function loadOffice(officeId) {
  const [office, officers] = await Promise.all([
    getJson('/caseloads/offices', { officeId, limit: 1 }),
    getAllItems('/caseloads/officers', { officeId }),
  ]);
  if (office.items[0]) state.offices.set(officeId, office.items[0]);
  state.officers.set(officeId, officers);
  // Every open alert (for the counts), and the latest ones whatever their status (for the feed).
  const [open, recent] = await Promise.all([
    Promise.all(OPEN_STATUSES.map((status) => getAllItems('/alerts', { officeId, status }))),
    getJson('/alerts', { officeId, limit: RECENT_ALERTS_PER_OFFICE }),
  ]);
  for (const alert of [...open.flat(), ...recent.items]) mergeAlert(alert, { live: false });
}

function wireUp() {
  handleFailures(onFailure);
  wireSignIn({ onSignIn: () => start().catch(onFailure), onSignOut: signOut });
  $('worklist-close').addEventListener('click', () => {
    closeWorklist();
    renderOfficers();
  });
  // Relative times in the feed stay true without a reload.
  setInterval(() => {
    if (state.feed.length > 0) renderFeed();
  }, 30_000);
}

wireUp();
start().catch(onFailure);
