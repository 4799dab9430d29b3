import { randomUUID } from 'node:crypto';
import {
  caseOpened,
  detainerRequested,
  detainerResponded,
  detentionBooked,
} from '@casetrail/domain/case/case.test-data';
import { findDetainerOutcomes } from '@casetrail/read-models';
import { startCaseProjection, type CaseProjectionTestContext } from '@casetrail/testing';

describe('detainer outcomes', () => {
  let projector: CaseProjectionTestContext;

  beforeAll(async () => {
    projector = await startCaseProjection();
    const first = randomUUID();
    await projector.project([
      caseOpened({ caseId: first }),
      detainerRequested({ caseId: first, detainerId: 'd-1', jurisdictionId: 'VA-FAIRFAX-COUNTY' }),
      detainerResponded({
        caseId: first,
        detainerId: 'd-1',
        jurisdictionId: 'VA-FAIRFAX-COUNTY',
        response: 'DECLINED',
      }),
      detainerRequested({ caseId: first, detainerId: 'd-2', jurisdictionId: 'GA-FULTON-COUNTY' }),
      detainerResponded({
        caseId: first,
        detainerId: 'd-2',
        jurisdictionId: 'GA-FULTON-COUNTY',
        response: 'HONORED',
      }),
      detentionBooked({ caseId: first }),
    ]);
    const second = randomUUID();
    await projector.project([
      caseOpened({ caseId: second }),
      // Detainer ids are the case's own: another case may use the same one.
      detainerRequested({ caseId: second, detainerId: 'd-1', jurisdictionId: 'VA-FAIRFAX-COUNTY' }),
      detainerRequested({ caseId: second, detainerId: 'd-2', jurisdictionId: 'VA-FAIRFAX-COUNTY' }),
      // A response to a detainer the case never requested is not counted anywhere.
      detainerResponded({
        caseId: second,
        detainerId: 'd-9',
        jurisdictionId: 'GA-FULTON-COUNTY',
        response: 'DECLINED',
      }),
    ]);
    // The response arrives in a later batch.
    await projector.project(
      [
        detainerResponded({
          caseId: second,
          detainerId: 'd-1',
          jurisdictionId: 'VA-FAIRFAX-COUNTY',
          response: 'DECLINED',
        }),
      ],
      5,
    );
  });

  afterAll(async () => {
    await projector.close();
  });

  it('counts requested, honored, declined and pending detainers per jurisdiction, the most declined first', async () => {
    expect(await findDetainerOutcomes(projector.db, { limit: 100, offset: 0 })).toEqual([
      { jurisdictionId: 'VA-FAIRFAX-COUNTY', requested: 3, honored: 0, declined: 2, pending: 1 },
      { jurisdictionId: 'GA-FULTON-COUNTY', requested: 1, honored: 1, declined: 0, pending: 0 },
    ]);
  });

  it('filters by jurisdiction', async () => {
    expect(
      await findDetainerOutcomes(projector.db, { jurisdictionId: 'GA-FULTON-COUNTY', limit: 100, offset: 0 }),
    ).toEqual([{ jurisdictionId: 'GA-FULTON-COUNTY', requested: 1, honored: 1, declined: 0, pending: 0 }]);
  });
});
