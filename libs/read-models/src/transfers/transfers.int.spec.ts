import { randomUUID } from 'node:crypto';
import { rcaOverdueAlertId, type CaseEvent } from '@casetrail/domain';
import {
  caseClosed,
  caseOpened,
  detentionBooked,
  RCA_DUE_AT,
  riskClassificationOverdue,
  transferAccepted,
  transferDeclined,
  transferRequested,
  transferWithdrawn,
} from '@casetrail/domain/case/case.test-data';
import { findAlerts, findOfficerCaseloads, findTransfers, type TransferFilter } from '@casetrail/read-models';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

/** A detained case of WAS with its RCA overdue (an open alert), and a transfer to ATL requested. */
const requested = (caseId: string, transferId = 't-1'): CaseEvent[] => [
  caseOpened({ caseId, officeId: 'WAS', officerId: 'WAS-DET-1' }),
  detentionBooked({ caseId }),
  riskClassificationOverdue({ caseId, alertId: rcaOverdueAlertId(caseId, RCA_DUE_AT) }),
  transferRequested({ caseId, transferId, fromOfficerId: 'WAS-DET-1', toOfficeId: 'ATL' }),
];

describe('transfers', () => {
  let projector: CaseProjectionTestContext;
  const transfers = (filter: Partial<TransferFilter> = {}) =>
    findTransfers(projector.db, { limit: 100, offset: 0, ...filter });
  const transfersOf = async (caseId: string, filter: Partial<TransferFilter> = {}) =>
    (await transfers(filter)).filter((transfer) => transfer.caseId === caseId);

  beforeAll(async () => {
    projector = await startCaseProjection();
  });

  afterAll(async () => {
    await projector.close();
  });

  describe('when a transfer is requested', () => {
    it('lists it as pending, incoming for the receiving office and outgoing for the sending one', async () => {
      const caseId = randomUUID();
      await projector.project(requested(caseId));

      const pending = {
        caseId,
        transferId: 't-1',
        status: 'PENDING',
        fromOfficeId: 'WAS',
        fromOfficerId: 'WAS-DET-1',
        toOfficeId: 'ATL',
        reason: 'Subject moved to Georgia',
        requestedBy: 'officer-1',
        toOfficerId: null,
        settledBy: null,
        settledAt: null,
        declineReason: null,
      };
      expect(await transfersOf(caseId, { officeId: 'ATL', direction: 'incoming' })).toEqual([
        expect.objectContaining(pending),
      ]);
      expect(await transfersOf(caseId, { officeId: 'WAS', direction: 'outgoing' })).toEqual([
        expect.objectContaining(pending),
      ]);
      expect(await transfersOf(caseId, { officeId: 'WAS', direction: 'incoming' })).toEqual([]);
      expect(await transfersOf(caseId, { offices: ['SEA'] })).toEqual([]);
    });

    it('leaves the case, its caseload and its alerts where they were', async () => {
      const caseId = randomUUID();
      await projector.project(requested(caseId));
      expect(await findAlerts(projector.db, { limit: 100, offset: 0 })).toContainEqual(
        expect.objectContaining({ caseId, officeId: 'WAS', officerId: 'WAS-DET-1' }),
      );
    });
  });

  describe('when the receiving office accepts', () => {
    it('marks the transfer accepted and moves the caseload and the open alerts with the case', async () => {
      const caseId = randomUUID();
      const officerId = `ATL-ND-${caseId.slice(0, 4)}`;
      await projector.project(requested(caseId));
      // The acceptance arrives in a later batch.
      await projector.project(
        [transferAccepted({ caseId, transferId: 't-1', fromOfficerId: 'WAS-DET-1', toOfficerId: officerId })],
        5,
      );

      expect(await transfersOf(caseId, { officeId: 'ATL', status: 'ACCEPTED' })).toEqual([
        expect.objectContaining({ status: 'ACCEPTED', toOfficerId: officerId, settledBy: 'supervisor-atl' }),
      ]);
      expect(await transfersOf(caseId, { status: 'PENDING' })).toEqual([]);
      expect(
        await findOfficerCaseloads(projector.db, { officeId: 'ATL', limit: 100, offset: 0 }),
      ).toContainEqual(expect.objectContaining({ officerId, detained: 1, total: 1 }));
      expect(await findAlerts(projector.db, { limit: 100, offset: 0 })).toContainEqual(
        expect.objectContaining({ caseId, officeId: 'ATL', officerId }),
      );
    });
  });

  describe('when the transfer ends otherwise', () => {
    it.each([
      ['declined', transferDeclined, 'DECLINED'],
      ['withdrawn', transferWithdrawn, 'WITHDRAWN'],
    ] as const)('keeps a %s transfer, no longer pending', async (_how, settle, status) => {
      const caseId = randomUUID();
      await projector.project([...requested(caseId), settle({ caseId, transferId: 't-1' })]);
      expect(await transfersOf(caseId)).toEqual([expect.objectContaining({ status })]);
      expect(await transfersOf(caseId, { status: 'PENDING' })).toEqual([]);
    });

    it('records why a transfer was declined', async () => {
      const caseId = randomUUID();
      await projector.project([...requested(caseId), transferDeclined({ caseId, transferId: 't-1' })]);
      expect(await transfersOf(caseId)).toEqual([
        expect.objectContaining({
          declineReason: 'No capacity on the non-detained docket this month',
          settledBy: 'supervisor-atl',
        }),
      ]);
    });

    it('lapses a pending transfer when the case is closed', async () => {
      const caseId = randomUUID();
      await projector.project([...requested(caseId), caseClosed({ caseId })]);
      expect(await transfersOf(caseId)).toEqual([expect.objectContaining({ status: 'LAPSED' })]);
    });

    it('lists a later request beside the one declined before it', async () => {
      const caseId = randomUUID();
      await projector.project([
        ...requested(caseId),
        transferDeclined({ caseId, transferId: 't-1' }),
        transferRequested({ caseId, transferId: 't-2', toOfficeId: 'SEA' }),
      ]);
      expect((await transfersOf(caseId)).map(({ transferId, status }) => ({ transferId, status }))).toEqual([
        { transferId: 't-1', status: 'DECLINED' },
        { transferId: 't-2', status: 'PENDING' },
      ]);
    });
  });
});
