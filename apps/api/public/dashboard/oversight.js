import { getJson, NotAllowed } from './api-client.js';
import {
  $,
  caseLabel,
  codeLabel,
  el,
  formatDateTime,
  formatNumber,
  formatShare,
  replaceChildren,
  table,
} from './render.js';

/* The oversight panels: releases against the risk assessment, RCA compliance, detainers. */

export async function loadOversight() {
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
        { label: 'Overdue now', value: (o) => alarmingCount(o.overdueNow), numeric: true },
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
      { label: 'Declined', value: (j) => alarmingCount(j.declined), numeric: true },
      { label: 'Pending', value: (j) => formatNumber(j.pending), numeric: true },
    ],
    items,
    { empty: 'No detainer requests.' },
  );
}

/** A count that calls for attention when it is not zero. */
function alarmingCount(count) {
  return el('span', { class: count > 0 ? 'attention attention--alarm' : undefined }, formatNumber(count));
}
