import { getJson, NotAllowed } from './api-client.js';
import { $, docketLabel, el, formatNumber, replaceChildren, table } from './render.js';

/*
 * Staffing against the policy's target caseload per officer: the trend of cases per available
 * officer over the last 90 days, one line per office and a dashed line for the target, per docket;
 * and today's figures, with the officers short (or to spare) per office.
 */

const STAFFED_DOCKETS = ['NON_DETAINED', 'DETAINED'];
const OFFICE_COLOURS = [
  '#ea580c',
  '#2563eb',
  '#16a34a',
  '#9333ea',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#475569',
];

const charts = new Map(); // docket → Chart

export async function loadStaffing() {
  try {
    const [history, staffing] = await Promise.all([getJson('/staffing/history'), getJson('/staffing')]);
    renderTrends(history.items);
    replaceChildren($('staffing-table'), staffingTable(staffing));
  } catch (error) {
    if (!(error instanceof NotAllowed)) throw error;
    replaceChildren($('staffing-table'), el('p', { class: 'empty' }, 'Not available to your role.'));
  }
}

export function clearStaffing() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}

function renderTrends(points) {
  for (const docket of STAFFED_DOCKETS) {
    const ofDocket = points.filter((point) => point.docket === docket);
    const days = [...new Set(ofDocket.map((point) => point.day))].sort();
    const offices = [...new Set(ofDocket.map((point) => point.officeId))].sort();
    const target = ofDocket[0]?.targetPerOfficer ?? null;
    const perOffice = new Map(offices.map((officeId) => [officeId, new Map()]));
    for (const point of ofDocket) perOffice.get(point.officeId).set(point.day, point.casesPerOfficer);
    const data = {
      labels: days,
      datasets: [
        ...offices.map((officeId, index) => ({
          label: officeId,
          data: days.map((day) => perOffice.get(officeId).get(day) ?? null),
          borderColor: OFFICE_COLOURS[index % OFFICE_COLOURS.length],
          backgroundColor: OFFICE_COLOURS[index % OFFICE_COLOURS.length],
          pointRadius: 0,
          borderWidth: 2,
          spanGaps: false,
        })),
        {
          label: 'Target',
          data: days.map(() => target),
          borderColor: '#64748b',
          borderDash: [6, 4],
          pointRadius: 0,
          borderWidth: 1.5,
        },
      ],
    };
    const canvas = $(`staffing-chart-${docket}`);
    const latest = days.at(-1);
    canvas.setAttribute(
      'aria-label',
      `${docketLabel(docket)} cases per available officer by day against a target of ${formatNumber(target)}` +
        (latest
          ? `; on ${latest}: ` +
            offices
              .map((officeId) => `${officeId} ${formatNumber(perOffice.get(officeId).get(latest))}`)
              .join(', ')
          : ''),
    );
    const existing = charts.get(docket);
    if (existing) {
      existing.data = data;
      existing.update();
    } else charts.set(docket, new window.Chart(canvas, chartConfig(data)));
  }
}

function staffingTable({ offices }) {
  const rows = offices.flatMap((office) =>
    office.dockets.map((row) => ({ ...row, officeId: office.officeId })),
  );
  return table(
    [
      { label: 'Office', value: (r) => r.officeId },
      { label: 'Docket', value: (r) => docketLabel(r.docket) },
      { label: 'Cases', value: (r) => formatNumber(r.cases), numeric: true },
      { label: 'Officers available', value: (r) => formatNumber(r.officersAvailable), numeric: true },
      { label: 'Absent', value: (r) => formatNumber(r.officersAbsent), numeric: true },
      { label: 'Per officer', value: (r) => formatNumber(r.casesPerOfficer), numeric: true },
      { label: 'Target', value: (r) => formatNumber(r.targetPerOfficer), numeric: true },
      { label: 'Needed', value: (r) => formatNumber(r.officersNeeded), numeric: true },
      {
        label: 'Gap',
        value: (r) =>
          el(
            'span',
            { class: r.gap > 0 ? 'gap gap--short' : 'gap' },
            r.gap > 0
              ? `${formatNumber(r.gap)} short`
              : r.gap < 0
                ? `${formatNumber(-r.gap)} to spare`
                : 'met',
          ),
        numeric: true,
      },
    ],
    rows,
    {
      empty: 'No office to staff in your offices.',
      rowAttributes: (r) => ({ dataset: { officeId: r.officeId, docket: r.docket } }),
    },
  );
}

function chartConfig(data) {
  return {
    type: 'line',
    data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, color: '#334155' } } },
      scales: {
        x: { grid: { display: false }, ticks: { color: '#334155', maxTicksLimit: 8 } },
        y: {
          beginAtZero: true,
          ticks: { color: '#64748b' },
          title: { display: true, text: 'cases per available officer', color: '#64748b' },
        },
      },
    },
    plugins: [{ id: 'renderedMark', afterRender: (chart) => (chart.canvas.dataset.rendered = 'true') }],
  };
}
