/*
 * Absconding: a supervised subject who stops reporting is suspected of absconding once the policy's
 * thresholds are crossed; a supervisor determines whether they absconded, and an absconder's case
 * moves to the FUGITIVE docket (and is referred for arrest) until a detention is booked.
 */

/** Which threshold raised the suspicion: misses in a row, or days since the last contact. */
export const ABSCONDING_BASES = ['CONSECUTIVE_MISSES', 'DAYS_WITHOUT_CONTACT'] as const;
export type AbscondingBasis = (typeof ABSCONDING_BASES)[number];

export const ABSCONDING_DECISIONS = ['ABSCONDED', 'NOT_ABSCONDED'] as const;
export type AbscondingDecision = (typeof ABSCONDING_DECISIONS)[number];

/** Appended with the CheckInMissed that crossed a threshold, when no suspicion is open. */
export interface AbscondingSuspected {
  type: 'AbscondingSuspected';
  version: 1;
  data: {
    caseId: string;
    /** The supervisors' alert; derived from the deadline of the miss that crossed the threshold. */
    alertId: string;
    basis: AbscondingBasis;
    /** Misses in a row, the crossing one included. */
    consecutiveMisses: number;
    /** The latest check-in, or the start of supervision when there was none. */
    lastContactAt: string;
    /** The deadline of the miss that crossed the threshold. */
    missedDueAt: string;
    suspectedAt: string;
  };
}

/** A supervisor's answer to an open suspicion; ABSCONDED moves the case to the FUGITIVE docket. */
export interface AbscondingDetermined {
  type: 'AbscondingDetermined';
  version: 1;
  data: {
    caseId: string;
    /** The suspicion's alert the determination answers. */
    alertId: string;
    decision: AbscondingDecision;
    /** Trimmed; at least OVERRIDE_NARRATIVE_MIN_LENGTH characters. Stays in Casetrail. */
    narrative: string;
    /** The absconder referral sent for arrest; ABSCONDED only. */
    referralId?: string;
    determinedBy: string;
    determinedAt: string;
  };
}

export type AbscondingEvent = AbscondingSuspected | AbscondingDetermined;
