import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@casetrail/database';
import { eventually, officeCallers, postJson, prepareSystem, startAppProcess } from '@casetrail/testing';
import type { AppProcess, OfficeCaller, TestDatabase } from '@casetrail/testing';
import { planSeed } from '@seeds/generator/seed-generator';
import { buildReadModels, loadSeed } from '@seeds/generator/seed-load';
import type { SeedScale } from '@seeds/generator/seed-scales';

/** Washington and Atlanta, three non-detained officers each, a few hundred cases apiece. */
const SCALE: SeedScale = {
  name: 'rebalancing',
  offices: 2,
  nonDetainedOfficersPerOffice: 3,
  detainedOfficersPerOffice: 1,
  nonDetainedCases: 1_200,
  detainedCases: 40,
};
/** An officer who joins Washington's non-detained unit with no cases yet. */
const NEWCOMER = 'WAS-ND-004';

interface Proposal {
  maxToAverageBefore: number;
  maxToAverageAfter: number;
  moveCount: number;
  moves: { caseId: string; toOfficerId: string; expectedVersion: number }[];
}

/**
 * A supervisor rebalances Washington's non-detained docket of a seeded office on the running
 * processes: the proposal, applied in one bulk request, leaves no officer above 1.1 × the average,
 * and applying it again with the same Idempotency-Key changes nothing.
 */
describe('rebalancing a seeded office', () => {
  let database: TestDatabase;
  let db: DataSource;
  let baseUrl: string;
  let apps: AppProcess[] = [];
  let washington: Record<OfficeCaller, Record<string, string>>;

  beforeAll(async () => {
    washington = await officeCallers('WAS');
    let env: Record<string, string>;
    ({ database, baseUrl, env } = await prepareSystem());
    await loadSeed(database.url, planSeed({ scale: SCALE, seed: 7, asOf: Date.now() }));
    await buildReadModels(database.url);
    db = await new DataSource(dataSourceOptions(database.url)).initialize();
    // The relay creates the topics; it must come up before anything reads them.
    const relay = await startAppProcess('relay', env);
    apps = [relay, ...(await Promise.all([startAppProcess('api', env), startAppProcess('projector', env)]))];
    const added = await postJson(
      `${baseUrl}/officers`,
      { officerId: NEWCOMER, officeId: 'WAS', displayName: NEWCOMER, unit: 'NON_DETAINED' },
      washington.admin,
    );
    if (added.status !== 201) throw new Error(`POST /officers: ${added.status}`);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await db?.destroy();
    await database?.drop();
  }, 30_000);

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: washington.supervisor });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  /** The heaviest non-detained caseload of Washington's non-detained officers ÷ their average. */
  const maxToAverage = async (): Promise<number> => {
    const { items } = await get<{ items: { officerId: string; nonDetained: number }[] }>(
      '/caseloads/officers?officeId=WAS&docket=NON_DETAINED',
    );
    const loads = new Map(items.map((item) => [item.officerId, item.nonDetained]));
    const officers = ['WAS-ND-001', 'WAS-ND-002', 'WAS-ND-003', NEWCOMER];
    const caseloads = officers.map((officerId) => loads.get(officerId) ?? 0);
    const average = caseloads.reduce((sum, load) => sum + load, 0) / officers.length;
    return Math.max(...caseloads) / average;
  };

  const eventCount = async (): Promise<number> =>
    Number((await db.query('SELECT count(*) AS count FROM events'))[0].count);

  it('lowers the heaviest caseload to at most 1.1 × the average; a second apply changes nothing', async () => {
    expect(await maxToAverage()).toBeGreaterThan(1.2);
    const proposal = await get<Proposal>('/offices/WAS/rebalancing-proposal?docket=NON_DETAINED');
    expect(proposal.maxToAverageBefore).toBeGreaterThan(1.2);
    expect(proposal.maxToAverageAfter).toBeLessThanOrEqual(1.1);
    expect(proposal.moves).toHaveLength(proposal.moveCount);

    const body = {
      reason: 'Rebalancing the non-detained docket for a new officer.',
      reassignedAt: new Date().toISOString(),
      reassignments: proposal.moves.map(({ caseId, toOfficerId, expectedVersion }) => ({
        caseId,
        toOfficerId,
        expectedVersion,
      })),
    };
    const headers = { ...washington.supervisor, 'Idempotency-Key': 'rebalance-was-nd-1' };
    const eventsBefore = await eventCount();
    const applied = await fetch(`${baseUrl}/offices/WAS/reassignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(applied.status).toBe(200);
    const answer = (await applied.json()) as { moved: number; outcomes: { outcome: string }[] };
    expect(answer.moved).toBe(proposal.moveCount);
    expect(await eventCount()).toBe(eventsBefore + proposal.moveCount);

    // Every move projected (each case's summary with its new officer), not just enough of them to pass.
    await eventually(async () => {
      const rows: { case_id: string; officer_id: string }[] = await db.query(
        'SELECT case_id, officer_id FROM read_models.case_summaries WHERE case_id = ANY($1::uuid[])',
        [proposal.moves.map((move) => move.caseId)],
      );
      const officerOf = new Map(rows.map((row) => [row.case_id, row.officer_id]));
      expect(proposal.moves.filter((move) => officerOf.get(move.caseId) !== move.toOfficerId)).toEqual([]);
    }, 30_000);
    const balanced = await maxToAverage();
    expect(balanced).toBeLessThanOrEqual(1.1);

    const again = await fetch(`${baseUrl}/offices/WAS/reassignments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(answer);
    expect(await eventCount()).toBe(eventsBefore + proposal.moveCount);
    expect(await maxToAverage()).toBe(balanced);
  }, 120_000);
});
