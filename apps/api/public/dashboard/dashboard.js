import {
  authorization,
  claimsOf,
  getAllItems,
  getJson,
  looksLikeToken,
  NotAllowed,
  session,
  SessionEnded,
} from './api-client.js';
import { openEventStream } from './event-stream.js';
import {
  alertKindLabel,
  caseLabel,
  codeLabel,
  docketLabel,
  el,
  formatDateTime,
  formatNumber,
  formatRelative,
  formatShare,
  replaceChildren,
  statusBadge,
  table,
} from './render.js';

/*
 * The supervisors' dashboard: what the signed-in user's token lets them read, kept live by the
 * caseload stream. Everything shown comes from the api's read models, which hold ids, codes,
 * counts and times only: no subject's name, A-number or date of birth ever reaches this page.
 */

const DOCKETS = ['PENDING', 'DETAINED', 'NON_DETAINED'];
const OPEN_STATUSES = ['RAISED', 'ACKNOWLEDGED', 'ESCALATED'];
const FEED_LENGTH = 100;
const RECENT_ALERTS_PER_OFFICE = 50;
/** Several changes in a row refresh an office's figures once. */
const REFRESH_DELAY_MS = 250;
const DOCKET_COLOURS = { PENDING: '#94a3b8', DETAINED: '#2563eb', NON_DETAINED: '#ea580c' };

const $ = (id) => document.getElementById(id);

/** Everything the page shows, as last read from the api or the stream. */
let state = emptyState();
let stream;
const charts = new Map();
const refreshTimers = new Map();

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

// ---------------------------------------------------------------------------------------------
// Signing in and out

function showSignIn(message) {
  $('dashboard-view').hidden = true;
  $('session').hidden = true;
  $('signin-view').hidden = false;
  const notice = $('signin-message');
  notice.textContent = message ?? '';
  notice.hidden = !message;
  $('token-input').value = '';
  $('token-input').focus();
}

function signOut(message) {
  stream?.close();
  stream = undefined;
  session.end();
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  for (const timer of refreshTimers.values()) clearTimeout(timer);
  refreshTimers.clear();
  state = emptyState();
  replaceChildren($('offices'));
  replaceChildren($('officers'));
  replaceChildren($('alert-feed'));
  $('worklist').hidden = true;
  showSignIn(message);
}

const SESSION_ENDED_MESSAGE = 'Your session has ended or your token was not accepted. Please sign in again.';

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
  $('signin-view').hidden = true;
  $('dashboard-view').hidden = false;
  $('session').hidden = false;
  replaceChildren(
    $('who'),
    el('strong', {}, claims.sub),
    ` · ${claims.role.toLowerCase()}`,
    claims.role === 'OVERSIGHT' ? ' · all offices' : ` · ${claims.offices.join(', ')}`,
  );
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

function setLive(liveState) {
  const badge = $('live-status');
  badge.dataset.state = liveState;
  badge.textContent = { connecting: 'Connecting…', live: 'Live', down: 'Reconnecting…' }[liveState];
}

// ---------------------------------------------------------------------------------------------
// Loading

async function loadEverything() {
  showProblem('');
  const { items: offices } = await getJson('/caseloads/offices', { limit: 500 });
  state.offices = new Map(offices.map((office) => [office.officeId, office]));
  state.officers = new Map();
  await Promise.all(offices.map((office) => loadOffice(office.officeId, { withAlerts: true })));
  state.feed.sort(
    (a, b) => Date.parse(state.alerts.get(b).updatedAt) - Date.parse(state.alerts.get(a).updatedAt),
  );
  renderOffices();
  renderOfficers();
  renderFeed();
  await Promise.all([loadOversight(), state.worklist ? loadWorklist() : undefined]);
}

async function loadOffice(officeId, { withAlerts = false } = {}) {
  const [office, officers] = await Promise.all([
    getJson('/caseloads/offices', { officeId, limit: 1 }),
    getAllItems('/caseloads/officers', { officeId }),
  ]);
  if (office.items[0]) state.offices.set(officeId, office.items[0]);
  state.officers.set(officeId, officers);
  if (!withAlerts) return;
  // Every open alert (for the counts), and the latest ones whatever their status (for the feed).
  const [open, recent] = await Promise.all([
    Promise.all(OPEN_STATUSES.map((status) => getAllItems('/alerts', { officeId, status }))),
    getJson('/alerts', { officeId, limit: RECENT_ALERTS_PER_OFFICE }),
  ]);
  for (const alert of [...open.flat(), ...recent.items]) mergeAlert(alert, { live: false });
}

