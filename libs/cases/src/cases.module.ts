import { Module } from '@nestjs/common';
import { EventStoreModule } from '@casetrail/event-store';
import { CaseRepository } from './case-repository';
import { Clock, SystemClock } from './clock';

@Module({
  imports: [EventStoreModule],
  providers: [CaseRepository, { provide: Clock, useClass: SystemClock }],
  exports: [CaseRepository, Clock, EventStoreModule],
})
export class CasesModule {}
