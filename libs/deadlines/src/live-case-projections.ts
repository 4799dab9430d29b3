import { caseProjections, type CaseProjection } from '@casetrail/read-models';
import { DEFAULT_CASE_POLICY, type AlertEscalationPolicy } from '@casetrail/domain';
import { DeadlinesProjection, type PolicyAt } from './deadlines.projection';

export interface LiveCaseProjectionSettings {
  /** Fixed escalation windows (AppConfig.casePolicy), for tools and tests without a policy stream. */
  policy?: AlertEscalationPolicy;
  /** The published policy in effect (the projector's PolicyBook); overrides `policy`. */
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
  policy = DEFAULT_CASE_POLICY,
  policyAt,
}: LiveCaseProjectionSettings = {}): CaseProjection[] {
  return [new DeadlinesProjection(policyAt ?? policy), ...caseProjections()];
}