async function loadOversight() {
  await Promise.all([
    panel('overrides', () => getJson('/oversight/release-overrides', { limit: 100 }), renderOverrides),
    panel('rca', () => getJson('/oversight/rca-compliance', { limit: 20 }), renderRca),
    panel('detainers', () => getJson('/oversight/detainers', { limit: 20 }), renderDetainers),
  ]);
}

async function panel(id, load, render) {
  try {
    replaceChildren($(id), render(await load()));
  } catch (error) {
    if (!(error instanceof NotAllowed)) throw error;
    replaceChildren($(id), el('p', { class: 'empty' }, 'Not available to your role.'));
  }
}

// ---------------------------------------------------------------------------------------------
// Live updates

function onStreamEvent({ type, data }) {
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
      refresh.catch(onFailure);
    }, REFRESH_DELAY_MS),
  );
  if (key !== 'worklist' && state.worklist?.officeId === key) scheduleRefresh('worklist');
}

async function refreshOffice(officeId) {
  const { items } = await getJson('/caseloads/offices', { officeId, limit: 1 });
  if (items[0]) state.offices.set(officeId, items[0]);
  else state.offices.delete(officeId);
  renderOffices();
}

/** Keeps the newer of two views of one alert; a change moves it to the top of the feed. */
function mergeAlert(alert, { live }) {
  const known = state.alerts.get(alert.alertId);
  if (known && Date.parse(alert.updatedAt) < Date.parse(known.updatedAt)) return;
  const changed = !known || known.status !== alert.status || known.officeId !== alert.officeId;
  state.alerts.set(alert.alertId, alert);
  if (!changed) return;
  if (known) state.shownAt.delete(alert.alertId);
  if (live) {
    state.feed = [alert.alertId, ...state.feed.filter((id) => id !== alert.alertId)];
  } else if (!state.feed.includes(alert.alertId)) {
    state.feed.push(alert.alertId);
  }
}

// ---------------------------------------------------------------------------------------------
// Offices: a chart of cases per officer on each docket, with the imbalance ratio

function renderOffices() {
  const container = $('offices');
  const offices = [...state.offices.values()].sort((a, b) => a.officeId.localeCompare(b.officeId));
  for (const [officeId, chart] of charts) {
    if (state.offices.has(officeId)) continue;
    chart.destroy();
    charts.delete(officeId);
    container.querySelector(`[data-office-id="${CSS.escape(officeId)}"]`)?.remove();
  }
  if (offices.length === 0) {
    replaceChildren(container, el('p', { class: 'empty' }, 'No active cases in your offices.'));
    return;
  }
  container.querySelector('.empty')?.remove();
  for (const office of offices) {
    let card = container.querySelector(`[data-office-id="${CSS.escape(office.officeId)}"]`);
    if (!card) {
      card = officeCard(office.officeId);
      container.append(card);
    }
    fillOfficeCard(card, office);
  }
}

function officeCard(officeId) {
  return el(
    'article',
    { class: 'office', dataset: { officeId }, 'aria-labelledby': `office-${officeId}` },
    el(
      'div',
      { class: 'office__head' },
      el('h3', { id: `office-${officeId}` }, officeId),
      el('span', { class: 'office__totals' }),
    ),
    el('div', { class: 'ratio' }),
    el('div', { class: 'office__chart' }, el('canvas', { role: 'img' })),
    el('dl', { class: 'office__dockets' }),
  );
}

