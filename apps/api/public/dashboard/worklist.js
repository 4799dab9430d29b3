import { getJson } from './api-client.js';
import {
  $,
  alertKindLabel,
  caseLabel,
  docketLabel,
  el,
  formatDateTime,
  priorityBadges,
  replaceChildren,
  statusBadge,
} from './render.js';
import { DOCKETS, reportFailure, state } from './state.js';

/* One officer's worklist on one docket, the soonest check-in due first. */

export function openWorklist(officer) {
  const docket = officer.nonDetained > 0 ? 'NON_DETAINED' : officer.detained > 0 ? 'DETAINED' : 'PENDING';
  state.worklist = { officerId: officer.officerId, officeId: officer.officeId, docket };
  $('worklist').hidden = false;
  loadWorklist().catch(reportFailure);
}

export function closeWorklist() {
  state.worklist = undefined;
  $('worklist').hidden = true;
}

export async function loadWorklist() {
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
            loadWorklist().catch(reportFailure);
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
            { colspan: 6, class: 'empty' },
            `No ${docketLabel(selection.docket).toLowerCase()} cases.`,
          ),
        )
      : items.map((entry) => {
          const overdue = entry.nextCheckInDueAt !== null && Date.parse(entry.nextCheckInDueAt) < now;
          return el(
            'tr',
            { dataset: { caseId: entry.caseId }, class: entry.openAlert ? 'has-alert' : undefined },
            el('td', {}, caseLabel(entry.caseId)),
            el('td', { class: 'priority' }, [
              ...priorityBadges(entry.priorityFlags ?? []),
              entry.coveredFor
                ? el('span', { class: 'badge badge--covered' }, `covering ${entry.coveredFor}`)
                : null,
            ]),
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
