import { Module } from '@nestjs/common';
import { EventStoreModule, PostgresEventStore } from '@casetrail/event-store';
import type { CaseProjection } from './case-change';
import { CaseEventApplier } from './case-event-applier';
import { OfficerCaseloadProjection } from './officer-caseload/officer-caseload.projection';

/** Every read model fed by case events, in the order they are applied. */
export function caseProjections(): CaseProjection[] {
  return [new OfficerCaseloadProjection()];
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
