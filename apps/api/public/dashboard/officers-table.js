import { $, el, formatNumber, replaceChildren } from './render.js';
import { state } from './state.js';
import { openWorklist } from './worklist.js';

/* Officers, their caseloads and open alerts; selecting one opens their worklist. */

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

export function renderOfficers() {
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
        onclick: () => {
          openWorklist(officer);
          renderOfficers();
        },
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
      el('td', { class: 'num', dataset: { column: 'covered' } }, formatNumber(officer.covered ?? 0)),
      el(
        'td',
        {
          class: `num${officer.flagged > 0 ? ' attention attention--alarm' : ''}`,
          dataset: { column: 'flagged' },
        },
        formatNumber(officer.flagged ?? 0),
      ),
      el(
        'td',
        {
          class: `num${officer.fugitive > 0 ? ' attention attention--alarm' : ''}`,
          dataset: { column: 'fugitive' },
        },
        formatNumber(officer.fugitive ?? 0),
      ),
    );
  });
  replaceChildren(
    $('officers'),
    rows.length > 0
      ? rows
      : el('tr', {}, el('td', { colspan: 12, class: 'empty' }, 'No officers with cases.')),
  );
}
