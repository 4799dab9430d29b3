import { Module } from '@nestjs/common';
import { EventStoreModule, PostgresEventStore } from '@casetrail/event-store';
import type { CaseProjection } from './case-change';
import { CaseEventApplier } from './case-event-applier';
import { AlertsProjection } from './alerts/alerts.projection';
import { CaseWorklistProjection } from './case-worklist/case-worklist.projection';
import { DetainerOutcomesProjection } from './detainer-outcomes/detainer-outcomes.projection';
import { OfficerCaseloadProjection } from './officer-caseload/officer-caseload.projection';
import { RcaComplianceProjection } from './rca-compliance/rca-compliance.projection';
import { ReleaseOverridesProjection } from './release-overrides/release-overrides.projection';

/** Every read model fed by case events, in the order they are applied. */
export function caseProjections(): CaseProjection[] {
  return [
    new OfficerCaseloadProjection(),
    new CaseWorklistProjection(),
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
      inject: [PostgresEventStore],
      useFactory: (eventStore: PostgresEventStore) => new CaseEventApplier(caseProjections(), eventStore),
    },
  ],
  exports: [CaseEventApplier],
})
export class ReadModelsModule {}
