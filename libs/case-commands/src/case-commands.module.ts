import { Module } from '@nestjs/common';
import { EventStoreModule } from '@casetrail/event-store';
import { CaseRepository } from './case-repository';
import { CaseSnapshots } from './case-snapshots';
import { PolicyBook } from './policy/policy-book';
import { Clock, SystemClock } from './clock';
import { PersonalDataVault } from './personal-data';
import { AppConfig } from '@casetrail/config';

@Module({
  imports: [EventStoreModule],
  providers: [
    CaseRepository,
    CaseSnapshots,
    PolicyBook,
    { provide: Clock, useClass: SystemClock },
    {
      provide: PersonalDataVault,
      useFactory: (config: AppConfig) => new PersonalDataVault(config.personalDataKey),
      inject: [AppConfig],
    },
  ],
  exports: [CaseRepository, CaseSnapshots, PolicyBook, Clock, PersonalDataVault, EventStoreModule],
})
export class CaseCommandsModule {}
