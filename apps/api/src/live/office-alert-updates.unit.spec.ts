import { firstValueFrom, of, toArray } from 'rxjs';
import type { DataSource } from 'typeorm';
import type { AlertRow, ReadModelChange } from '@casetrail/read-models';
import { officeAlertUpdates } from './office-alert-updates';

const at = new Date('2026-11-23T10:00:00.000Z');
const row = (alertId: string, officeId: string): AlertRow => ({
  alert_id: alertId,
  kind: 'MISSED_CHECK_IN',
  status: 'RAISED',
  case_id: `case-${alertId}`,
  office_id: officeId,
  officer_id: `${officeId}-ND-001`,
  due_at: at,
  detected_at: at,
  consecutive_misses: 1,
  severity: 'LOW',
  updated_at: at,
  acting_officer_id: null,
  acting_supervisors: false,
  escalation_level: null,
  resolution: null,
  policy_version: 1,
});

/** A database holding `rows` that answers the by-id query, and the id lists it was asked for. */
function databaseWith(rows: AlertRow[]) {
  const asked: string[][] = [];
  const db = {
    query: async (_sql: string, [ids]: [string[]]) => {
      asked.push(ids);
      return rows.filter((candidate) => ids.includes(candidate.alert_id));
    },
  } as unknown as DataSource;
  return { db, asked };
}

const updatesOf = (changes: ReadModelChange[], db: DataSource, mayView?: (officeId: string) => boolean) =>
  firstValueFrom(officeAlertUpdates(of(...changes), db, mayView).pipe(toArray()));

describe('office alert updates', () => {
  it('sends the changed alerts as they now stand, one update per office', async () => {
    const { db } = databaseWith([row('a1', 'WAS'), row('a2', 'ATL'), row('a3', 'WAS')]);

    const updates = await updatesOf([{ officeIds: ['WAS', 'ATL'], alertIds: ['a1', 'a2', 'a3'] }], db);

    expect(updates.map(({ officeId, alerts }) => [officeId, alerts.map((alert) => alert.alertId)])).toEqual([
      ['WAS', ['a1', 'a3']],
      ['ATL', ['a2']],
    ]);
    expect(updates[0].alerts[0]).toEqual(
      expect.objectContaining({ alertId: 'a1', status: 'RAISED', officerId: 'WAS-ND-001' }),
    );
  });

  it('leaves out the offices the caller may not see', async () => {
    const { db } = databaseWith([row('a1', 'WAS'), row('a2', 'ATL')]);

    const updates = await updatesOf(
      [{ officeIds: ['WAS', 'ATL'], alertIds: ['a1', 'a2'] }],
      db,
      (office) => office === 'WAS',
    );

    expect(updates.map((update) => update.officeId)).toEqual(['WAS']);
  });

  it('asks nothing of the database for a change that names no alert', async () => {
    const { db, asked } = databaseWith([]);

    expect(await updatesOf([{ officeIds: ['WAS'] }, { officeIds: ['WAS'], alertIds: [] }], db)).toEqual([]);
    expect(asked).toEqual([]);
  });
});
