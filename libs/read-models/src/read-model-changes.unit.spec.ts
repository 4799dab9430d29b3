import type { EntityManager } from 'typeorm';
import { announceReadModelChange, parseReadModelChange, type ReadModelChange } from './read-model-changes';

/** The payloads announceReadModelChange would NOTIFY, parsed back as a listener would. */
async function announced(
  change: ReadModelChange,
): Promise<{ payloads: string[]; changes: ReadModelChange[] }> {
  const payloads: string[] = [];
  const manager = {
    query: async (_sql: string, [, payload]: [string, string]) => payloads.push(payload),
  } as unknown as EntityManager;
  await announceReadModelChange(manager, change);
  return { payloads, changes: payloads.map((payload) => parseReadModelChange(payload) as ReadModelChange) };
}

const alertIds = (count: number) =>
  Array.from(
    { length: count },
    (_, index) =>
      `mci:${String(index).padStart(8, '0')}-0000-4000-8000-000000000000:2026-11-23T10:00:00.000Z`,
  );

describe('read-model change announcements', () => {
  it('announces nothing when nothing changed', async () => {
    expect((await announced({ officeIds: [] })).payloads).toEqual([]);
  });

  it('announces offices and alerts in one notification when they fit', async () => {
    const change = { officeIds: ['WAS', 'ATL'], alertIds: alertIds(3) };
    expect((await announced(change)).changes).toEqual([change]);
  });

  it('splits many alerts over several notifications, each under the payload limit, losing none', async () => {
    const ids = alertIds(400);
    const { payloads, changes } = await announced({ officeIds: ['WAS'], alertIds: ids });

    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8_000);
    expect(changes.flatMap((change) => change.alertIds ?? [])).toEqual(ids);
    expect(changes.flatMap((change) => change.officeIds)).toEqual(['WAS']);
  });

  it('reads a change without alerts, as older projectors send it', () => {
    expect(parseReadModelChange('{"officeIds":["WAS"]}')).toEqual({ officeIds: ['WAS'] });
    expect(parseReadModelChange('not json')).toBeUndefined();
  });

  it('carries the batch’s traceparent on every notification, and drops one that is not W3C', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { changes, payloads } = await announced({
      officeIds: ['WAS'],
      alertIds: alertIds(200),
      traceparent,
    });
    expect(changes.length).toBeGreaterThan(1);
    for (const change of changes) expect(change.traceparent).toBe(traceparent);
    expect(payloads.every((payload) => Buffer.byteLength(payload) < 8000)).toBe(true);
    expect(parseReadModelChange('{"officeIds":["WAS"],"traceparent":"00-x-y-01"}')).toEqual({
      officeIds: ['WAS'],
    });
  });
});
