import { randomUUID } from 'node:crypto';
import { rcaOverdueAlertId, type CaseEvent } from '@casetrail/domain';
import {
  caseClosed,
  caseOpened,
  caseReassigned,
  checkInMissed,
  checkInRecorded,
  detentionBooked,
  FIRST_CHECK_IN_DUE_AT,
  missedCheckInAcknowledged,
  RCA_DUE_AT,
  riskClassificationCompleted,
  riskClassificationOverdue,
  SECOND_CHECK_IN_DUE_AT,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { findOfficerDocket } from '@casetrail/read-models';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

const OFFICER = 'WAS-ND-1';

const released = (caseId: string, officerId = OFFICER): CaseEvent[] => [
  caseOpened({ caseId, officeId: 'WAS', officerId }),
  detentionBooked({ caseId }),
  riskClassificationCompleted({ caseId }),
  subjectReleased({ caseId }),
];

describe('officer docket worklist', () => {
  let projector: CaseProjectionTestContext;
  const dueFirst = randomUUID();
  const checkedIn = randomUUID();
  const missedTwice = randomUUID();
  const closed = randomUUID();
  const reassigned = randomUUID();
  const detainedOverdue = randomUUID();
  const detainedOnTime = randomUUID();

  const docket = (docket: 'PENDING' | 'DETAINED' | 'NON_DETAINED', officerId = OFFICER) =>
    findOfficerDocket(projector.db, { officerId, docket, limit: 100, offset: 0 });

  beforeAll(async () => {
    projector = await startCaseProjection();
    await projector.project(released(dueFirst));
    await projector.project([
      ...released(checkedIn),
      checkInRecorded({
        caseId: checkedIn,
        checkedInAt: '2026-11-29T15:00:00.000Z',
        nextDueAt: '2026-12-06T15:00:00.000Z',
      }),
    ]);
    await projector.project([
      ...released(missedTwice),
      checkInMissed({ caseId: missedTwice }),
      missedCheckInAcknowledged({
        caseId: missedTwice,
        alertId: `mci:${missedTwice}:${FIRST_CHECK_IN_DUE_AT}`,
      }),
    ]);
    // The second miss arrives in a later batch: the row is updated, not duplicated.
    await projector.project(
      [
        checkInMissed({
          caseId: missedTwice,
          alertId: `mci:${missedTwice}:${SECOND_CHECK_IN_DUE_AT}`,
          dueAt: SECOND_CHECK_IN_DUE_AT,
          consecutiveMisses: 2,
          nextDueAt: '2026-12-14T09:00:00.000Z',
        }),
      ],
      7,
    );
    await projector.project([...released(closed), caseClosed({ caseId: closed })]);
    await projector.project([
      ...released(reassigned),
      caseReassigned({
        caseId: reassigned,
        fromOfficerId: OFFICER,
        toOfficeId: 'WAS',
        toOfficerId: 'WAS-ND-2',
      }),
    ]);
    await projector.project([
      caseOpened({ caseId: detainedOverdue, officeId: 'WAS', officerId: OFFICER }),
      detentionBooked({ caseId: detainedOverdue }),
      riskClassificationOverdue({
        caseId: detainedOverdue,
        alertId: rcaOverdueAlertId(detainedOverdue, RCA_DUE_AT),
      }),
    ]);
    await projector.project([
      caseOpened({ caseId: detainedOnTime, officeId: 'WAS', officerId: OFFICER }),
      detentionBooked({ caseId: detainedOnTime }),
    ]);
  });

  afterAll(async () => {
    await projector.close();
  });

  it('lists the officer’s supervised cases, the soonest check-in due first, without subject identity', async () => {
    expect(await docket('NON_DETAINED')).toEqual([
      {
        caseId: dueFirst,
        officeId: 'WAS',
        docket: 'NON_DETAINED',
        nextCheckInDueAt: FIRST_CHECK_IN_DUE_AT,
        lastCheckInAt: null,
        consecutiveMisses: 0,
        openAlert: null,
        priorityFlags: [],
        coveredFor: null,
      },
      {
        caseId: checkedIn,
        officeId: 'WAS',
        docket: 'NON_DETAINED',
        nextCheckInDueAt: '2026-12-06T15:00:00.000Z',
        lastCheckInAt: '2026-11-29T15:00:00.000Z',
        consecutiveMisses: 0,
        openAlert: null,
        priorityFlags: [],
        coveredFor: null,
      },
      {
        caseId: missedTwice,
        officeId: 'WAS',
        docket: 'NON_DETAINED',
        nextCheckInDueAt: '2026-12-14T09:00:00.000Z',
        lastCheckInAt: null,
        consecutiveMisses: 2,
        openAlert: {
          alertId: `mci:${missedTwice}:${FIRST_CHECK_IN_DUE_AT}`,
          kind: 'MISSED_CHECK_IN',
          status: 'RAISED',
        },
        priorityFlags: [],
        coveredFor: null,
      },
    ]);
  });

  it('shows an acknowledged missed check-in as acknowledged', async () => {
    const caseId = randomUUID();
    await projector.project([
      ...released(caseId, 'WAS-ND-9'),
      checkInMissed({ caseId, alertId: `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}` }),
      missedCheckInAcknowledged({ caseId, alertId: `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}` }),
    ]);
    const [entry] = await docket('NON_DETAINED', 'WAS-ND-9');
    expect(entry.openAlert).toEqual({
      alertId: `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
      kind: 'MISSED_CHECK_IN',
      status: 'ACKNOWLEDGED',
    });
  });

  it('moves a reassigned case to its new officer’s worklist', async () => {
    expect((await docket('NON_DETAINED', 'WAS-ND-2')).map((row) => row.caseId)).toEqual([reassigned]);
  });

  it('lists detained cases on their own docket, with an overdue RCA as the open alert', async () => {
    const detained = await docket('DETAINED');
    expect(detained.map((row) => row.caseId).sort()).toEqual([detainedOverdue, detainedOnTime].sort());
    expect(detained.find((row) => row.caseId === detainedOverdue)).toMatchObject({
      nextCheckInDueAt: null,
      openAlert: {
        alertId: rcaOverdueAlertId(detainedOverdue, RCA_DUE_AT),
        kind: 'RCA_OVERDUE',
        status: 'RAISED',
      },
    });
    expect(detained.find((row) => row.caseId === detainedOnTime)?.openAlert).toBeNull();
  });

  it('drops closed cases from every docket', async () => {
    const all = [
      ...(await docket('PENDING')),
      ...(await docket('DETAINED')),
      ...(await docket('NON_DETAINED')),
    ];
    expect(all.map((row) => row.caseId)).not.toContain(closed);
  });

  it('pages through the worklist in the same order', async () => {
    const page = await findOfficerDocket(projector.db, {
      officerId: OFFICER,
      docket: 'NON_DETAINED',
      limit: 1,
      offset: 1,
    });
    expect(page.map((row) => row.caseId)).toEqual([checkedIn]);
  });
});
