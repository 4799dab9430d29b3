import { evolve, initialCaseState, type CaseEvent } from '@casetrail/domain';
import {
  caseOpened,
  checkInMissed,
  detainerResponded,
  detentionBooked,
  RCA_DUE_AT,
  riskClassificationCompleted,
  subjectReleased,
} from '@casetrail/domain/case/case.test-data';
import { custodyDeterminationRecorded } from '@casetrail/domain/case/case.docket.test-data';
import { measuresOf } from './monthly-oversight.projection';

/** The measures `event` adds one to, on a case with `history`. */
function measuresAfter(history: CaseEvent[], event: CaseEvent) {
  return measuresOf({ event, before: history.reduce(evolve, initialCaseState) });
}

const detained = [caseOpened(), detentionBooked()];

describe('what the monthly oversight report counts', () => {
  it('counts a release, and one against the RCA by each of its reason codes', () => {
    expect(measuresAfter(detained, subjectReleased())).toEqual(['releases']);
    const override = {
      reasonCodes: ['MEDICAL_CONDITION' as const],
      narrative: 'n',
      requestedBy: 'o',
      requestedAt: RCA_DUE_AT,
      approvedBy: 's',
      approvedAt: RCA_DUE_AT,
    };
    expect(measuresAfter(detained, subjectReleased({ overrideRequestId: 'r', override }))).toEqual([
      'releases',
      'releasesAgainstRca',
      'releasesAgainstRca_MEDICAL_CONDITION',
    ]);
  });

  it('counts the first RCA of a booking, within the window or not, and not a revision', () => {
    expect(measuresAfter(detained, riskClassificationCompleted({ completedAt: RCA_DUE_AT }))).toEqual([
      'rcasCompleted',
      'rcasCompletedWithinWindow',
    ]);
    expect(
      measuresAfter(detained, riskClassificationCompleted({ completedAt: '2026-11-26T10:00:01.000Z' })),
    ).toEqual(['rcasCompleted']);
    expect(
      measuresAfter([...detained, riskClassificationCompleted()], riskClassificationCompleted()),
    ).toEqual([]);
  });

  it('counts custody determinations by decision, missed check-ins and declined detainers only', () => {
    expect(measuresAfter(detained, custodyDeterminationRecorded({ decision: 'RELEASE_ON_ATD' }))).toEqual([
      'custodyDeterminations',
      'custodyDeterminations_RELEASE_ON_ATD',
    ]);
    expect(measuresAfter(detained, checkInMissed())).toEqual(['missedCheckIns']);
    expect(measuresAfter(detained, detainerResponded({ response: 'DECLINED' }))).toEqual([
      'detainersDeclined',
    ]);
    expect(measuresAfter(detained, detainerResponded({ response: 'HONORED' }))).toEqual([]);
  });
});