function fillOfficeCard(card, office) {
  card.querySelector('.office__totals').textContent =
    `${formatNumber(office.totalCases)} active cases · ${formatNumber(office.officers)} officers`;

  const ratio = office.imbalanceRatio;
  const level = ratio === null ? 'none' : ratio >= 3 ? 'high' : ratio >= 1.5 ? 'raised' : 'even';
  const ratioBox = card.querySelector('.ratio');
  ratioBox.dataset.level = level;
  replaceChildren(
    ratioBox,
    el('span', { class: 'ratio__value' }, ratio === null ? '—' : `${ratio.toFixed(1)}×`),
    el(
      'span',
      { class: 'ratio__label' },
      ratio === null ? 'No detained cases: no imbalance ratio' : 'non-detained ÷ detained cases per officer',
    ),
  );

  replaceChildren(
    card.querySelector('.office__dockets'),
    DOCKETS.map((docket) => {
      const load = office.dockets[docket];
      return el(
        'div',
        { class: 'docket', dataset: { docket } },
        el('dt', {}, docketLabel(docket)),
        el(
          'dd',
          {},
          el('span', { class: 'docket__cases' }, formatNumber(load.cases)),
          el('span', { class: 'docket__average' }, `${formatNumber(load.averagePerOfficer)} per officer`),
        ),
      );
    }),
  );

  const officers = [...(state.officers.get(office.officeId) ?? [])].sort((a, b) =>
    a.officerId.localeCompare(b.officerId),
  );
  const data = {
    labels: officers.map((officer) => officer.officerId),
    datasets: DOCKETS.map((docket) => ({
      label: docketLabel(docket),
      data: officers.map((officer) => officer[docketKey(docket)]),
      backgroundColor: DOCKET_COLOURS[docket],
      borderRadius: 3,
      maxBarThickness: 28,
    })),
  };
  const canvas = card.querySelector('canvas');
  canvas.setAttribute(
    'aria-label',
    `Cases per officer on each docket in ${office.officeId}: ` +
      officers
        .map(
          (o) => `${o.officerId} ${o.pending} pending, ${o.detained} detained, ${o.nonDetained} non-detained`,
        )
        .join('; '),
  );
  const existing = charts.get(office.officeId);
  if (existing) {
    existing.data = data;
    existing.update();
    return;
  }
  charts.set(office.officeId, new window.Chart(canvas, chartConfig(data)));
}

function chartConfig(data) {
  return {
    type: 'bar',
    data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, color: '#334155' } },
        tooltip: { callbacks: { footer: (items) => `${sum(items.map((item) => item.parsed.y))} cases` } },
      },
      scales: {
        x: { grid: { display: false }, ticks: { color: '#334155' } },
        y: {
          beginAtZero: true,
          ticks: { precision: 0, color: '#64748b' },
          title: { display: true, text: 'cases', color: '#64748b' },
        },
      },
    },
    plugins: [{ id: 'renderedMark', afterRender: (chart) => (chart.canvas.dataset.rendered = 'true') }],
  };
}

