import { getJson } from './api-client.js';
import { $, docketLabel, el, formatNumber, replaceChildren } from './render.js';
import { DOCKETS, state } from './state.js';

/* Offices: a chart of cases per officer on each docket, with the imbalance ratio. */

const DOCKET_COLOURS = {
  PENDING: '#94a3b8',
  DETAINED: '#2563eb',
  NON_DETAINED: '#ea580c',
  FUGITIVE: '#b91c1c',
};

const charts = new Map(); // officeId → Chart

/** Removes every office card and its chart. */
export function clearOffices() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  replaceChildren($('offices'));
}

/** The office's totals and ratio, read again after its caseloads changed. */
export async function refreshOffice(officeId) {
  const { items } = await getJson('/caseloads/offices', { officeId, limit: 1 });
  if (items[0]) state.offices.set(officeId, items[0]);
  else state.offices.delete(officeId);
  renderOffices();
}

export function renderOffices() {
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
          (o) =>
            `${o.officerId} ${o.pending} pending, ${o.detained} detained, ${o.nonDetained} non-detained, ${o.fugitive} fugitive`,
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
  return { PENDING: 'pending', DETAINED: 'detained', NON_DETAINED: 'nonDetained', FUGITIVE: 'fugitive' }[
    docket
  ];
}

function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}
