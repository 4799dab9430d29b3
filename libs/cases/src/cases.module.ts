import { Module } from '@nestjs/common';
import { EventStoreModule } from '@casetrail/event-store';
import { CaseRepository } from './case-repository';
import { CaseSnapshots } from './case-snapshots';
import { Clock, SystemClock } from './clock';

@Module({
  imports: [EventStoreModule],
  providers: [CaseRepository, CaseSnapshots, { provide: Clock, useClass: SystemClock }],
  exports: [CaseRepository, CaseSnapshots, Clock, EventStoreModule],
})
export class CasesModule {}
