import { randomUUID } from 'node:crypto';
import { PostgresAuditTrail, type AuditRecord } from '@casetrail/audit';
import type { CaseEvent } from '@casetrail/domain';
import { caseOpened, checkInMissed } from '@casetrail/domain/case/case.test-data';
import { caseFlagged, subjectEnrolled } from '@casetrail/domain/case/case.docket.test-data';
import { projectStoredEvents, storeCaseEvents } from '@casetrail/testing';
import {
  countEvents,
  expectInvalid,
  expectRefused,
  http,
  lastEvent,
  startApi,
  type ApiTestContext,
  type TestCallerName,
} from '@api/api.test-kit';
import type { BulkReassignmentsResponse, RebalancingProposalView } from './rebalancing.http.controller';

const AT = '2026-11-20T09:00:00.000Z';

async function storeEnrolledCase(
  api: ApiTestContext,
  officeId: string,
  officerId: string,
  extra: (caseId: string) => CaseEvent[] = () => [],
): Promise<string> {
  const caseId = randomUUID();
  const events = [caseOpened({ caseId, officeId, officerId }), subjectEnrolled({ caseId }), ...extra(caseId)];
  await storeCaseEvents(
    api.db,
    caseId,
    events.map((event) => ({ event, occurredAt: AT })),
  );
  return caseId;
}

