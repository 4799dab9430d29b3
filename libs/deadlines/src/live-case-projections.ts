import { caseProjections, type CaseProjection } from '@casetrail/read-models';
import { DEFAULT_ALERT_ACK_WINDOW_MS, DeadlinesProjection } from './deadlines.projection';

export interface LiveCaseProjectionSettings {
  /** ALERT_ACK_WINDOW_MS: how long a missed-check-in alert may stay unacknowledged. */
  alertAckWindowMs?: number;
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
}: LiveCaseProjectionSettings = {}): CaseProjection[] {
  return [new DeadlinesProjection(alertAckWindowMs), ...caseProjections()];
}
