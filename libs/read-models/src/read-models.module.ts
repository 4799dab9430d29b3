import { Module } from '@nestjs/common';
import { AppConfig } from '@casetrail/config';
import { EventStoreModule, PostgresEventStore } from '@casetrail/event-store';
import type { CaseProjection } from './case-change';
import { CaseEventApplier } from './case-event-applier';
import { AlertsProjection } from './alerts/alerts.projection';
import { CaseWorklistProjection } from './case-worklist/case-worklist.projection';
import { DEFAULT_ALERT_ACK_WINDOW_MS, DeadlinesProjection } from './deadlines/deadlines.projection';
import { DetainerOutcomesProjection } from './detainer-outcomes/detainer-outcomes.projection';
import { OfficerCaseloadProjection } from './officer-caseload/officer-caseload.projection';
import { RcaComplianceProjection } from './rca-compliance/rca-compliance.projection';
import { ReleaseOverridesProjection } from './release-overrides/release-overrides.projection';

export interface CaseProjectionSettings {
  /** ALERT_ACK_WINDOW_MS: how long a missed-check-in alert may stay unacknowledged. */
  alertAckWindowMs?: number;
}

/**
 * Every read model fed by case changes, in the order they are applied. Deadlines come before
 * alerts because the scheduler locks a deadline, then its alert: taking a case's rows in the same
 * order keeps the two from deadlocking over one case. (Across cases a deadlock stays possible, if
 * rare; Postgres then aborts one side, and both retry: a projector batch is redelivered, a
 * deadline stays pending.)
 */
export function caseProjections({
  alertAckWindowMs = DEFAULT_ALERT_ACK_WINDOW_MS,
}: CaseProjectionSettings = {}): CaseProjection[] {
  return [
    new OfficerCaseloadProjection(),
    new CaseWorklistProjection(),
    new DeadlinesProjection(alertAckWindowMs),
    new AlertsProjection(),
    new ReleaseOverridesProjection(),
    new RcaComplianceProjection(),
    new DetainerOutcomesProjection(),
  ];
}

@Module({
  imports: [EventStoreModule],
  providers: [
    {
      provide: CaseEventApplier,
      inject: [PostgresEventStore, AppConfig],
      useFactory: (eventStore: PostgresEventStore, config: AppConfig) =>
        new CaseEventApplier(caseProjections({ alertAckWindowMs: config.ALERT_ACK_WINDOW_MS }), eventStore),
    },
  ],
  exports: [CaseEventApplier],
})
export class ReadModelsModule {}
