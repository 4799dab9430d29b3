/*
 * Small DOM helpers. Text always goes in as text nodes (never innerHTML), so nothing the api
 * answers is ever interpreted as markup.
 */

export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function replaceChildren(parent, ...children) {
  parent.replaceChildren(...children.flat().filter((child) => child !== undefined && child !== null));
}

/** A table from column definitions `{ label, value(row), numeric? }`. */
export function table(columns, rows, { empty = 'Nothing to show.', rowAttributes } = {}) {
  if (rows.length === 0) return el('p', { class: 'empty' }, empty);
  return el(
    'table',
    { class: 'table' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        columns.map((column) =>
          el('th', { scope: 'col', class: column.numeric ? 'num' : undefined }, column.label),
        ),
      ),
    ),
    el(
      'tbody',
      {},
      rows.map((row) =>
        el(
          'tr',
          rowAttributes ? rowAttributes(row) : {},
          columns.map((column) => el('td', { class: column.numeric ? 'num' : undefined }, column.value(row))),
        ),
      ),
    ),
  );
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const NUMBER = new Intl.NumberFormat();

export function formatDateTime(iso) {
  return iso ? DATE_TIME.format(new Date(iso)) : '—';
}

export function formatNumber(value) {
  return value === null || value === undefined ? '—' : NUMBER.format(value);
}

export function formatShare(share) {
  return share === null || share === undefined ? '—' : `${Math.round(share * 1000) / 10}%`;
}

/** "3 min ago", "in 2 h": for times close to now. */
export function formatRelative(iso, now = Date.now()) {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const steps = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [Infinity, 'day'],
  ];
  let amount = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(amount) < size) return RELATIVE.format(amount, unit);
    amount = Math.round(amount / size);
  }
  return formatDateTime(iso);
}
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** A case id shortened for reading; the whole id stays in the title. */
export function caseLabel(caseId) {
  return el('span', { class: 'mono', title: caseId }, caseId.slice(0, 8));
}

const DOCKET_LABELS = {
  PENDING: 'Pending',
  DETAINED: 'Detained',
  NON_DETAINED: 'Non-detained',
  FUGITIVE: 'Fugitive',
};
export function docketLabel(docket) {
  return DOCKET_LABELS[docket] ?? docket;
}

const ALERT_KIND_LABELS = {
  MISSED_CHECK_IN: 'Missed check-in',
  RCA_OVERDUE: 'RCA overdue',
  SUSPECTED_ABSCONDING: 'Suspected absconding',
};
export function alertKindLabel(kind) {
  return ALERT_KIND_LABELS[kind] ?? kind;
}

const PRIORITY_FLAG_LABELS = {
  NATIONAL_SECURITY: 'National security',
  PUBLIC_SAFETY: 'Public safety',
  OTHER: 'Priority',
};
/** A case's priority flags as badges, in the order the api gives them. */
export function priorityBadges(flags) {
  return flags.map((flag) =>
    el('span', { class: 'badge badge--flag', dataset: { flag } }, PRIORITY_FLAG_LABELS[flag] ?? flag),
  );
}

export function statusBadge(status) {
  return el('span', { class: `badge badge--${status.toLowerCase()}` }, status.toLowerCase());
}

export function codeLabel(code) {
  return code.toLowerCase().replace(/_/g, ' ');
}

export const $ = (id) => document.getElementById(id);