function docketKey(docket) {
  return { PENDING: 'pending', DETAINED: 'detained', NON_DETAINED: 'nonDetained' }[docket];
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

// ---------------------------------------------------------------------------------------------
// Officers, with their open alerts, and an officer's worklist

function alertCountsByOfficer() {
  const counts = new Map();
  for (const alert of state.alerts.values()) {
    if (alert.status === 'RESOLVED') continue;
    const entry = counts.get(alert.officerId) ?? { overdueCases: new Set(), open: 0, escalated: 0 };
    entry.open += 1;
    if (alert.status === 'ESCALATED') entry.escalated += 1;
    if (alert.kind === 'MISSED_CHECK_IN') entry.overdueCases.add(alert.caseId);
    counts.set(alert.officerId, entry);
  }
  return counts;
}

function renderOfficers() {
  const counts = alertCountsByOfficer();
  const officers = [...state.officers.values()]
    .flat()
    .sort((a, b) => a.officeId.localeCompare(b.officeId) || b.total - a.total);
  const rows = officers.map((officer) => {
    const count = counts.get(officer.officerId);
    const selected = state.worklist?.officerId === officer.officerId;
    const cell = (value, attention) =>
      el('td', { class: `num${attention && value > 0 ? ` attention attention--${attention}` : ''}` }, value);
    return el(
      'tr',
      {
        class: selected ? 'is-selected' : undefined,
        dataset: { officerId: officer.officerId },
        onclick: () => openWorklist(officer),
      },
      el(
        'th',
        { scope: 'row' },
        el(
          'button',
          { type: 'button', class: 'link', 'aria-pressed': selected ? 'true' : 'false' },
          officer.officerId,
        ),
      ),
      el('td', {}, officer.officeId),
      cell(officer.pending),
      cell(officer.detained),
      cell(officer.nonDetained),
      el('td', { class: 'num strong' }, formatNumber(officer.total)),
      cell(count?.overdueCases.size ?? 0, 'warn'),
      cell(count?.open ?? 0, 'warn'),
      cell(count?.escalated ?? 0, 'alarm'),
    );
  });
  replaceChildren(
    $('officers'),
    rows.length > 0
      ? rows
      : el('tr', {}, el('td', { colspan: 9, class: 'empty' }, 'No officers with cases.')),
  );
}

function openWorklist(officer) {
  const docket = officer.nonDetained > 0 ? 'NON_DETAINED' : officer.detained > 0 ? 'DETAINED' : 'PENDING';
  state.worklist = { officerId: officer.officerId, officeId: officer.officeId, docket };
  renderOfficers();
  $('worklist').hidden = false;
  loadWorklist().catch(onFailure);
}

async function loadWorklist() {
  const selection = state.worklist;
  if (!selection) return;
  const { items } = await getJson(`/officers/${encodeURIComponent(selection.officerId)}/docket`, {
    docket: selection.docket,
    limit: 200,
  });
  if (state.worklist !== selection) return;
  renderWorklist(selection, items);
}

function renderWorklist(selection, items) {
  $('worklist-heading').textContent = `Worklist · ${selection.officerId}`;
  replaceChildren(
    $('worklist-dockets'),
    DOCKETS.map((docket) =>
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          'aria-selected': docket === selection.docket ? 'true' : 'false',
          onclick: () => {
            state.worklist = { ...selection, docket };
            loadWorklist().catch(onFailure);
          },
        },
        docketLabel(docket),
      ),
    ),
  );
  const now = Date.now();
  replaceChildren(
    $('worklist-rows'),
    items.length === 0
      ? el(
          'tr',
          {},
          el(
            'td',
            { colspan: 5, class: 'empty' },
            `No ${docketLabel(selection.docket).toLowerCase()} cases.`,
          ),
        )
      : items.map((entry) => {
          const overdue = entry.nextCheckInDueAt !== null && Date.parse(entry.nextCheckInDueAt) < now;
          return el(
            'tr',
            { dataset: { caseId: entry.caseId }, class: entry.openAlert ? 'has-alert' : undefined },
            el('td', {}, caseLabel(entry.caseId)),
            el(
              'td',
              { class: overdue ? 'attention attention--warn' : undefined },
              formatDateTime(entry.nextCheckInDueAt),
            ),
            el('td', {}, formatDateTime(entry.lastCheckInAt)),
            el('td', { class: 'num' }, entry.consecutiveMisses),
            el(
              'td',
              {},
              entry.openAlert
                ? [statusBadge(entry.openAlert.status), ' ', alertKindLabel(entry.openAlert.kind)]
                : '—',
            ),
          );
        }),
  );
}

// ---------------------------------------------------------------------------------------------
// The alert feed