describe('rebalancing an office’s docket', () => {
  let api: ApiTestContext;
  let flagged: string;
  let alerted: string;
  let atlanta: string;
  const spare = new Map<string, string[]>();

  beforeAll(async () => {
    api = await startApi();
    await api.db.query(
      `INSERT INTO officers (officer_id, office_id, display_name, unit) VALUES
         ('WAS-ND-002', 'WAS', 'n2', 'NON_DETAINED'), ('WAS-ND-003', 'WAS', 'n3', 'NON_DETAINED')`,
    );
    flagged = await storeEnrolledCase(api, 'WAS', 'WAS-ND-001', (caseId) => [caseFlagged({ caseId })]);
    alerted = await storeEnrolledCase(api, 'WAS', 'WAS-ND-001', (caseId) => [checkInMissed({ caseId })]);
    for (let index = 0; index < 7; index += 1) await storeEnrolledCase(api, 'WAS', 'WAS-ND-001');
    for (let index = 0; index < 3; index += 1) await storeEnrolledCase(api, 'WAS', 'WAS-ND-002');
    atlanta = await storeEnrolledCase(api, 'ATL', 'ATL-ND-001');
    await projectStoredEvents(api.db);
  });

  afterAll(async () => {
    await api.close();
  });

  const proposal = async (query = '', as: TestCallerName = 'supervisor'): Promise<RebalancingProposalView> =>
    (await http(api, as).get(`/offices/WAS/rebalancing-proposal?docket=NON_DETAINED${query}`).expect(200))
      .body as RebalancingProposalView;

  const reassign = (body: object, key?: string, as: TestCallerName = 'supervisor') => {
    const test = http(api, as).post('/offices/WAS/reassignments').send(body);
    return key ? test.set('Idempotency-Key', key) : test;
  };

  const bulkBody = (reassignments: object[]) => ({
    reason: 'Rebalancing the non-detained docket.',
    reassignedAt: '2026-11-24T09:00:00Z',
    reassignments,
  });

  describe('GET /offices/:officeId/rebalancing-proposal', () => {
    it('brings every officer to the average, holding back flagged cases and cases with an open alert', async () => {
      const view = await proposal();

      expect(view).toMatchObject({
        officeId: 'WAS',
        docket: 'NON_DETAINED',
        average: 4,
        maxToAverageBefore: 2.25,
        maxToAverageAfter: 1,
        officers: [
          { officerId: 'WAS-ND-001', before: 9, after: 4 },
          { officerId: 'WAS-ND-002', before: 3, after: 4 },
          { officerId: 'WAS-ND-003', before: 0, after: 4 },
        ],
        heldBack: { priorityFlagged: 1, openAlert: 1 },
        moveCount: 5,
      });
      expect(view.moves.map((move) => move.caseId)).not.toContain(flagged);
      expect(view.moves.map((move) => move.caseId)).not.toContain(alerted);
      expect(view.moves.every((move) => move.expectedVersion === 2)).toBe(true);
    });

    it('moves flagged and alerted cases too when asked', async () => {
      const view = await proposal('&includeFlagged=true&includeOpenAlerts=true');
      expect(view.heldBack).toEqual({ priorityFlagged: 0, openAlert: 0 });
      expect(view.moveCount).toBe(5);
    });

    it('lists at most `limit` moves, counting them all', async () => {
      const view = await proposal('&limit=2', 'oversight');
      expect({ listed: view.moves.length, moveCount: view.moveCount }).toEqual({ listed: 2, moveCount: 5 });
    });

    it('refuses a docket that is not staffed, and answers an office outside the caller’s as missing', async () => {
      await expectInvalid(
        api,
        http(api, 'supervisor').get('/offices/WAS/rebalancing-proposal?docket=PENDING'),
        'docket',
      );
      await expectRefused(
        api,
        http(api, 'supervisorOfAtl').get('/offices/WAS/rebalancing-proposal?docket=NON_DETAINED'),
        404,
        'OFFICE.NOT_FOUND',
      );
      await expectRefused(
        api,
        http(api, 'supervisor').get('/offices/NYC/rebalancing-proposal?docket=NON_DETAINED'),
        404,
        'OFFICE.NOT_FOUND',
      );
    });
  });

  describe('POST /offices/:officeId/reassignments', () => {
    it('applies a proposal, one CaseReassigned per case, and a second apply with the key changes nothing', async () => {
      const view = await proposal();
      const body = bulkBody(
        view.moves.map(({ caseId, toOfficerId, expectedVersion }) => ({
          caseId,
          toOfficerId,
          expectedVersion,
        })),
      );
      const before = await countEvents(api.db);

      const first = await reassign(body, 'rebalance-1').set('X-Correlation-Id', 'bulk-1').expect(200);

      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const answer = first.body as BulkReassignmentsResponse;
      expect(answer.moved).toBe(5);
      expect(answer.outcomes).toEqual(
        view.moves.map(({ caseId }) => ({ caseId, outcome: 'MOVED', version: 3 })),
      );
      expect(await countEvents(api.db)).toBe(before + 5);
      for (const move of view.moves) {
        expect(await lastEvent(api.db, move.caseId)).toMatchObject({
          type: 'CaseReassigned',
          streamVersion: 3,
          data: {
            fromOfficerId: move.fromOfficerId,
            toOfficeId: 'WAS',
            toOfficerId: move.toOfficerId,
            reason: 'Rebalancing the non-detained docket.',
            reassignedBy: 'supervisor-9',
          },
          metadata: { correlationId: 'bulk-1' },
        });
      }

      const again = await reassign(body, 'rebalance-1').expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await countEvents(api.db)).toBe(before + 5);

      await projectStoredEvents(api.db);
      expect(await proposal()).toMatchObject({ moveCount: 0, maxToAverageBefore: 1 });
      spare.set(
        'moved',
        view.moves.map((move) => move.caseId),
      );
    });

    it('leaves an audit record naming each case it moved, and one for the request', async () => {
      await api.app.get(PostgresAuditTrail).flush();
      const rows: { record: string }[] = await api.db.query(
        `SELECT record FROM audit_log WHERE (record::jsonb) ->> 'correlationId' = 'bulk-1'`,
      );
      const records = rows.map(({ record }) => JSON.parse(record) as AuditRecord);
      expect(
        records
          .filter((record) => record.caseId !== null)
          .map((record) => record.caseId)
          .sort(),
      ).toEqual([...(spare.get('moved') ?? [])].sort());
      expect(
        records.every(
          (record) =>
            record.command === 'ReassignCase' &&
            record.outcome === 'ALLOWED' &&
            record.userId === 'supervisor-9',
        ),
      ).toBe(true);
      expect(records.filter((record) => record.caseId === null)).toHaveLength(1);
    });

    it('refuses the same key with another body', async () => {
      await expectRefused(
        api,
        reassign(bulkBody([{ caseId: flagged, toOfficerId: 'WAS-ND-003' }]), 'rebalance-1'),
        422,
        'REQUEST.IDEMPOTENCY_KEY_REUSED',
      );
    });

    it('reports each case’s outcome and moves the ones it can', async () => {
      const [stale] = spare.get('moved') ?? [];
      const before = await countEvents(api.db);

      const response = await reassign(
        bulkBody([
          { caseId: stale, toOfficerId: 'WAS-ND-001', expectedVersion: 2 },
          { caseId: randomUUID(), toOfficerId: 'WAS-ND-001' },
          { caseId: atlanta, toOfficerId: 'WAS-ND-001' },
          { caseId: alerted, toOfficerId: 'ATL-ND-001' },
          { caseId: flagged, toOfficerId: 'WAS-ND-003', expectedVersion: 3 },
        ]),
        undefined,
        'supervisorOfWas',
      ).expect(200);

      expect(response.body).toEqual({
        moved: 1,
        outcomes: [
          { caseId: stale, outcome: 'CONFLICT' },
          { caseId: expect.any(String), outcome: 'NOT_FOUND' },
          // A case of Atlanta is outside this supervisor's offices: as if it did not exist.
          { caseId: atlanta, outcome: 'NOT_FOUND' },
          { caseId: alerted, outcome: 'REFUSED', code: 'CASE.OFFICER_NOT_IN_OFFICE' },
          { caseId: flagged, outcome: 'MOVED', version: 4 },
        ],
      });
      expect(await countEvents(api.db)).toBe(before + 1);
    });

    it('refuses a case listed twice, an empty list, an officer and an office outside the caller’s', async () => {
      const twice = [
        { caseId: flagged, toOfficerId: 'WAS-ND-001' },
        { caseId: flagged.toUpperCase(), toOfficerId: 'WAS-ND-002' },
      ];
      await expectInvalid(api, reassign(bulkBody(twice)), 'reassignments');
      await expectInvalid(api, reassign(bulkBody([])), 'reassignments');
      await expectInvalid(
        api,
        reassign(bulkBody([{ caseId: 'x', toOfficerId: 'WAS-ND-001' }])),
        'reassignments.0.caseId',
      );
      const one = bulkBody([{ caseId: flagged, toOfficerId: 'WAS-ND-001' }]);
      await expectRefused(api, reassign(one, undefined, 'officer'), 403, 'AUTH.FORBIDDEN');
      await expectRefused(api, reassign(one, undefined, 'oversight'), 403, 'AUTH.FORBIDDEN');
      await expectRefused(api, reassign(one, undefined, 'supervisorOfAtl'), 404, 'OFFICE.NOT_FOUND');
    });
  });
});
