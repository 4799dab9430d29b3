import {
  $,
  alertKindLabel,
  caseLabel,
  el,
  formatDateTime,
  formatRelative,
  replaceChildren,
  statusBadge,
} from './render.js';
import { state } from './state.js';

/* The alert feed: raised, acknowledged, escalated and resolved alerts, the latest change first. */

const FEED_LENGTH = 100;

/** Keeps the newer of two views of one alert; a change moves it to the top of the feed. */
export function mergeAlert(alert, { live }) {
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

/** The feed as loaded (not live): the most recently changed alert first. */
export function sortFeedByLatestChange() {
  state.feed.sort(
    (a, b) => Date.parse(state.alerts.get(b).updatedAt) - Date.parse(state.alerts.get(a).updatedAt),
  );
}

export function renderFeed() {
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
