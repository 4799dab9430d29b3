import { caseProjections, type CaseProjection } from '@casetrail/read-models';
import { DEFAULT_ALERT_ACK_WINDOW_MS, DeadlinesProjection, type PolicyAt } from './deadlines.projection';

export interface LiveCaseProjectionSettings {
  /** ALERT_ACK_WINDOW_MS: how long a missed-check-in alert may stay unacknowledged. */
  alertAckWindowMs?: number;
  /** The published policy in effect (the projector's PolicyBook); overrides alertAckWindowMs. */
  policyAt?: PolicyAt;
}

/**
 * What the live projector applies: the scheduler's deadlines, then every read model. Deadlines come
 * before alerts because the scheduler locks a deadline, then its alert: taking a case's rows in the
 * same order keeps the two from deadlocking over one case. (Across cases a deadlock stays possible,
 * if rare; Postgres then aborts one side, and both retry: a projector batch is redelivered, a
 * deadline stays pending.)
 */
export function liveCaseProjections({
  alertAckWindowMs = DEFAULT_ALERT_ACK_WINDOW_MS,
  policyAt,
}: LiveCaseProjectionSettings = {}): CaseProjection[] {
  return [new DeadlinesProjection(policyAt ?? alertAckWindowMs), ...caseProjections()];
}
