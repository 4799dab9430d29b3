import type { AbscondingDecision } from './case.absconding-events';

/** A supervisor's determination of the case's open absconding suspicion. */
export interface DetermineAbsconding {
  type: 'DetermineAbsconding';
  data: { decision: AbscondingDecision; narrative: string; determinedAt: string };
}

export type AbscondingCommand = DetermineAbsconding;