function renderFeed() {
  state.feed = state.feed.filter((id) => state.alerts.has(id));
  if (state.feed.length > FEED_LENGTH) state.feed.length = FEED_LENGTH;
  // Resolved alerts off the feed count for nothing: forget them, so a long session stays small.
  const onFeed = new Set(state.feed);
  for (const [alertId, alert] of state.alerts) {
    if (alert.status === 'RESOLVED' && !onFeed.has(alertId)) state.alerts.delete(alertId);
  }
  for (const alertId of state.shownAt.keys()) if (!state.alerts.has(alertId)) state.shownAt.delete(alertId);
  const now = Date.now();
  const items = state.feed.map((alertId) => {
    const alert = state.alerts.get(alertId);
    if (!state.shownAt.has(alertId)) state.shownAt.set(alertId, now);
    const fresh = now - state.shownAt.get(alertId) < 10_000 && state.feed.indexOf(alertId) < 10;
    return el(
      'li',
      {
        class: `feed__item feed__item--${alert.status.toLowerCase()}${fresh ? ' is-fresh' : ''}`,
        dataset: {
          alertId: alert.alertId,
          status: alert.status,
          officeId: alert.officeId,
          shownAt: String(state.shownAt.get(alertId)),
        },
      },
      el(
        'div',
        { class: 'feed__line' },
        statusBadge(alert.status),
        el('span', { class: 'feed__kind' }, alertKindLabel(alert.kind)),
        alert.severity
          ? el(
              'span',
              { class: `severity severity--${alert.severity.toLowerCase()}` },
              alert.severity.toLowerCase(),
            )
          : null,
        el(
          'time',
          { class: 'feed__time', datetime: alert.updatedAt, title: formatDateTime(alert.updatedAt) },
          formatRelative(alert.updatedAt, now),
        ),
      ),
      el(
        'div',
        { class: 'feed__detail' },
        `${alert.officeId} · ${alert.officerId} · case `,
        caseLabel(alert.caseId),
        alert.kind === 'MISSED_CHECK_IN' && alert.consecutiveMisses
          ? ` · ${alert.consecutiveMisses} missed in a row`
          : null,
        ` · due ${formatDateTime(alert.dueAt)}`,
      ),
    );
  });
  replaceChildren($('alert-feed'), items);
  $('alert-feed-empty').hidden = items.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Oversight

function renderOverrides({ items }) {
  // The narrative is left out: it is free text about the subject. Reason codes say why.
  return table(
    [
      { label: 'Released', value: (r) => formatDateTime(r.releasedAt) },
      { label: 'Office', value: (r) => r.officeId },
      { label: 'Officer', value: (r) => r.officerId },
      { label: 'Case', value: (r) => caseLabel(r.caseId) },
      { label: 'Release', value: (r) => codeLabel(r.releaseType) },
      { label: 'RCA said', value: (r) => (r.rcaRecommendation ? codeLabel(r.rcaRecommendation) : 'no RCA') },
      {
        label: 'Reasons',
        value: (r) =>
          el(
            'span',
            { class: 'chips' },
            r.reasonCodes.map((code) => el('span', { class: 'chip' }, codeLabel(code))),
          ),
      },
      { label: 'Requested by', value: (r) => r.requestedBy },
      { label: 'Approved by', value: (r) => `${r.approvedBy} · ${formatDateTime(r.approvedAt)}` },
    ],
    items,
    { empty: 'No releases against the risk assessment.' },
  );
}

function renderRca({ offices, overdue }) {
  return el(
    'div',
    {},
    table(
      [
        { label: 'Office', value: (o) => o.officeId },
        { label: 'Bookings', value: (o) => formatNumber(o.bookings), numeric: true },
        { label: 'On time', value: (o) => formatShare(o.onTimeShare), numeric: true },
        {
          label: 'Overdue now',
          value: (o) =>
            el(
              'span',
              { class: o.overdueNow > 0 ? 'attention attention--alarm' : undefined },
              formatNumber(o.overdueNow),
            ),
          numeric: true,
        },
      ],
      offices,
      { empty: 'No bookings yet.' },
    ),
    overdue.length > 0
      ? el(
          'p',
          { class: 'panel__note' },
          `Longest overdue: ${overdue
            .slice(0, 3)
            .map((d) => `${d.officerId} (due ${formatDateTime(d.dueAt)})`)
            .join(', ')}`,
        )
      : null,
  );
}

function renderDetainers({ items }) {
  return table(
    [
      { label: 'Jurisdiction', value: (j) => j.jurisdictionId },
      { label: 'Requested', value: (j) => formatNumber(j.requested), numeric: true },
      { label: 'Honored', value: (j) => formatNumber(j.honored), numeric: true },
      {
        label: 'Declined',
        value: (j) =>
          el(
            'span',
            { class: j.declined > 0 ? 'attention attention--alarm' : undefined },
            formatNumber(j.declined),
          ),
        numeric: true,
      },
      { label: 'Pending', value: (j) => formatNumber(j.pending), numeric: true },
    ],
    items,
    { empty: 'No detainer requests.' },
  );
}

// ---------------------------------------------------------------------------------------------

function wireUp() {
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token-input')
      .value.replace(/\s+/g, '')
      .replace(/^Bearer/i, '');
    if (!looksLikeToken(token)) {
      showSignIn(
        'That does not look like an access token. Paste the whole token, three parts separated by dots.',
      );
      return;
    }
    session.start(token);
    start().catch(onFailure);
  });
  $('sign-out').addEventListener('click', () => signOut('You have signed out.'));
  $('worklist-close').addEventListener('click', () => {
    state.worklist = undefined;
    $('worklist').hidden = true;
    renderOfficers();
  });
  // Relative times in the feed stay true without a reload.
  setInterval(() => {
    if (state.feed.length > 0) renderFeed();
  }, 30_000);
}

wireUp();
start().catch(onFailure);
