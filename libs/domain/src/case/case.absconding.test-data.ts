import type { DetermineAbsconding } from './case.absconding-commands';
import type { AbscondingDecision, AbscondingDetermined, AbscondingSuspected } from './case.absconding-events';
import {
  caseId,
  checkInMissed,
  FIRST_CHECK_IN_DUE_AT,
  RELEASED_AT,
  SECOND_CHECK_IN_DUE_AT,
  underSupervision,
} from './case.test-data';

/*
 * Absconding on the timeline of `case.test-data.ts`: released at RELEASED_AT with weekly check-ins
 * (24 hours' grace), the subject misses the first three, and the third crosses the default
 * threshold of three misses in a row.
 */
export const THIRD_CHECK_IN_DUE_AT = '2026-12-14T09:00:00.000Z';
export const FOURTH_CHECK_IN_DUE_AT = '2026-12-21T09:00:00.000Z';
export const THIRD_CHECK_IN_MISSED_AT = '2026-12-15T09:00:00.000Z';
export const DETERMINED_AT = '2026-12-15T12:00:00.000Z';
export const AFTER_DETERMINATION = '2026-12-16T12:00:00.000Z';

/** 131 characters: past the same floor as an override's narrative. */
export const abscondingNarrative =
  'Three home visits found the address vacant, the sponsor has not seen the subject since November ' +
  'and the phone number is disconnected.';

export const missedThreeTimes = [
  ...underSupervision,
  checkInMissed(),
  checkInMissed({
    dueAt: SECOND_CHECK_IN_DUE_AT,
    detectedAt: '2026-12-08T09:00:00.000Z',
    consecutiveMisses: 2,
    nextDueAt: THIRD_CHECK_IN_DUE_AT,
  }),
  checkInMissed({
    alertId: `mci:${caseId}:${FIRST_CHECK_IN_DUE_AT}`,
    dueAt: THIRD_CHECK_IN_DUE_AT,
    detectedAt: THIRD_CHECK_IN_MISSED_AT,
    consecutiveMisses: 3,
    nextDueAt: FOURTH_CHECK_IN_DUE_AT,
  }),
];

export const SUSPICION_ALERT_ID = `abs:${caseId}:${THIRD_CHECK_IN_DUE_AT}`;

export function abscondingSuspected(data: Partial<AbscondingSuspected['data']> = {}): AbscondingSuspected {
  return {
    type: 'AbscondingSuspected',
    version: 1,
    data: {
      caseId,
      alertId: SUSPICION_ALERT_ID,
      basis: 'CONSECUTIVE_MISSES',
      consecutiveMisses: 3,
      lastContactAt: RELEASED_AT,
      missedDueAt: THIRD_CHECK_IN_DUE_AT,
      suspectedAt: THIRD_CHECK_IN_MISSED_AT,
      ...data,
    },
  };
}

export const suspectedOfAbsconding = [...missedThreeTimes, abscondingSuspected()];

export function abscondingDetermined(
  decision: AbscondingDecision = 'ABSCONDED',
  data: Partial<AbscondingDetermined['data']> = {},
): AbscondingDetermined {
  return {
    type: 'AbscondingDetermined',
    version: 1,
    data: {
      caseId,
      alertId: SUSPICION_ALERT_ID,
      decision,
      narrative: abscondingNarrative,
      ...(decision === 'ABSCONDED' ? { referralId: `ref:${SUSPICION_ALERT_ID}` } : {}),
      determinedBy: 'supervisor-1',
      determinedAt: DETERMINED_AT,
      ...data,
    },
  };
}

export const fugitive = [...suspectedOfAbsconding, abscondingDetermined()];

export function determineAbsconding(
  decision: AbscondingDecision = 'ABSCONDED',
  data: Partial<DetermineAbsconding['data']> = {},
): DetermineAbsconding {
  return {
    type: 'DetermineAbsconding',
    data: { decision, narrative: abscondingNarrative, determinedAt: DETERMINED_AT, ...data },
  };
}
